package org.kronika.command.project;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots are taken every few events and a project rebuilt from one still knows everything its rules need:
 * that an activity id was already used before the snapshot, how often an activity was corrected, and the hash
 * its next event has to name.
 */
class SnapshotTest extends IntegrationTest {

    @Autowired
    Cache projectCache;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void aProjectRestoredFromASnapshotStillRejectsAnActivityRecordedBeforeIt() throws Exception {
        String id = registered();
        for (int i = 1; i <= 12; i++) {
            assertThat(recordTraining(id, "t-" + i)).isEqualTo(201);
        }
        assertThat(snapshots(id)).as("snapshot rows").isPositive();

        projectCache.removeAll();

        assertThat(recordTraining(id, "t-1")).as("known from the snapshot").isEqualTo(409);
        assertThat(recordTraining(id, "t-12")).as("known from events after the snapshot").isEqualTo(409);
        assertThat(recordTraining(id, "t-13")).isEqualTo(201);
    }

    @Test
    void aProjectRestoredFromASnapshotStillCountsTheCorrectionsMadeBeforeIt() throws Exception {
        String id = correctedToTheLimit();
        assertThat(snapshotRevisions(id)).as("snapshots of the current shape").containsOnly(Project.SNAPSHOT_REVISION);

        projectCache.removeAll();

        assertThat(correctTraining(id, "t-1", 1)).as("the count came from the snapshot").isEqualTo(422);
    }

    /** What an amendment or redefinition is compared with comes back from the snapshot, not from zero. */
    @Test
    void aProjectRestoredFromASnapshotStillRefusesAnAmendmentOrRedefinitionThatChangesNothing() throws Exception {
        String id = registered();
        assertThat(http.postForEntity("/api/projects/{id}/indicators", Map.of("indicatorId", "trained",
                "name", "People trained", "unit", "count", "counts", "participants", "aggregation", "sum",
                "baseline", 0, "target", 100), Map.class, id).getStatusCode().value()).isEqualTo(201);
        for (int i = 1; i <= 12; i++) {
            assertThat(recordTraining(id, "t-" + i)).isEqualTo(201);
        }
        assertThat(snapshotRevisions(id)).as("snapshots of the current shape").isNotEmpty()
                .containsOnly(Project.SNAPSHOT_REVISION);

        projectCache.removeAll();

        assertThat(http.postForEntity("/api/projects/{id}/indicators/trained/redefinitions",
                Map.of("target", 100, "reason", "Same target"), String.class, id).getStatusCode().value())
                .isEqualTo(422);
        assertThat(http.postForEntity("/api/projects/{id}/amendments",
                Map.of("title", "Child protection", "reason", "Same title"), String.class, id).getStatusCode().value())
                .isEqualTo(422);
        assertThat(http.postForEntity("/api/projects/{id}/indicators/trained/redefinitions",
                Map.of("target", 120, "reason", "Higher target"), String.class, id).getStatusCode().value())
                .isEqualTo(200);
    }

    /** The periods an indicator targets come back from the snapshot: they still bound an earlier end date. */
    @Test
    void aProjectRestoredFromASnapshotStillKnowsThePeriodsItsIndicatorsTarget() throws Exception {
        String id = registered();
        assertThat(http.postForEntity("/api/projects/{id}/indicators", Map.of("indicatorId", "trained",
                "name", "People trained", "unit", "count", "counts", "participants", "aggregation", "sum",
                "baseline", 0, "target", 100, "periodTargets", List.of(Map.of("periodId", "2024-Q4", "target", 100))),
                Map.class, id).getStatusCode().value()).isEqualTo(201);
        for (int i = 1; i <= 12; i++) {
            assertThat(recordTraining(id, "t-" + i)).isEqualTo(201);
        }
        assertThat(snapshotRevisions(id)).as("snapshots of the current shape").isNotEmpty()
                .containsOnly(Project.SNAPSHOT_REVISION);

        projectCache.removeAll();

        assertThat(http.postForEntity("/api/projects/{id}/amendments", Map.of("endDate", "2024-09-30",
                "reason", "Ends with Q3"), String.class, id).getStatusCode().value()).isEqualTo(422);
        assertThat(http.postForEntity("/api/projects/{id}/amendments", Map.of("endDate", "2024-10-01",
                "reason", "Ends a day into Q4"), String.class, id).getStatusCode().value()).isEqualTo(200);
    }

