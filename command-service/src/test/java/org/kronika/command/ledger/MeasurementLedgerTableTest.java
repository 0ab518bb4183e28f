package org.kronika.command.ledger;

import org.junit.jupiter.api.Test;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.project.Limits;
import org.kronika.command.project.RecordedMeasurement;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kronika.command.ledger.LedgerRows.assertMeasurementsAreTheFoldOfTheEvents;
import static org.kronika.command.ledger.LedgerRows.measurements;

/**
 * The measurement ledger in PostgreSQL is the fold of each project's events, whatever fails, as the activity ledger
 * is: written in the events' transaction, so a command that fails before its commit leaves neither, and a ledger left
 * behind its events (a deployment that had none, events restored from the topic) is caught up from them before it
 * answers.
 */
class MeasurementLedgerTableTest extends LedgerTableTest {

    @Test
    void aCommandWhoseTransactionFailsLeavesNeitherItsEventsNorItsLedgerRow() throws Exception {
        String id = registeredWithAnIndicator();
        assertThat(measure(id, "m-1", "2024-03-12", 10, null)).isEqualTo(201);
        long stored = TestInfrastructure.storedEvents(id);

        String failing = UUID.randomUUID().toString();
        faults.failBeforeCommit(failing);
        assertThat(measure(id, "m-2", "2024-03-12", 10, failing)).as("failed in its transaction")
                .isGreaterThanOrEqualTo(500);
        String failingCorrection = UUID.randomUUID().toString();
        faults.failBeforeCommit(failingCorrection);
        assertThat(correct(id, "m-1", "2024-04-01", 11, failingCorrection)).isGreaterThanOrEqualTo(500);

        assertThat(TestInfrastructure.storedEvents(id)).as("no event of either").isEqualTo(stored);
        assertMeasurementsAreTheFoldOfTheEvents(events, id);
        assertThat(measurements(id)).containsOnlyKeys("m-1");
        assertThat(measurements(id).get("m-1").corrections()).isZero();

        assertThat(measure(id, "m-2", "2024-03-12", 10, null)).as("never recorded, so it can be now").isEqualTo(201);
        for (int i = 1; i <= Limits.CORRECTIONS_PER_MEASUREMENT; i++) {
            assertThat(correct(id, "m-1", LocalDate.of(2024, 4, 1).plusDays(i).toString(), 11, null))
                    .as("correction " + i).isEqualTo(200);
        }
        assertThat(correct(id, "m-1", "2024-09-09", 11, null)).as("one too many, none lost").isEqualTo(422);
        assertMeasurementsAreTheFoldOfTheEvents(events, id);
    }

    /** As after the upgrade that brought the ledger: every project's events are there, its ledger is not. */
    @Test
    void aLedgerBehindItsProjectsEventsIsCaughtUpFromThemBeforeItAnswers() throws Exception {
        String id = registeredWithAnIndicator();
        assertThat(measure(id, "m-1", "2024-03-12", 10, null)).isEqualTo(201);
        assertThat(measure(id, "m-2", "2024-03-13", 10, null)).isEqualTo(201);
        assertThat(correct(id, "m-1", "2024-05-02", 12, null)).isEqualTo(200);
        assertThat(retract(id, "m-2")).isEqualTo(200);
        for (int i = 3; i <= 8; i++) {
            assertThat(measure(id, "m-" + i, "2024-03-12", i, null)).isEqualTo(201);
        }
        Map<String, RecordedMeasurement> before = measurements(id);
        assertThat(LedgerRows.forget(id)).as("rows and heads removed").containsExactly(0, 1, 8, 1);
        projectCache.removeAll();

        assertThat(amend(id, "2024-04-30")).as("m-1, corrected to 2024-05-02, stands: known from the events")
                .isEqualTo(422);
        assertThat(measure(id, "m-1", "2024-05-02", 12, null)).as("its facts as corrected, from the events")
                .isEqualTo(409);
        assertThat(correct(id, "m-1", "2024-05-02", 12, null)).as("a correction that changes nothing")
                .isEqualTo(422);
        assertThat(correct(id, "m-2", "2024-03-14", 10, null)).as("retracted, by the events").isEqualTo(422);
        assertThat(measure(id, "m-9", "2024-03-12", 9, null)).isEqualTo(201);
        // The refused commands' catch-ups rolled back with them; the accepted one's committed with its event.
        assertThat(measurements(id)).containsAllEntriesOf(before).containsKey("m-9").hasSize(9);
        assertMeasurementsAreTheFoldOfTheEvents(events, id);
        assertThat(amend(id, "2024-05-02")).as("no measurement standing after it").isEqualTo(200);
    }

