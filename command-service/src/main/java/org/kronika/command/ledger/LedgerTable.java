package org.kronika.command.ledger;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.kronika.command.project.Project;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A projects' ledger in PostgreSQL: a row per (project, item), and per project the sequence of the last event the
 * rows include (its head), in a heads table of its own. It is written by {@link LedgerKeepingStorageEngine} in the
 * transaction that appends the events, so rows and events commit or roll back together.
 *
 * <p>The rows are always the fold of a prefix of the project's events: they only move on by events that follow the
 * head exactly. Events appended without them (by restore-from-topic, or by an instance of an older version, or all
 * of a project's history after an upgrade that brought the ledger) leave the head behind, and the first question
 * about the project folds the missing events in, read from the event store, inside the command's transaction (a
 * command refused then rolls its catch-up back with it, and the next one does it again). A
 * head beyond the version the command is decided on means the project changed meanwhile (another instance
 * appended): the command fails as a conflict and is decided again on the project as it is now (CommandRetries).
 * Each ledger has its own heads, so one an older instance never heard of stays behind, and is caught up, rather than
 * be taken as current by another's head.
 *
 * @param <R> the row of one item, as the project's rules ask about it
 */
abstract class LedgerTable<R> {

    /** The aggregate type of a project's events, as Axon stores it. */
    static final String PROJECT = Project.class.getSimpleName();

    /** What one event changes: the item, whether it is new (so there is no row to read first), and how. */
    protected record Change<R>(String itemId, boolean first, Function<Optional<R>, R> fold) {
    }

    protected final JdbcTemplate jdbc;
    private final ObjectProvider<EventStorageEngine> events;
    private final String rows;
    private final String heads;
    private final String itemColumn;
    private final String columns;

    /**
     * @param events     the event store, looked up at the first catch-up: it is built with this table in it
     * @param rows       the rows' table, keyed by (project_id, {@code itemColumn})
     * @param heads      the heads' table: project_id, sequence
     * @param columns    the columns {@link #row} reads, comma-separated, the first never null in a row
     */
    LedgerTable(JdbcTemplate jdbc, ObjectProvider<EventStorageEngine> events, String rows, String heads,
                String itemColumn, String columns) {
        this.jdbc = jdbc;
        this.events = events;
        this.rows = rows;
        this.heads = heads;
        this.itemColumn = itemColumn;
        this.columns = columns;
    }

    /** The change an event of a project makes to this ledger, or empty when it does not touch it. */
    protected abstract Optional<Change<R>> change(Object event);

    /** The item of the current row, read by its column names. */
    protected abstract R row(ResultSet rs) throws SQLException;

    /** Writes the item's row, replacing the one there. */
    protected abstract void store(String projectId, String itemId, R item);

    /** The item as the project's events up to {@code version} left it, caught up first if the ledger is behind. */
    protected Optional<R> find(String projectId, String itemId, long version) {
        Entry<R> entry = entry(projectId, itemId);
        if (entry.head() < version) {
            catchUp(projectId, entry.head());
            entry = entry(projectId, itemId);
        }
        if (entry.head() > version) {
            throw new ConcurrencyException("Project " + projectId + " has events after version " + version
                    + " (its " + rows + " is at " + entry.head() + "): decide the command again on them");
        }
        return Optional.ofNullable(entry.item());
    }

    /** The latest {@code dayColumn} of the project's items not retracted, as of {@code version}. */
    protected Optional<LocalDate> lastDay(String projectId, long version, String dayColumn) {
        // The head first, as find does: the answer is the one of the version the command is decided on.
        find(projectId, "", version);
        return Optional.ofNullable(jdbc.queryForObject("SELECT max(" + dayColumn + ") FROM " + rows
                + " WHERE project_id = ? AND NOT retracted", LocalDate.class, projectId));
    }

    /**
     * A value derived from an item's facts, stored with the count of corrections it was taken at ({@link #atCount}):
     * an instance of an older version folds a correction into the row without touching it, and it would then be of
     * facts since corrected.
     */
    protected static String writtenAtCount(int corrections, String value) {
        return value == null ? null : corrections + ":" + value;
    }

    /** A value {@link #writtenAtCount} stored, if it was taken at the row's count of corrections; else null. */
    protected static String atCount(int corrections, String stored) {
        String at = corrections + ":";
        return stored != null && stored.startsWith(at) ? stored.substring(at.length()) : null;
    }

    /** The item's row as stored, without looking at the head: within a fold. */
    protected Optional<R> stored(String projectId, String itemId) {
        return Optional.ofNullable(jdbc.query("SELECT " + columns + " FROM " + rows + " WHERE project_id = ? AND "
                + itemColumn + " = ?", rs -> rs.next() ? row(rs) : null, projectId, itemId));
    }