    /**
     * A project loaded from its snapshot still knows which measurements were corrected, how often, to what, and which
     * retracted (asked of the measurement ledger at the snapshot's version and after), and the indicator's unit, which
     * bounds what it is measured with (from the snapshot).
     */
    @Test
    void aProjectRestoredFromASnapshotStillKnowsItsMeasurementsCorrectionsRetractionsAndUnits() throws Exception {
        String id = registered();
        measuredCorrectedAndRetracted(id);
        for (int i = 1; i <= 12; i++) {
            assertThat(recordTraining(id, "t-" + i)).isEqualTo(201);
        }
        assertThat(snapshotRevisions(id)).as("snapshots of the current shape").isNotEmpty()
                .containsOnly(Project.SNAPSHOT_REVISION);

        projectCache.removeAll();

        assertThat(correctMeasurement(id, "m-1", 15)).as("its corrected value").isEqualTo(422);
        assertThat(correctMeasurement(id, "m-2", 15)).as("retracted").isEqualTo(422);
        assertThat(correctMeasurement(id, "m-3", 15)).as("never recorded").isEqualTo(404);
        assertThat(correctMeasurement(id, "m-1", 16)).isEqualTo(200);
        assertThat(http.postForEntity("/api/projects/{id}/indicators/aware/measurements", Map.of("measurementId", "m-4",
                "measuredOn", "2024-03-01", "value", 150), String.class, id).getStatusCode().value())
                .as("a percent indicator, its unit from the snapshot").isEqualTo(422);
    }

    private int correctMeasurement(String projectId, String measurementId, double value) {
        return http.postForEntity("/api/projects/{id}/indicators/aware/measurements/{measurementId}/corrections",
                Map.of("reason", "Recounted", "corrected", Map.of("measuredOn", "2024-03-01", "value", value)),
                String.class, projectId, measurementId).getStatusCode().value();
    }