    /**
     * What a measurement states is stored with the count of corrections it was taken at: an older instance folds a
     * correction that cleared the place without touching it, and leaves the row saying the place is stated. Trusted,
     * that would refuse every later correction that leaves the place out, though the measurement no longer states it.
     */
    @Test
    void statedFactsLeftBehindByAnOlderInstanceNeverRefuseLeavingOutAFactCleared() throws Exception {
        String id = registeredWithAnIndicator();
        assertThat(post("/api/projects/" + id + "/indicators/trained/measurements", Map.of("measurementId", "m-1",
                "measuredOn", "2024-03-12", "value", 30, "municipality", "Gjilan"), null)).isEqualTo(201);
        String asRecorded = stated(id, "m-1");
        assertThat(asRecorded).as("stored at its count of corrections").isEqualTo("0:municipality");
        assertThat(correct(id, "m-1", "2024-03-12", 31, null)).as("the place, stated, left out").isEqualTo(400);
        Map<String, Object> cleared = new java.util.HashMap<>(Map.of("measuredOn", "2024-03-12", "value", 31));
        cleared.put("municipality", null);
        assertThat(post("/api/projects/" + id + "/indicators/trained/measurements/m-1/corrections",
                Map.of("reason", "national after all", "corrected", cleared), null)).isEqualTo(200);
        try (var connection = TestInfrastructure.postgres().connect();
             var update = connection.prepareStatement("UPDATE measurement_ledger SET stated = ? "
                     + "WHERE project_id = ? AND measurement_id = ?")) {
            update.setString(1, asRecorded);
            update.setString(2, id);
            update.setString(3, "m-1");
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        projectCache.removeAll();

        assertThat(correct(id, "m-1", "2024-03-12", 32, null)).as("the place, no longer stated, left out")
                .isEqualTo(200);
    }

    private static String stated(String projectId, String measurementId) throws Exception {
        try (var connection = TestInfrastructure.postgres().connect();
             var query = connection.prepareStatement("SELECT stated FROM measurement_ledger "
                     + "WHERE project_id = ? AND measurement_id = ?")) {
            query.setString(1, projectId);
            query.setString(2, measurementId);
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private String registeredWithAnIndicator() {
        String id = registered();
        assertThat(http.postForEntity("/api/projects/{id}/indicators", Map.of("indicatorId", "trained",
                "name", "People trained", "unit", "count", "counts", "measured", "aggregation", "sum",
                "baseline", 0, "target", 100), Map.class, id).getStatusCode().value()).isEqualTo(201);
        return id;
    }

    private int measure(String projectId, String measurementId, String measuredOn, double value,
                        String correlationId) {
        return post("/api/projects/" + projectId + "/indicators/trained/measurements", Map.of("measurementId",
                measurementId, "measuredOn", measuredOn, "value", value), correlationId);
    }

    private int correct(String projectId, String measurementId, String measuredOn, double value,
                        String correlationId) {
        return post("/api/projects/" + projectId + "/indicators/trained/measurements/" + measurementId
                + "/corrections", Map.of("reason", "the sheet was dated wrongly", "corrected",
                Map.of("measuredOn", measuredOn, "value", value)), correlationId);
    }

    private int retract(String projectId, String measurementId) {
        return post("/api/projects/" + projectId + "/indicators/trained/measurements/" + measurementId
                + "/retractions", Map.of("reason", "measured twice"), null);
    }
}
