package org.kronika.command.ledger;

import org.junit.jupiter.api.Test;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.project.Limits;
import org.kronika.command.project.RecordedActivity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kronika.command.ledger.LedgerRows.activities;
import static org.kronika.command.ledger.LedgerRows.assertActivitiesAreTheFoldOfTheEvents;

/**
 * The activity ledger in PostgreSQL is the fold of each project's events, whatever fails: it is written in the
 * events' transaction, so a command that fails before its commit leaves neither, and a ledger left behind its events
 * (a deployment that had none, events restored from the topic) is caught up from them before it answers.
 */
class ActivityLedgerTableTest extends LedgerTableTest {

    @Test
    void aCommandWhoseTransactionFailsLeavesNeitherItsEventsNorItsLedgerRow() throws Exception {
        String id = registered();
        assertThat(record(id, "t-1", "2024-03-12", null)).isEqualTo(201);
        long stored = TestInfrastructure.storedEvents(id);

        String failing = UUID.randomUUID().toString();
        faults.failBeforeCommit(failing);
        assertThat(record(id, "t-2", "2024-03-12", failing)).as("failed in its transaction").isGreaterThanOrEqualTo(500);
        String failingCorrection = UUID.randomUUID().toString();
        faults.failBeforeCommit(failingCorrection);
        assertThat(correct(id, "t-1", "2024-04-01", failingCorrection)).isGreaterThanOrEqualTo(500);

        assertThat(TestInfrastructure.storedEvents(id)).as("no event of either").isEqualTo(stored);
        assertActivitiesAreTheFoldOfTheEvents(events, id);
        assertThat(activities(id)).containsOnlyKeys("t-1");
        assertThat(activities(id).get("t-1").corrections()).isZero();

        assertThat(record(id, "t-2", "2024-03-12", null)).as("never recorded, so it can be now").isEqualTo(201);
        for (int i = 1; i <= Limits.CORRECTIONS_PER_ACTIVITY; i++) {
            assertThat(correct(id, "t-1", LocalDate.of(2024, 4, 1).plusDays(i).toString(), null)).as("correction " + i).isEqualTo(200);
        }
        assertThat(correct(id, "t-1", "2024-04-09", null)).as("one too many, none lost").isEqualTo(422);
        assertActivitiesAreTheFoldOfTheEvents(events, id);
    }

