package org.kronika.command.ledger;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.project.MeasurementChange;
import org.kronika.command.project.RecordedMeasurement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ledgers' tables hold for a project, read with a connection of their own, as the tests check them. */
public final class LedgerRows {

    private LedgerRows() {
    }

    /** The measurement rows and their head are exactly the fold of every event the store holds for the project. */
    public static void assertMeasurementsAreTheFoldOfTheEvents(EventStorageEngine events, String projectId)
            throws Exception {
        Map<String, RecordedMeasurement> folded = new HashMap<>();
        long[] last = {-1};
        events.readEvents(projectId, 0).forEachRemaining(event -> {
            last[0] = event.getSequenceNumber();
            MeasurementChange.of(event.getPayload()).ifPresent(change -> folded.put(change.measurementId(),
                    change.applyTo(Optional.ofNullable(folded.get(change.measurementId())))));
        });
        assertThat(measurements(projectId)).as("measurement ledger of " + projectId).isEqualTo(folded);
        assertThat(head("measurement_ledger_heads", projectId)).as("its head").isEqualTo(last[0]);
    }

    public static Map<String, RecordedMeasurement> measurements(String projectId) throws Exception {
        Map<String, RecordedMeasurement> rows = new HashMap<>();
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement("SELECT measurement_id, indicator_id, measured_on, "
                     + "retracted, corrections, facts FROM measurement_ledger WHERE project_id = ?")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new RecordedMeasurement(rs.getString(2),
                            rs.getObject(3, LocalDate.class), rs.getBoolean(4), rs.getInt(5), rs.getString(6)));
                }
            }
        }
        return rows;
    }

    /** The sequence of the last event the ledger includes, -1 when it has none. */
    public static long head(String heads, String projectId) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT coalesce(max(sequence), -1) FROM " + heads + " WHERE project_id = ?")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Empties the project's rows and head in both ledgers, as a store that never had them: how many rows each had. */
    public static int[] forget(String projectId) throws Exception {
        int[] removed = new int[4];
        String[] tables = {"activity_ledger", "activity_ledger_heads", "measurement_ledger", "measurement_ledger_heads"};
        try (Connection connection = TestInfrastructure.postgres().connect()) {
            for (int i = 0; i < tables.length; i++) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM " + tables[i] + " WHERE project_id = ?")) {
                    delete.setString(1, projectId);
                    removed[i] = delete.executeUpdate();
                }
            }
        }
        return removed;
    }
}
