package org.kronika.command.ledger;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.kronika.command.project.MeasurementChange;
import org.kronika.command.project.MeasurementLedger;
import org.kronika.command.project.RecordedMeasurement;
import org.kronika.command.project.StatedFacts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * The projects' {@link MeasurementLedger} in PostgreSQL (a {@link LedgerTable}): a row per (project, measurement)
 * in {@code measurement_ledger}, its heads in {@code measurement_ledger_heads}, which no instance of a version before
 * it moves: one of those appending meanwhile leaves it behind, to be caught up.
 */
@Component
public class MeasurementLedgerTable extends LedgerTable<RecordedMeasurement> implements MeasurementLedger {

    /** @param events the event store, looked up at the first catch-up: it is built with this table in it */
    public MeasurementLedgerTable(JdbcTemplate jdbc, ObjectProvider<EventStorageEngine> events) {
        super(jdbc, events, "measurement_ledger", "measurement_ledger_heads", "measurement_id",
                "indicator_id, measured_on, retracted, corrections, facts, stated");
    }

    @Override
    public Optional<RecordedMeasurement> find(String projectId, String measurementId, long version) {
        return super.find(projectId, measurementId, version);
    }

    @Override
    public Optional<LocalDate> lastDay(String projectId, long version) {
        return lastDay(projectId, version, "measured_on");
    }

    @Override
    protected Optional<Change<RecordedMeasurement>> change(Object event) {
        return MeasurementChange.of(event).map(change -> new Change<>(change.measurementId(),
                change instanceof MeasurementChange.Measured, change::applyTo));
    }

    @Override
    protected void store(String projectId, String measurementId, RecordedMeasurement measurement) {
        jdbc.update("INSERT INTO measurement_ledger (project_id, measurement_id, indicator_id, measured_on, retracted, "
                        + "corrections, facts, stated) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (project_id, measurement_id) "
                        + "DO UPDATE SET indicator_id = excluded.indicator_id, measured_on = excluded.measured_on, "
                        + "retracted = excluded.retracted, corrections = excluded.corrections, facts = excluded.facts, "
                        + "stated = excluded.stated",
                projectId, measurementId, measurement.indicatorId(), measurement.measuredOn(), measurement.retracted(),
                measurement.corrections(), measurement.facts(), writtenAtCount(measurement.corrections(),
                        measurement.stated() == null ? null : measurement.stated().written()));
    }

    /**
     * The facts stated are stored with the count of corrections they were taken at, and trusted only at that count:
     * an instance of an older version folds a correction into the row without touching them, which would then be of
     * facts since corrected, and refuse a correction leaving out a fact no longer stated.
     */
    @Override
    protected RecordedMeasurement row(ResultSet rs) throws SQLException {
        int corrections = rs.getInt("corrections");
        String stated = atCount(corrections, rs.getString("stated"));
        return new RecordedMeasurement(rs.getString("indicator_id"), rs.getObject("measured_on", LocalDate.class),
                rs.getBoolean("retracted"), corrections, rs.getString("facts"),
                stated == null ? null : StatedFacts.read(stated));
    }
}
