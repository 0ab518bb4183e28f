package org.kronika.command.ledger;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.kronika.command.project.ActivityChange;
import org.kronika.command.project.ActivityLedger;
import org.kronika.command.project.RecordedActivity;
import org.kronika.command.project.StatedFacts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The projects' {@link ActivityLedger} in PostgreSQL (a {@link LedgerTable}): a row per (project, activity) in
 * {@code activity_ledger}, its heads in {@code activity_ledger_heads}.
 */
@Component
public class ActivityLedgerTable extends LedgerTable<RecordedActivity> implements ActivityLedger {

    /** @param events the event store, looked up at the first catch-up: it is built with this table in it */
    public ActivityLedgerTable(JdbcTemplate jdbc, ObjectProvider<EventStorageEngine> events) {
        super(jdbc, events, "activity_ledger", "activity_ledger_heads", "activity_id",
                "activity_type, occurred_on, retracted, corrections, facts, stated");
    }

    @Override
    public Optional<RecordedActivity> find(String projectId, String activityId, long version) {
        return super.find(projectId, activityId, version);
    }

    @Override
    public Optional<LocalDate> lastDay(String projectId, long version) {
        return lastDay(projectId, version, "occurred_on");
    }

    @Override
    protected Optional<Change<RecordedActivity>> change(Object event) {
        return ActivityChange.of(event).map(change -> new Change<>(change.activityId(),
                change instanceof ActivityChange.Recorded, change::applyTo));
    }

    @Override
    protected void store(String projectId, String activityId, RecordedActivity activity) {
        jdbc.update("INSERT INTO activity_ledger (project_id, activity_id, activity_type, occurred_on, retracted, "
                        + "corrections, facts, stated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (project_id, activity_id) "
                        + "DO UPDATE SET activity_type = excluded.activity_type, occurred_on = excluded.occurred_on, "
                        + "retracted = excluded.retracted, corrections = excluded.corrections, facts = excluded.facts, "
                        + "stated = excluded.stated",
                projectId, activityId, activity.type(), activity.occurredOn(), activity.retracted(),
                activity.corrections(), writtenAtCount(activity.corrections(), activity.facts()),
                writtenAtCount(activity.corrections(), activity.stated() == null ? null : activity.stated().written()));
    }

    /**
     * The facts' fingerprint and the facts stated are each stored with the count of corrections they were taken at,
     * and trusted only at that count: an instance of an older version folds a correction into the row without
     * touching them, which would then be of facts since corrected, and refuse a correction back to them as changing
     * nothing, or one leaving out a fact no longer stated.
     */
    @Override
    protected RecordedActivity row(ResultSet rs) throws SQLException {
        int corrections = rs.getInt("corrections");
        String stated = atCount(corrections, rs.getString("stated"));
        return new RecordedActivity(rs.getString("activity_type"), rs.getObject("occurred_on", LocalDate.class),
                rs.getBoolean("retracted"), corrections, atCount(corrections, rs.getString("facts")),
                stated == null ? null : StatedFacts.read(stated));
    }
}