    /**
     * Folds events just appended into the ledgers, in the transaction that appends them. A project whose head in a
     * ledger is not right before them is left as it is there, to be caught up from the event store when next asked.
     * Every ledger's head moves in one statement: in a group of commands on one project (web.GroupCommit) each
     * command's writes are a round trip after another in the project's turn, and a round trip per ledger would be
     * paid by every command, most of whose events change nothing in most ledgers.
     */
    static void appended(List<? extends DomainEventMessage<?>> appended, List<LedgerTable<?>> ledgers) {
        Map<String, List<DomainEventMessage<?>>> byProject = new LinkedHashMap<>();
        for (DomainEventMessage<?> event : appended) {
            if (PROJECT.equals(event.getType())) {
                byProject.computeIfAbsent(event.getAggregateIdentifier(), p -> new ArrayList<>()).add(event);
            }
        }
        byProject.forEach((projectId, consecutive) -> {
            boolean[] moved = moveHeads(ledgers, projectId, consecutive);
            for (int i = 0; i < ledgers.size(); i++) {
                if (moved[i]) {
                    ledgers.get(i).foldMoved(projectId, consecutive);
                }
            }
        });
    }

    /** The events of one project from its head on, read from the event store and folded in. */
    private void catchUp(String projectId, long head) {
        List<DomainEventMessage<?>> missing = new ArrayList<>();
        DomainEventStream stream = events.getObject().readEvents(projectId, head + 1);
        stream.forEachRemaining(missing::add);
        if (!missing.isEmpty()) {
            fold(projectId, missing);
        }
    }

    /** Folds a project's consecutive events into its rows if they follow its head; else changes nothing. */
    private void fold(String projectId, List<DomainEventMessage<?>> consecutive) {
        if (moveHeads(List.<LedgerTable<?>>of(this), projectId, consecutive)[0]) {
            foldMoved(projectId, consecutive);
        }
    }

    /**
     * Moves each ledger's head over a project's consecutive events where it is right before them, in one statement,
     * and says in which it moved. Moving the head first locks the project's row: of two transactions folding the same
     * events, one waits, then finds the head moved and folds nothing.
     */
    private static boolean[] moveHeads(List<LedgerTable<?>> ledgers, String projectId,
                                       List<DomainEventMessage<?>> consecutive) {
        long first = consecutive.get(0).getSequenceNumber();
        long last = consecutive.get(consecutive.size() - 1).getSequenceNumber();
        List<String> moves = new ArrayList<>();
        List<String> counts = new ArrayList<>();
        List<Object> arguments = new ArrayList<>();
        for (int i = 0; i < ledgers.size(); i++) {
            String heads = ledgers.get(i).heads;
            if (first == 0) {
                moves.add("h" + i + " AS (INSERT INTO " + heads + " (project_id, sequence) VALUES (?, ?) "
                        + "ON CONFLICT (project_id) DO NOTHING RETURNING 1)");
                arguments.addAll(List.of(projectId, last));
            } else {
                moves.add("h" + i + " AS (UPDATE " + heads + " SET sequence = ? WHERE project_id = ? AND sequence = ? "
                        + "RETURNING 1)");
                arguments.addAll(List.of(last, projectId, first - 1));
            }
            counts.add("(SELECT count(*) FROM h" + i + ")");
        }
        return ledgers.get(0).jdbc.query("WITH " + String.join(", ", moves) + " SELECT " + String.join(", ", counts),
                rs -> {
                    rs.next();
                    boolean[] moved = new boolean[ledgers.size()];
                    for (int i = 0; i < moved.length; i++) {
                        moved[i] = rs.getLong(i + 1) > 0;
                    }
                    return moved;
                }, arguments.toArray());
    }

    /** Folds a project's consecutive events into its rows, its head just moved over them. */
    private void foldMoved(String projectId, List<DomainEventMessage<?>> consecutive) {
        // Each item's row is read at most once: after its first change, the batch's own result is the one before.
        Map<String, R> changed = new LinkedHashMap<>();
        for (DomainEventMessage<?> event : consecutive) {
            change(event.getPayload()).ifPresent(change -> {
                Optional<R> before = changed.containsKey(change.itemId())
                        ? Optional.of(changed.get(change.itemId()))
                        : change.first() ? Optional.empty() : stored(projectId, change.itemId());
                changed.put(change.itemId(), change.fold().apply(before));
            });
        }
        changed.forEach((itemId, item) -> store(projectId, itemId, item));
    }

    /** The project's head (-1 when its ledger has no events yet) and the item's row, in one query. */
    private Entry<R> entry(String projectId, String itemId) {
        return jdbc.query("SELECT h.sequence AS head, " + qualified() + " "
                        + "FROM (SELECT CAST(? AS VARCHAR) AS project_id) p "
                        + "LEFT JOIN " + heads + " h ON h.project_id = p.project_id "
                        + "LEFT JOIN " + rows + " l ON l.project_id = p.project_id AND l." + itemColumn + " = ?",
                rs -> {
                    rs.next();
                    long head = rs.getObject("head") == null ? -1 : rs.getLong("head");
                    return new Entry<>(head, rs.getObject(2) == null ? null : row(rs));
                }, projectId, itemId);
    }

    private String qualified() {
        return String.join(", ", Arrays.stream(columns.split(",")).map(column -> "l." + column.strip()).toList());
    }

    private record Entry<R>(long head, R item) {
    }
}
