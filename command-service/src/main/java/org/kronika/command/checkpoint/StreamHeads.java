package org.kronika.command.checkpoint;

import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.kronika.command.project.ChainMetaData;
import org.kronika.events.ProgrammeEvent;
import org.kronika.events.checkpoint.Head;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where every stream of the event store stands: each aggregate's last event, its sequence and chain hash, read
 * from Axon's JDBC event store. Heads are keyed by the stream's subject: a project's id, or {@code programme:} and
 * the programme id for the programme's own stream.
 */
@Component
public class StreamHeads {

    private static final Logger log = LoggerFactory.getLogger(StreamHeads.class);

    /**
     * A loose index scan: the recursive part jumps from one aggregate to the next through the unique
     * (aggregateidentifier, sequencenumber) index, and the lateral part reads that aggregate's last row from the
     * same index, backwards. Two index descents per stream, whatever the number of events; DISTINCT ON or
     * max() per group would visit every index entry of the store. One statement, so one snapshot: every head read
     * is a committed event.
     */
    static final String LAST_EVENT_OF_EVERY_STREAM = """
            WITH RECURSIVE streams(aggregate) AS (
                (SELECT aggregateidentifier FROM domainevententry ORDER BY aggregateidentifier LIMIT 1)
                UNION ALL
                SELECT (SELECT e.aggregateidentifier FROM domainevententry e
                        WHERE e.aggregateidentifier > s.aggregate ORDER BY e.aggregateidentifier LIMIT 1)
                FROM streams s WHERE s.aggregate IS NOT NULL
            )
            SELECT last.aggregateidentifier, last.sequencenumber, last.globalindex, last.payloadtype, last.metadata
            FROM streams s CROSS JOIN LATERAL (
                SELECT e.aggregateidentifier, e.sequencenumber, e.globalindex, e.payloadtype, e.metadata
                FROM domainevententry e WHERE e.aggregateidentifier = s.aggregate
                ORDER BY e.sequencenumber DESC LIMIT 1) last
            """;

    private static final String ONE_EVENT = """
            SELECT aggregateidentifier, sequencenumber, globalindex, payloadtype, metadata
            FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = ?
            """;

    private static final String EVENTS_AT = """
            SELECT e.aggregateidentifier, e.sequencenumber, e.globalindex, e.payloadtype, e.metadata
            FROM unnest(?::text[], ?::bigint[]) AS wanted(aggregate, sequence)
            JOIN domainevententry e ON e.aggregateidentifier = wanted.aggregate AND e.sequencenumber = wanted.sequence
            """;

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final Map<String, Boolean> programmeTypes = new ConcurrentHashMap<>();

    public StreamHeads(JdbcTemplate jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /**
     * A stream's head, and where its event is in the store.
     *
     * @param aggregate the stream's aggregate in the event store (a programme stream's subject has a prefix)
     * @param position  the event's global index: the Kafka publisher's token is compared with it
     */
    public record StreamHead(Head head, String aggregate, long position) {
    }

    /** Every chained stream's head. A stream whose last event carries no hash (recorded before the chain) is left out. */
    public List<StreamHead> all() {
        return jdbc.query(LAST_EVENT_OF_EVERY_STREAM, row()).stream().filter(Objects::nonNull).toList();
    }

    /** One event as a head: the approval that a checkpoint must sign as its project's head. */
    public Optional<StreamHead> at(String aggregateId, long sequence) {
        return jdbc.query(ONE_EVENT, row(), aggregateId, sequence).stream().filter(Objects::nonNull).findFirst();
    }

    /**
     * The events at these (aggregate, sequence) positions as heads, in one statement through the unique index;
     * an event missing, or without a chain hash, is absent from the answer.
     */
    public List<StreamHead> atEach(List<String> aggregates, List<Long> sequences) {
        if (aggregates.isEmpty()) {
            return List.of();
        }
        return jdbc.query(connection -> {
            var statement = connection.prepareStatement(EVENTS_AT);
            statement.setArray(1, connection.createArrayOf("text", aggregates.toArray()));
            statement.setArray(2, connection.createArrayOf("bigint", sequences.toArray()));
            return statement;
        }, row()).stream().filter(Objects::nonNull).toList();
    }

    /**
     * The aggregates a signed head's stream may be stored under: a programme stream's subject has a prefix its
     * aggregate may lack, and a stream left out of the heads read now gives no aggregate of its own.
     */
    static List<String> aggregates(Head signed) {
        String subject = signed.projectId();
        return subject.startsWith(ProgrammeEvent.SUBJECT_PREFIX)
                ? List.of(subject, subject.substring(ProgrammeEvent.SUBJECT_PREFIX.length())) : List.of(subject);
    }

    private RowMapper<StreamHead> row() {
        return (rs, n) -> {
            String aggregate = rs.getString(1);
            long sequence = rs.getLong(2);
            MetaData metaData = serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(5), byte[].class,
                    MetaData.class.getName(), null));
            Object hash = metaData.get(ChainMetaData.HASH);
            if (hash == null) {
                log.warn("Stream {} is left out of checkpoints: its event {} carries no chain hash", aggregate, sequence);
                return null;
            }
            return new StreamHead(new Head(subject(aggregate, rs.getString(4)), sequence, hash.toString()), aggregate,
                    rs.getLong(3));
        };
    }

    /** A programme event's stream is keyed as its subject is published, {@code programme:{id}}. */
    private String subject(String aggregate, String payloadType) {
        boolean programme = programmeTypes.computeIfAbsent(payloadType, type -> {
            try {
                return ProgrammeEvent.class.isAssignableFrom(Class.forName(type, false, StreamHeads.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                return false;
            }
        });
        return !programme || aggregate.startsWith(ProgrammeEvent.SUBJECT_PREFIX) ? aggregate
                : ProgrammeEvent.SUBJECT_PREFIX + aggregate;
    }
}