    /** A snapshot taken before the counts existed would start them at zero; it must be passed over instead. */
    @Test
    void aSnapshotOfAnOlderShapeIsIgnoredAndTheProjectRebuiltFromItsEvents() throws Exception {
        String id = correctedToTheLimit();
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement read = connection.prepareStatement(
                     "SELECT sequencenumber, payload FROM snapshotevententry WHERE aggregateidentifier = ?");
             PreparedStatement olderShape = connection.prepareStatement("UPDATE snapshotevententry "
                     + "SET payloadrevision = NULL, payload = ? WHERE aggregateidentifier = ? AND sequencenumber = ?")) {
            read.setString(1, id);
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    ObjectNode project = (ObjectNode) json.readTree(rs.getBytes("payload"));
                    project.remove(List.of("amendments", "redefinitions", "corrections"));
                    olderShape.setBytes(1, json.writeValueAsBytes(project));
                    olderShape.setString(2, id);
                    olderShape.setLong(3, rs.getLong("sequencenumber"));
                    assertThat(olderShape.executeUpdate()).isEqualTo(1);
                }
            }
        }

        projectCache.removeAll();

        assertThat(correctTraining(id, "t-1", 1)).as("the count came from the events").isEqualTo(422);
        assertThat(recordTraining(id, "t-2")).isEqualTo(201);
    }

    /**
     * The upgrade that moved the activities out of the aggregate: a snapshot of revision 4, which held them, and an
     * activity ledger that has nothing yet. The snapshot is passed over and the ledger folded from the events.
     */
    @Test
    void afterTheUpgradeARevision4SnapshotIsIgnoredAndTheActivitiesComeFromTheEvents() throws Exception {
        String id = correctedToTheLimit();
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement older = connection.prepareStatement(
                     "UPDATE snapshotevententry SET payloadrevision = '4' WHERE aggregateidentifier = ?");
             PreparedStatement noRows = connection.prepareStatement("DELETE FROM activity_ledger WHERE project_id = ?");
             PreparedStatement noHead = connection.prepareStatement(
                     "DELETE FROM activity_ledger_heads WHERE project_id = ?")) {
            older.setString(1, id);
            assertThat(older.executeUpdate()).isPositive();
            noRows.setString(1, id);
            assertThat(noRows.executeUpdate()).isEqualTo(1);
            noHead.setString(1, id);
            assertThat(noHead.executeUpdate()).isEqualTo(1);
        }

        projectCache.removeAll();

        assertThat(correctTraining(id, "t-1", 1)).as("the count came from the events").isEqualTo(422);
        assertThat(recordTraining(id, "t-1")).as("known from the events").isEqualTo(409);
        assertThat(recordTraining(id, "t-2")).isEqualTo(201);
    }

    /** A project restored from a snapshot alone must still know the hash its next event has to name. */
    @Test
    void theFirstEventRecordedAfterASnapshotNamesTheHashOfTheLastEventBeforeIt() throws Exception {
        String id = registered();
        // Until the latest snapshot covers the last event, so that no event is replayed on top of it.
        for (int i = 1; i <= 20 && latest("snapshotevententry", id) != latest("domainevententry", id); i++) {
            assertThat(recordTraining(id, "t-" + i)).isEqualTo(201);
        }
        long snapshot = latest("snapshotevententry", id);
        assertThat(snapshot).as("a snapshot of the last event").isEqualTo(latest("domainevententry", id)).isPositive();

        projectCache.removeAll();
        assertThat(recordTraining(id, "after-the-snapshot")).isEqualTo(201);

        assertThat(metadata(id, snapshot + 1, "prevHash")).isEqualTo(metadata(id, snapshot, "hash")).hasSize(64);
    }

    /**
     * The activities are kept by the activity ledger, not the aggregate: a snapshot after 50 activities is the size of
     * one after 12, so loading a project from its snapshot costs the same whatever its history.
     */
    @Test
    void aSnapshotDoesNotGrowWithTheProjectsActivities() throws Exception {
        String id = registered();
        assertTheSnapshotDoesNotGrow(id, 12, 50, i -> recordTraining(id, "t-" + i));
    }

    /**
     * The measurements are kept by the measurement ledger, not the aggregate: a snapshot after 1,000 measurements is
     * the size of one after 10 (while the aggregate kept them it grew from 1,979 to 125,639 bytes), so writing one
     * inside a command, and loading a project from it, costs the same whatever its history.
     */
    @Test
    void aSnapshotDoesNotGrowWithTheProjectsMeasurements() throws Exception {
        String id = registered();
        defineAwareness(id);
        assertTheSnapshotDoesNotGrow(id, 10, 1_000, i -> measure(id, "m-" + i, 40));
    }

    /**
     * Records items 1 to {@code total}, each 201: the latest snapshot then, taken well after the one following item
     * {@code early}, is the size of that one.
     */
    private static void assertTheSnapshotDoesNotGrow(String projectId, int early, int total, IntUnaryOperator record)
            throws Exception {
        recordEach(1, early, record);
        long first = latest("snapshotevententry", projectId);
        int size = snapshotSize(projectId);
        recordEach(early + 1, total, record);

        assertThat(latest("snapshotevententry", projectId)).as("a later snapshot")
                .isGreaterThan(first + total - early - 10);
        assertThat(snapshotSize(projectId)).isEqualTo(size).isPositive();
    }

    private static void recordEach(int from, int to, IntUnaryOperator record) {
        for (int i = from; i <= to; i++) {
            assertThat(record.applyAsInt(i)).as("item " + i).isEqualTo(201);
        }
    }

    /**
     * The upgrade that moved the measurements out of the aggregate: a snapshot of revision 12, which held them, and
     * a measurement ledger that has nothing yet. The snapshot is passed over and the ledger folded from the events.
     */
    @Test
    void afterTheUpgradeARevision12SnapshotIsIgnoredAndTheMeasurementsComeFromTheEvents() throws Exception {
        String id = registered();
        measuredCorrectedAndRetracted(id);
        // Until the latest snapshot covers the last event: a project loaded from it would not be snapshotted again.
        for (int i = 1; i <= 20 && latest("snapshotevententry", id) != latest("domainevententry", id); i++) {
            assertThat(recordTraining(id, "t-" + i)).isEqualTo(201);
        }
        assertThat(latest("snapshotevententry", id)).isEqualTo(latest("domainevententry", id));
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement older = connection.prepareStatement(
                     "UPDATE snapshotevententry SET payloadrevision = '12' WHERE aggregateidentifier = ?")) {
            older.setString(1, id);
            assertThat(older.executeUpdate()).isPositive();
        }
        int[] forgotten = org.kronika.command.ledger.LedgerRows.forget(id);
        assertThat(forgotten[1]).as("the activities' head").isEqualTo(1);
        assertThat(forgotten).as("the measurements' rows and head").endsWith(2, 1);

        projectCache.removeAll();

        assertThat(correctMeasurement(id, "m-1", 15)).as("its corrected value, from the events").isEqualTo(422);
        assertThat(correctMeasurement(id, "m-2", 15)).as("retracted, from the events").isEqualTo(422);
        assertThat(measure(id, "m-1", 51)).as("known from the events, with other facts").isEqualTo(409);
        assertThat(http.postForEntity("/api/projects/{id}/amendments", Map.of("endDate", "2024-02-29",
                "reason", "Ends before the survey"), String.class, id).getStatusCode().value())
                .as("m-1 on 2024-03-01 stands, from the events").isEqualTo(422);
        assertThat(correctMeasurement(id, "m-1", 16)).isEqualTo(200);
        // Rebuilt from every event, so snapshotted again in the current shape, without the measurements.
        assertThat(latest("snapshotevententry", id)).as("a new snapshot of the whole history")
                .isEqualTo(latest("domainevententry", id));
        assertThat(snapshotRevisions(id)).containsOnly(Project.SNAPSHOT_REVISION);
        assertThat(recordTraining(id, "t-1")).as("the activities, from the events too").isEqualTo(409);
    }

    /** A percent indicator "aware" measured 51 twice on 2024-03-01: m-1 corrected to 15 since, m-2 retracted. */
    private void measuredCorrectedAndRetracted(String projectId) {
        defineAwareness(projectId);
        for (String measurementId : List.of("m-1", "m-2")) {
            assertThat(measure(projectId, measurementId, 51)).isEqualTo(201);
        }
        assertThat(correctMeasurement(projectId, "m-1", 15)).isEqualTo(200);
        assertThat(http.postForEntity("/api/projects/{id}/indicators/aware/measurements/m-2/retractions",
                Map.of("reason", "Measured in another project"), String.class, projectId).getStatusCode().value())
                .isEqualTo(200);
    }

    private void defineAwareness(String projectId) {
        assertThat(http.postForEntity("/api/projects/{id}/indicators", Map.of("indicatorId", "aware",
                "name", "Citizens aware of budgeting", "unit", "percent", "counts", "measured", "aggregation",
                "latest", "baseline", 10, "target", 40), Map.class, projectId).getStatusCode().value()).isEqualTo(201);
    }

    private int measure(String projectId, String measurementId, double value) {
        return http.postForEntity("/api/projects/{id}/indicators/aware/measurements", Map.of("measurementId",
                measurementId, "measuredOn", "2024-03-01", "value", value), Map.class, projectId)
                .getStatusCode().value();
    }

    /**
     * Whether the project is closed comes back from the snapshot: a project closed out, with more events than the
     * snapshot interval and the closure in its latest snapshot, still refuses everything once loaded from it, and is
     * reopened.
     */
    @Test
    void aClosedProjectRestoredFromASnapshotStillRefusesEverythingButAReopening() throws Exception {
        String id = registered("2022-01-01", "2022-03-31");
        // Until a snapshot covers the last event: the closure, five events on, is then in the next one.
        int recorded = 0;
        while (recorded < 20 && latest("snapshotevententry", id) != latest("domainevententry", id)) {
            assertThat(recordTraining(id, "t-" + ++recorded, "2022-03-12")).isEqualTo(201);
        }
        for (int i = 0; i < 2; i++) {
            assertThat(recordTraining(id, "t-" + ++recorded, "2022-03-12")).isEqualTo(201);
        }
        String period = "/api/projects/" + id + "/periods/2022-Q1";
        assertThat(http.postForEntity(period + "/submissions", Map.of("comment", "All recorded"), String.class)
                .getStatusCode().value()).isEqualTo(200);
        assertThat(postAt(period + "/approvals", latest("domainevententry", id))).isEqualTo(200);
        assertThat(postAt("/api/projects/" + id + "/closures", latest("domainevententry", id))).isEqualTo(200);
        long closure = latest("domainevententry", id);
        assertThat(closure).as("more events than the snapshot interval").isGreaterThan(5);
        assertThat(latest("snapshotevententry", id)).as("a snapshot of the closure").isEqualTo(closure);
        assertThat(snapshotRevisions(id)).containsOnly(Project.SNAPSHOT_REVISION);

        projectCache.removeAll();

        var refused = http.postForEntity("/api/projects/{id}/activities/training-delivered",
                training("late", 10, "2022-03-20"), String.class, id);
        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(409);
        assertThat(json.readTree(refused.getBody()).path("title").asText()).isEqualTo("Project closed");
        assertThat(http.postForEntity("/api/projects/{id}/reopenings", Map.of("reason", "A training was never "
                + "recorded"), String.class, id).getStatusCode().value()).isEqualTo(200);
        assertThat(latest("domainevententry", id)).isEqualTo(closure + 1);
    }

    /** How many times the project was closed comes back from the snapshot, not from zero: the last stays final. */
    @Test
    void aProjectClosedToTheLimitRestoredFromASnapshotStillStaysClosed() throws Exception {
        String id = registered("2022-01-01", "2022-03-31");
        assertThat(recordTraining(id, "t-1", "2022-03-12")).isEqualTo(201);
        String period = "/api/projects/" + id + "/periods/2022-Q1";
        assertThat(http.postForEntity(period + "/submissions", Map.of("comment", "All recorded"), String.class)
                .getStatusCode().value()).isEqualTo(200);
        assertThat(postAt(period + "/approvals", latest("domainevententry", id))).isEqualTo(200);
        for (int closures = 1; closures <= Limits.CLOSURES_PER_PROJECT; closures++) {
            assertThat(postAt("/api/projects/" + id + "/closures", latest("domainevententry", id))).isEqualTo(200);
            if (closures < Limits.CLOSURES_PER_PROJECT) {
                assertThat(http.postForEntity("/api/projects/{id}/reopenings", Map.of("reason", "Once more"),
                        String.class, id).getStatusCode().value()).isEqualTo(200);
            }
        }
        assertThat(snapshotRevisions(id)).containsOnly(Project.SNAPSHOT_REVISION);

        projectCache.removeAll();

        var refused = http.postForEntity("/api/projects/{id}/reopenings", Map.of("reason", "Once more"), String.class,
                id);
        assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(422);
        assertThat(refused.getBody()).contains("already 100 closures of this project, the most allowed");
    }

    /** A command to {@code path} naming the project's version {@code version} as If-Match: its status. */
    private int postAt(String path, long version) {
        HttpHeaders headers = new HttpHeaders();
        headers.setIfMatch("\"" + version + "\"");
        return http.postForEntity(path, new HttpEntity<>(Map.of(), headers), String.class).getStatusCode().value();
    }

    /** A project whose training t-1 was corrected as often as it may be, with snapshots taken on the way. */
    private String correctedToTheLimit() throws Exception {
        String id = registered();
        assertThat(recordTraining(id, "t-1")).isEqualTo(201);
        for (int i = 1; i <= Limits.CORRECTIONS_PER_ACTIVITY; i++) {
            assertThat(correctTraining(id, "t-1", i)).as("correction " + i).isEqualTo(200);
        }
        assertThat(snapshots(id)).as("snapshot rows").isPositive();
        return id;
    }

    private static long latest(String table, String projectId) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT coalesce(max(sequencenumber), -1) FROM " + table + " WHERE aggregateidentifier = ?")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static String metadata(String projectId, long sequence, String key) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement("SELECT metadata FROM domainevententry "
                     + "WHERE aggregateidentifier = ? AND sequencenumber = ?")) {
            query.setString(1, projectId);
            query.setLong(2, sequence);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("event " + sequence + " in the event store").isTrue();
                return new ObjectMapper().readTree(rs.getBytes(1)).path(key).asText();
            }
        }
    }

    private String registered() {
        return registered("2024-01-01", "2024-12-31");
    }

    private String registered(String startDate, String endDate) {
        String id = "p-" + UUID.randomUUID();
        assertThat(http.postForEntity("/api/projects", Map.of("projectId", id, "organisationId", "komf", "organisation", "KOMF",
                "title", "Child protection", "municipalities", List.of("Gjilan"),
                "startDate", startDate, "endDate", endDate), Map.class).getStatusCode().value()).isEqualTo(201);
        return id;
    }

    private int correctTraining(String projectId, String activityId, int late) {
        return http.postForEntity("/api/projects/{id}/activities/{activityId}/corrections", Map.of(
                "reason", late + " more signed the sheet late", "corrected", training(activityId, 10 + late)),
                String.class, projectId, activityId).getStatusCode().value();
    }

    private int recordTraining(String projectId, String activityId) {
        return recordTraining(projectId, activityId, "2024-03-12");
    }

    private int recordTraining(String projectId, String activityId, String occurredOn) {
        return http.postForEntity("/api/projects/{id}/activities/training-delivered",
                training(activityId, 10, occurredOn), Map.class, projectId).getStatusCode().value();
    }

    private static Map<String, Object> training(String activityId, int participants) {
        return training(activityId, participants, "2024-03-12");
    }

    private static Map<String, Object> training(String activityId, int participants, String occurredOn) {
        return Map.of("activityId", activityId, "title", "Case management", "occurredOn", occurredOn,
                "municipality", "Gjilan", "sessions", 1,
                "participants", Map.of("total", participants, "bySex", Map.of("female", 5, "male", 5)));
    }

    private static List<String> snapshotRevisions(String projectId) throws Exception {
        List<String> revisions = new ArrayList<>();
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT payloadrevision FROM snapshotevententry WHERE aggregateidentifier = ?")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    revisions.add(rs.getString(1));
                }
            }
        }
        return revisions;
    }

    /** The size of the project's latest snapshot, in bytes. */
    private static int snapshotSize(String projectId) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement("SELECT length(payload) FROM snapshotevententry "
                     + "WHERE aggregateidentifier = ? ORDER BY sequencenumber DESC LIMIT 1")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                assertThat(rs.next()).as("a snapshot of " + projectId).isTrue();
                return rs.getInt(1);
            }
        }
    }

    private static long snapshots(String projectId) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
