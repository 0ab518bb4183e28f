package org.kronika.command.ledger;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.project.ActivityChange;
import org.kronika.command.project.MeasurementChange;
import org.kronika.command.project.RecordedActivity;
import org.kronika.command.project.StatedFacts;
import org.kronika.command.project.RecordedMeasurement;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** What the ledgers' tables hold for a project, read with a connection of their own, as the tests check them. */
public final class LedgerRows {

    private LedgerRows() {
    }

    /** The activity rows and their head are exactly the fold of every event the store holds for the project. */
    public static void assertActivitiesAreTheFoldOfTheEvents(EventStorageEngine events, String projectId)
            throws Exception {
        assertRowsAreTheFoldOfTheEvents(events, projectId, "activity ledger", () -> activities(projectId),
                "activity_ledger_heads", payload -> ActivityChange.of(payload)
                        .map(change -> new Fold<>(change.activityId(), change::applyTo)));
    }

    /** The measurement rows and their head are exactly the fold of every event the store holds for the project. */
    public static void assertMeasurementsAreTheFoldOfTheEvents(EventStorageEngine events, String projectId)
            throws Exception {
        assertRowsAreTheFoldOfTheEvents(events, projectId, "measurement ledger", () -> measurements(projectId),
                "measurement_ledger_heads", payload -> MeasurementChange.of(payload)
                        .map(change -> new Fold<>(change.measurementId(), change::applyTo)));
    }

    /** What one event changes in a ledger: which item, and how. */
    private record Fold<R>(String itemId, Function<Optional<R>, R> applyTo) {
    }

    private interface Rows<R> {
        Map<String, R> read() throws Exception;
    }

    private static <R> void assertRowsAreTheFoldOfTheEvents(EventStorageEngine events, String projectId,
                                                            String ledger, Rows<R> rows, String heads,
                                                            Function<Object, Optional<Fold<R>>> change)
            throws Exception {
        Map<String, R> folded = new HashMap<>();
        long[] last = {-1};
        events.readEvents(projectId, 0).forEachRemaining(event -> {
            last[0] = event.getSequenceNumber();
            change.apply(event.getPayload()).ifPresent(fold -> folded.put(fold.itemId(),
                    fold.applyTo().apply(Optional.ofNullable(folded.get(fold.itemId())))));
        });
        assertThat(rows.read()).as(ledger + " of " + projectId).isEqualTo(folded);
        assertThat(head(heads, projectId)).as("its head").isEqualTo(last[0]);
    }

    public static Map<String, RecordedActivity> activities(String projectId) throws Exception {
        Map<String, RecordedActivity> rows = new HashMap<>();
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement("SELECT activity_id, activity_type, occurred_on, "
                     + "retracted, corrections, facts, stated FROM activity_ledger WHERE project_id = ?")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    // Each stored with the count of corrections it was taken at: "3:<fingerprint>", "3:title,...".
                    String facts = rs.getString(6);
                    String stated = rs.getString(7);
                    rows.put(rs.getString(1), new RecordedActivity(rs.getString(2),
                            rs.getObject(3, LocalDate.class), rs.getBoolean(4), rs.getInt(5),
                            facts == null ? null : facts.substring(facts.indexOf(':') + 1),
                            stated == null ? null : StatedFacts.read(stated.substring(stated.indexOf(':') + 1))));
                }
            }
        }
        return rows;
    }

    public static Map<String, RecordedMeasurement> measurements(String projectId) throws Exception {
        Map<String, RecordedMeasurement> rows = new HashMap<>();
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement("SELECT measurement_id, indicator_id, measured_on, "
                     + "retracted, corrections, facts, stated FROM measurement_ledger WHERE project_id = ?")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), new RecordedMeasurement(rs.getString(2),
                            rs.getObject(3, LocalDate.class), rs.getBoolean(4), rs.getInt(5), rs.getString(6),
                            statedAtItsCount(rs.getInt(5), rs.getString(7))));
                }
            }
        }
        return rows;
    }

    /** What a row states, written at its count of corrections as {@code count:stated}; as stored, a mismatch is kept. */
    private static StatedFacts statedAtItsCount(int corrections, String stored) {
        if (stored == null) {
            return null;
        }
        String at = corrections + ":";
        return stored.startsWith(at) ? StatedFacts.read(stored.substring(at.length()))
                : new StatedFacts(List.of("written at another count: " + stored));
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
