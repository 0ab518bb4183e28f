package org.kronika.command.ledger;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.kronika.command.project.ActivityChange;
import org.kronika.command.project.ActivityLedger;
import org.kronika.command.project.Project;
import org.kronika.command.project.RecordedActivity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The projects' {@link ActivityLedger} in PostgreSQL: a row per (project, activity), and per project the sequence
 * of the last event the rows include (its head). It is written by {@link LedgerKeepingStorageEngine} in the
 * transaction that appends the events, so rows and events commit or roll back together.
 *
 * <p>The rows are always the fold of a prefix of the project's events: they only move on by events that follow the
 * head exactly. Events appended without them (by restore-from-topic, or by an instance of an older version, or all
 * of a project's history after an upgrade that brought the ledger) leave the head behind, and the first question
 * about the project folds the missing events in, read from the event store, inside the command's transaction (a
 * command refused then rolls its catch-up back with it, and the next one does it again). A
 * head beyond the version the command is decided on means the project changed meanwhile (another instance
 * appended): the command fails as a conflict and is decided again on the project as it is now (CommandRetries).
 */
@Component
public class ActivityLedgerTable implements ActivityLedger {

    /** The aggregate type of a project's events, as Axon stores it. */
    static final String PROJECT = Project.class.getSimpleName();

    private final JdbcTemplate jdbc;
    private final ObjectProvider<EventStorageEngine> events;

    /** @param events the event store, looked up at the first catch-up: it is built with this table in it */
    public ActivityLedgerTable(JdbcTemplate jdbc, ObjectProvider<EventStorageEngine> events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    @Override
    public Optional<RecordedActivity> find(String projectId, String activityId, long version) {
        Entry entry = entry(projectId, activityId);
        if (entry.head() < version) {
            catchUp(projectId, entry.head());
            entry = entry(projectId, activityId);
        }
        if (entry.head() > version) {
            throw new ConcurrencyException("Project " + projectId + " has events after version " + version
                    + " (its activity ledger is at " + entry.head() + "): decide the command again on them");
        }
        return Optional.ofNullable(entry.activity());
    }

    @Override
    public Optional<LocalDate> lastDay(String projectId, long version) {
        // The head first, as find does: the answer is the one of the version the command is decided on.
        find(projectId, "", version);
        return Optional.ofNullable(jdbc.queryForObject("SELECT max(occurred_on) FROM activity_ledger "
                + "WHERE project_id = ? AND NOT retracted", LocalDate.class, projectId));
    }

    /**
     * Folds events just appended to their projects' ledgers, in the transaction that appends them. A project whose
     * head is not right before them is left as it is, to be caught up from the event store when next asked.
     */
    void appended(List<? extends DomainEventMessage<?>> appended) {
        Map<String, List<DomainEventMessage<?>>> byProject = new LinkedHashMap<>();
        for (DomainEventMessage<?> event : appended) {
            if (PROJECT.equals(event.getType())) {
                byProject.computeIfAbsent(event.getAggregateIdentifier(), p -> new ArrayList<>()).add(event);
            }
        }
        byProject.forEach(this::fold);
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
        long first = consecutive.get(0).getSequenceNumber();
        long last = consecutive.get(consecutive.size() - 1).getSequenceNumber();
        // Moving the head first locks the project's row: of two transactions folding the same events, one waits,
        // then finds the head moved and folds nothing.
        int moved = first == 0
                ? jdbc.update("INSERT INTO activity_ledger_heads (project_id, sequence) VALUES (?, ?) "
                + "ON CONFLICT (project_id) DO NOTHING", projectId, last)
                : jdbc.update("UPDATE activity_ledger_heads SET sequence = ? WHERE project_id = ? AND sequence = ?",
                last, projectId, first - 1);
        if (moved == 0) {
            return;
        }
        // Each activity's row is read at most once: after its first change, the batch's own result is the one before.
        Map<String, RecordedActivity> changed = new LinkedHashMap<>();
        for (DomainEventMessage<?> event : consecutive) {
            ActivityChange.of(event.getPayload()).ifPresent(change -> {
                Optional<RecordedActivity> before = changed.containsKey(change.activityId())
                        ? Optional.of(changed.get(change.activityId()))
                        : change instanceof ActivityChange.Recorded ? Optional.empty()
                        : stored(projectId, change.activityId());
                changed.put(change.activityId(), change.applyTo(before));
            });
        }
        changed.forEach((activityId, activity) -> store(projectId, activityId, activity));
    }

    private Optional<RecordedActivity> stored(String projectId, String activityId) {
        return Optional.ofNullable(jdbc.query("SELECT activity_type, occurred_on, retracted, corrections, facts "
                + "FROM activity_ledger WHERE project_id = ? AND activity_id = ?", rs -> rs.next()
                ? activity(rs) : null, projectId, activityId));
    }

    private void store(String projectId, String activityId, RecordedActivity activity) {
        jdbc.update("INSERT INTO activity_ledger (project_id, activity_id, activity_type, occurred_on, retracted, "
                        + "corrections, facts) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, activity_id) DO UPDATE "
                        + "SET activity_type = excluded.activity_type, occurred_on = excluded.occurred_on, "
                        + "retracted = excluded.retracted, corrections = excluded.corrections, facts = excluded.facts",
                projectId, activityId, activity.type(), activity.occurredOn(), activity.retracted(),
                activity.corrections(), activity.facts() == null ? null : activity.corrections() + ":" + activity.facts());
    }

    /** The project's head (-1 when its ledger has no events yet) and the activity's row, in one query. */
    private Entry entry(String projectId, String activityId) {
        return jdbc.query("SELECT h.sequence, l.activity_type, l.occurred_on, l.retracted, l.corrections, l.facts "
                        + "FROM (SELECT CAST(? AS VARCHAR) AS project_id) p "
                        + "LEFT JOIN activity_ledger_heads h ON h.project_id = p.project_id "
                        + "LEFT JOIN activity_ledger l ON l.project_id = p.project_id AND l.activity_id = ?",
                rs -> {
                    rs.next();
                    long head = rs.getObject(1) == null ? -1 : rs.getLong(1);
                    return new Entry(head, rs.getString(2) == null ? null : activity(rs));
                }, projectId, activityId);
    }

    /**
     * The facts' fingerprint is stored with the count of corrections it was taken at, and trusted only at that count:
     * an instance of the version before it folds a correction into the row without touching the fingerprint, which
     * would then be of facts since corrected, and refuse a correction back to them as changing nothing.
     */
    private static RecordedActivity activity(ResultSet rs) throws SQLException {
        int corrections = rs.getInt("corrections");
        String stored = rs.getString("facts");
        String at = corrections + ":";
        return new RecordedActivity(rs.getString("activity_type"), rs.getObject("occurred_on", LocalDate.class),
                rs.getBoolean("retracted"), corrections,
                stored != null && stored.startsWith(at) ? stored.substring(at.length()) : null);
    }

    private record Entry(long head, RecordedActivity activity) {
    }
}