    /**
     * An amended end date may not fall before the project's latest activity or measurement: that day was read from
     * every row of the project, a cost growing with its history. Its index answers it, seen in the plan with
     * sequential scans priced out, as PostgreSQL chooses once a project holds more rows than fit a page.
     */
    @Test
    void theLatestDayOfAProjectsActivitiesAndMeasurementsIsReadFromTheirIndex() throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect()) {
            connection.setAutoCommit(false);
            connection.createStatement().execute("SET LOCAL enable_seqscan = off");
            for (String[] ledger : new String[][]{{"activity_ledger", "occurred_on", "activity_ledger_last_day"},
                    {"measurement_ledger", "measured_on", "measurement_ledger_last_day"}}) {
                StringBuilder plan = new StringBuilder();
                try (PreparedStatement explain = connection.prepareStatement("EXPLAIN SELECT max(" + ledger[1]
                        + ") FROM " + ledger[0] + " WHERE project_id = 'p' AND NOT retracted");
                     ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).as(ledger[0]).contains(ledger[2]).doesNotContain("Seq Scan");
            }
            connection.rollback();
        }
    }

    /** As after the upgrade that brought the ledger: every project's events are there, its ledger is not. */
    @Test
    void aLedgerBehindItsProjectsEventsIsCaughtUpFromThemBeforeItAnswers() throws Exception {
        String id = registered();
        assertThat(record(id, "t-1", "2024-03-12", null)).isEqualTo(201);
        assertThat(record(id, "t-2", "2024-03-13", null)).isEqualTo(201);
        assertThat(correct(id, "t-1", "2024-05-02", null)).isEqualTo(200);
        assertThat(retract(id, "t-2")).isEqualTo(200);
        for (int i = 3; i <= 8; i++) {
            assertThat(record(id, "t-" + i, "2024-03-12", null)).isEqualTo(201);
        }
        Map<String, RecordedActivity> before = activities(id);
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement rows = connection.prepareStatement("DELETE FROM activity_ledger WHERE project_id = ?");
             PreparedStatement head = connection.prepareStatement(
                     "DELETE FROM activity_ledger_heads WHERE project_id = ?")) {
            rows.setString(1, id);
            head.setString(1, id);
            assertThat(rows.executeUpdate()).isEqualTo(8);
            assertThat(head.executeUpdate()).isEqualTo(1);
        }
        projectCache.removeAll();

        assertThat(amend(id, "2024-04-30")).as("t-1, corrected to 2024-05-02, stands: known from the events")
                .isEqualTo(422);
        assertThat(record(id, "t-1", "2024-03-12", null)).as("known from the events").isEqualTo(409);
        assertThat(correct(id, "t-2", "2024-03-14", null)).as("retracted, by the events").isEqualTo(422);
        assertThat(record(id, "t-9", "2024-03-12", null)).isEqualTo(201);
        // The refused commands' catch-ups rolled back with them; the accepted one's committed with its event.
        assertThat(activities(id)).containsAllEntriesOf(before).containsKey("t-9").hasSize(9);
        assertActivitiesAreTheFoldOfTheEvents(events, id);
        assertThat(amend(id, "2024-05-02")).as("no activity standing after it").isEqualTo(200);
    }

    /**
     * As while an instance of the version before the fingerprint runs beside this one: it folds a correction into a
     * row this one wrote, counting it, but leaves the fingerprint of the facts before it. Trusted, that would refuse
     * a correction back to those facts as changing nothing, though the activity no longer states them.
     */
    @Test
    void aFingerprintLeftBehindByAnOlderInstanceNeverRefusesARealChange() throws Exception {
        String id = registered();
        assertThat(record(id, "t-1", "2024-03-12", null)).isEqualTo(201);
        String asRecorded = storedFacts(id, "t-1");
        assertThat(correct(id, "t-1", "2024-04-01", null)).isEqualTo(200);
        overwrite(id, "t-1", "facts", asRecorded);
        projectCache.removeAll();

        assertThat(correct(id, "t-1", "2024-03-12", null)).as("back to the facts first recorded: a change")
                .isEqualTo(200);
        assertThat(correct(id, "t-1", "2024-03-12", null)).as("now the facts as they are").isEqualTo(422);
    }

    /**
     * A row an instance of the version before the fingerprint wrote has none. Sent again under its id, the activity
     * is refused as already recorded, without a claim either way about its facts: the answer was a 500, the
     * fingerprint being read as if there.
     */
    @Test
    void anActivityRecordedAgainOverARowWithoutAFingerprintIsAlreadyRecordedNotAnError() throws Exception {
        String id = registered();
        assertThat(record(id, "t-1", "2024-03-12", null)).isEqualTo(201);
        overwrite(id, "t-1", "facts", null);
        projectCache.removeAll();

        var again = http.postForEntity("/api/projects/" + id + "/activities/training-delivered",
                training("t-1", "2024-03-12"), String.class);
        assertThat(again.getStatusCode().value()).isEqualTo(409);
        assertThat(again.getBody()).contains("\"field\":\"activityId\"").doesNotContain("sameFacts")
                .contains("cannot tell");
    }

    /**
     * The same for the facts an activity states: an older instance folds a correction that cleared the training's
     * delivery mode, and leaves the row saying it is stated. Trusted, that would refuse every later correction that
     * leaves the mode out, though the activity no longer states it.
     */
    @Test
    void statedFactsLeftBehindByAnOlderInstanceNeverRefuseLeavingOutAFactCleared() throws Exception {
        String id = registered();
        Map<String, Object> online = new HashMap<>(training("t-1", "2024-03-12"));
        online.put("deliveryMode", "online");
        assertThat(post("/api/projects/" + id + "/activities/training-delivered", online, null)).isEqualTo(201);
        String asRecorded = stored(id, "t-1", "stated");
        assertThat(asRecorded).as("stored at its count of corrections").startsWith("0:").contains("deliveryMode");
        Map<String, Object> cleared = new HashMap<>(training("t-1", "2024-03-12"));
        cleared.put("deliveryMode", null);
        assertThat(post("/api/projects/" + id + "/activities/t-1/corrections",
                Map.of("reason", "the mode was not known", "corrected", cleared), null)).isEqualTo(200);
        overwrite(id, "t-1", "stated", asRecorded);
        projectCache.removeAll();

        assertThat(correct(id, "t-1", "2024-04-01", null)).as("the mode, no longer stated, left out").isEqualTo(200);
    }

    /** As an instance of an older version leaves a row: {@code column} as it was before. */
    private static void overwrite(String projectId, String activityId, String column, String stale) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE activity_ledger SET " + column + " = ? WHERE project_id = ? AND activity_id = ?")) {
            update.setString(1, stale);
            update.setString(2, projectId);
            update.setString(3, activityId);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
    }

    private static String storedFacts(String projectId, String activityId) throws Exception {
        return stored(projectId, activityId, "facts");
    }

    private static String stored(String projectId, String activityId, String column) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT " + column + " FROM activity_ledger WHERE project_id = ? AND activity_id = ?")) {
            query.setString(1, projectId);
            query.setString(2, activityId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private int record(String projectId, String activityId, String occurredOn, String correlationId) {
        return post("/api/projects/" + projectId + "/activities/training-delivered",
                training(activityId, occurredOn), correlationId);
    }

    private int correct(String projectId, String activityId, String occurredOn, String correlationId) {
        return post("/api/projects/" + projectId + "/activities/" + activityId + "/corrections",
                Map.of("reason", "the sheet was dated wrongly", "corrected", training(activityId, occurredOn)),
                correlationId);
    }

    private int retract(String projectId, String activityId) {
        return post("/api/projects/" + projectId + "/activities/" + activityId + "/retractions",
                Map.of("reason", "recorded twice"), null);
    }

    private static Map<String, Object> training(String activityId, String occurredOn) {
        return Map.of("activityId", activityId, "title", "Case management", "occurredOn", occurredOn,
                "municipality", "Gjilan", "sessions", 1,
                "participants", Map.of("total", 10, "bySex", Map.of("female", 5, "male", 5)));
    }
}
