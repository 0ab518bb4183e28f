package org.kronika.command.checkpoint;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/** The {@code checkpoints} table: every checkpoint signed, as signed, and whether it is on its topic yet. */
@Component
public class CheckpointStore {

    private static final String COLUMNS = "id, issued_at, reason, root, size, key_id, jws";
    private static final RowMapper<Stored> STORED = (rs, n) -> new Stored(rs.getLong(1),
            rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6),
            rs.getString(7));

    private final JdbcTemplate jdbc;

    public CheckpointStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A signed checkpoint as stored; {@code jws} is the checkpoint itself, the rest repeats part of it. */
    public record Stored(long id, Instant issuedAt, String reason, String root, int size, String keyId, String jws) {
    }

    /** A checkpoint not yet on its topic, and the event store positions of the heads it signs. */
    public record Pending(long id, String reason, String jws, List<Long> headPositions) {
    }

    /**
     * Stores a signed checkpoint. With a trigger event that already caused one (its handling was retried), nothing
     * is stored and the answer is empty.
     */
    public OptionalLong insert(Instant issuedAt, String reason, String root, int size, String keyId, String jws,
                               List<Long> headPositions, String triggerEvent) {
        List<Long> ids = jdbc.queryForList("""
                        INSERT INTO checkpoints (issued_at, reason, root, size, key_id, jws, head_positions, trigger_event)
                        VALUES (?, ?, ?, ?, ?, ?, CAST(? AS BIGINT[]), ?)
                        ON CONFLICT (trigger_event) DO NOTHING RETURNING id""", Long.class,
                Timestamp.from(issuedAt), reason, root, size, keyId, jws,
                headPositions.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}")), triggerEvent);
        return ids.isEmpty() ? OptionalLong.empty() : OptionalLong.of(ids.get(0));
    }

    /**
     * The keys whose checkpoints count: their ids, and when each retired one that says so stopped signing (a row it
     * signed since is no checkpoint of Kronika's).
     */
    public record Signers(Collection<String> keyIds, Map<String, Instant> retiredAt) {
    }

    /**
     * The checkpoint signed last by one of the signers while it signed, as stored (its JWS may still say otherwise:
     * verify it). Rows of other keys, however many, are not looked at; nor are rows a retired key signed since.
     */
    public Optional<String> lastJwsOfKeys(Signers signers) {
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT jws FROM checkpoints WHERE " + SIGNED_BY
                    + " ORDER BY id DESC LIMIT 1");
            bind(connection, statement, 1, signers);
            return statement;
        }, (rs, n) -> rs.getString(1)).stream().findFirst();
    }

    /** A row one of the signers signed while it signed: its three parameters are bound by {@link #bind}. */
    private static final String SIGNED_BY = "(key_id = ANY(?) AND NOT EXISTS (SELECT 1 FROM unnest(?::varchar[], "
            + "?::timestamptz[]) AS retired(key_id, at) WHERE retired.key_id = checkpoints.key_id "
            + "AND checkpoints.issued_at >= retired.at))";

    /**
     * Binds the signers to {@link #SIGNED_BY}'s three parameters from {@code first} on, and answers the next; the
     * retirement times as ISO-8601 text with its offset (a {@code Timestamp} is sent as the JVM's local wall time, an
     * hour off once a year where clocks go back).
     */
    private static int bind(java.sql.Connection connection, java.sql.PreparedStatement statement, int first,
                            Signers signers) throws java.sql.SQLException {
        List<String> retired = List.copyOf(signers.retiredAt().keySet());
        statement.setArray(first, connection.createArrayOf("varchar", signers.keyIds().toArray()));
        statement.setArray(first + 1, connection.createArrayOf("varchar", retired.toArray()));
        statement.setArray(first + 2, connection.createArrayOf("varchar",
                retired.stream().map(id -> signers.retiredAt().get(id).toString()).toArray()));
        return first + 3;
    }

    /** The last periodic checkpoint's time, up to {@code now}: a row dated later was not signed by this clock. */
    public Optional<Instant> lastPeriodic(Instant now) {
        return Optional.ofNullable(jdbc.queryForObject(
                "SELECT max(issued_at) FROM checkpoints WHERE reason = ? AND issued_at <= ?", Timestamp.class,
                Checkpoints.PERIODIC, Timestamp.from(now))).map(Timestamp::toInstant);
    }

    /** Checkpoints not yet on the topic, oldest first: they are published in the order they were signed. */
    public List<Pending> unpublished() {
        return jdbc.query("SELECT id, reason, jws, head_positions FROM checkpoints WHERE published_at IS NULL ORDER BY id",
                (rs, n) -> new Pending(rs.getLong(1), rs.getString(2), rs.getString(3), longs(rs.getArray(4))));
    }

    public void published(long id, Instant at) {
        jdbc.update("UPDATE checkpoints SET published_at = ? WHERE id = ? AND published_at IS NULL", Timestamp.from(at), id);
    }

    /**
     * The candidates for the latest published checkpoint signed at or before {@code at}, or for the latest of all
     * without it: at most {@code limit} rows of these keys, the likeliest first. The latest of all is the one signed
     * last, and checkpoints are stored in the order they are signed: by id. For a time, rows are found through the
     * issued_at column's index, so that an old time costs what a recent one does; but no signature covers that
     * column, so the caller decides by the time each candidate's JWS says. Rows whose key_id column names a key
     * outside the set are not read, however many, as when a checkpoint is signed; nor are rows a retired key signed
     * since its retirement.
     */
    public List<Stored> publishedCandidates(Instant at, Signers signers, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM checkpoints WHERE published_at IS NOT NULL AND " + SIGNED_BY
                + (at == null ? " ORDER BY id DESC" : " AND issued_at <= ? ORDER BY issued_at DESC, id DESC")
                + " LIMIT ?";
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement(sql);
            int parameter = bind(connection, statement, 1, signers);
            if (at != null) {
                statement.setTimestamp(parameter++, Timestamp.from(at));
            }
            statement.setInt(parameter, limit);
            return statement;
        }, STORED);
    }

    /** The id of the first checkpoint this key signed, if it signed any. */
    public OptionalLong firstIdOfKey(String keyId) {
        Long id = jdbc.queryForObject("SELECT min(id) FROM checkpoints WHERE key_id = ?", Long.class, keyId);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    /** The id of the checkpoint stored last, 0 before the first. */
    public long lastId() {
        Long id = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM checkpoints", Long.class);
        return id == null ? 0 : id;
    }

    /**
     * The keys that signed a checkpoint stored after the one of this id not as the signers sign: keys other than
     * theirs, and retired ones since their retirement.
     */
    public List<String> otherKeysAfter(long id, Signers signers) {
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement("SELECT DISTINCT key_id FROM checkpoints WHERE id > ? AND NOT "
                    + SIGNED_BY + " ORDER BY key_id");
            statement.setLong(1, id);
            bind(connection, statement, 2, signers);
            return statement;
        }, (rs, n) -> rs.getString(1));
    }

    /** Published checkpoints, the latest (the one signed last) first. */
    public List<Stored> publishedPage(int page, int size) {
        return jdbc.query("SELECT " + COLUMNS + " FROM checkpoints WHERE published_at IS NOT NULL "
                + "ORDER BY id DESC LIMIT ? OFFSET ?", STORED, size, (long) page * size);
    }

    public long publishedCount() {
        Long count = jdbc.queryForObject("SELECT count(*) FROM checkpoints WHERE published_at IS NOT NULL", Long.class);
        return count == null ? 0 : count;
    }

    /**
     * Takes a PostgreSQL advisory lock until the current transaction ends, if no other session holds it: how
     * several command-service instances agree that one of them does a job. Must run inside a transaction.
     */
    public boolean tryLock(long key) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, key));
    }

    /**
     * Waits for a PostgreSQL advisory lock held until the current transaction ends: for a job that must run now,
     * after whoever holds it. Must run inside a transaction.
     */
    public void lock(long key) {
        jdbc.query("SELECT pg_advisory_xact_lock(?)", (RowCallbackHandler) row -> {
        }, key);
    }

    private static List<Long> longs(Array array) throws java.sql.SQLException {
        return Arrays.asList((Long[]) array.getArray());
    }
}
