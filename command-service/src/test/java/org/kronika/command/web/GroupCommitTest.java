package org.kronika.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.ResponseEntity;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Commands that wait for their project's turn are committed together ({@link GroupCommit}). Each test holds one
 * command of the project inside its transaction ({@link AfterCommitFaults}), queues the group's requests behind it
 * one by one, in a known order, and lets go: the next request then leads all of them in one transaction.
 */
class GroupCommitTest extends IntegrationTest {

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    AfterCommitFaults faults;
    @Autowired
    ProjectTurns turns;
    @Autowired
    MeterRegistry meters;
    @Autowired
    @Qualifier("projectCache")
    Cache projectCache;

    /** A request sent in the background, with the correlation id it carries. */
    record Sent(String correlationId, CompletableFuture<ResponseEntity<String>> answer) {
        ResponseEntity<String> response() {
            return answer.join();
        }

        int status() {
            return response().getStatusCode().value();
        }
    }

    @Test
    void aGroupDecidesEachCommandOnWhatTheOnesBeforeItLeftAndARefusedOrFailedOneLeavesNoTrace() throws Exception {
        String projectId = registered();
        String failingKey = UUID.randomUUID().toString();
        withTrigger("refuse_marked_event", "BEFORE INSERT ON domainevententry FOR EACH ROW",
                "convert_from(NEW.payload, 'UTF8') LIKE '%Marked to fail%'",
                () -> queuedBehindAHeldCommand(projectId, List.of(
                            recording(projectId, "a1", "Case management", null),
                            correcting(projectId, "never-recorded"),
                            // Fails on the database, after its idempotency row was written in the transaction.
                            recording(projectId, "m1", "Marked to fail", failingKey),
                            correcting(projectId, "a1"),
                            recording(projectId, "a1", "Case management again", null),
                            recording(projectId, "a2", "Case management", null))),
                sent -> assertThat(sent).extracting(Sent::status).containsExactly(201, 404, 500, 200, 409, 201));
        // The registration, the held training, then a1, its correction and a2 in one group of six.
        assertThat(TestInfrastructure.storedEvents(projectId)).isEqualTo(5);
        assertThat(activityIds(projectId)).containsExactly("held", "a1", "a1", "a2");
        assertThat(idempotencyRows(failingKey)).as("the failed command's key").isZero();
        assertThat(ledgerRows(projectId)).containsExactlyInAnyOrder("held", "a1", "a2");
    }

    /**
     * A retry of a keyed command still waiting in its project's queue: it was sent at once, beside the group about to
     * decide the first, outside the project's turn, and could hold the project against it until PostgreSQL ended the
     * group's transaction. It is told to retry shortly; the first is stored once and its answer replayed after.
     */
    @Test
    void aRetryOfACommandStillWaitingForItsTurnIsToldToRetryAndLaterGetsTheFirstAnswer() throws Exception {
        String projectId = registered();
        String key = UUID.randomUUID().toString();
        String body = json.writeValueAsString(training("k1", "Case management"));
        List<Sent> sent = queuedBehindAHeldCommand(projectId, List.of(new Queued(trainings(projectId), body, key,
                null)));
        ResponseEntity<String> meanwhile;
        try {
            meanwhile = post(trainings(projectId), body, key, UUID.randomUUID().toString());
        } finally {
            release(sent);
        }
        assertThat(meanwhile.getStatusCode().value()).as(meanwhile.getBody()).isEqualTo(409);
        assertThat(meanwhile.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(sent.get(0).status()).isEqualTo(201);
        ResponseEntity<String> later = post(trainings(projectId), body, key, UUID.randomUUID().toString());
        assertThat(later.getStatusCode().value()).isEqualTo(201);
        assertThat(later.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(activityIds(projectId)).containsExactly("held", "k1");
    }

    /**
     * An Error while deciding one command of a group (out of memory, say): the others are stored and answered so.
     * The Error was thrown while answering the group, after its commit: the commands after it, and the group's
     * leader, were answered 500 though stored, and a client without a key sent them again.
     */
    @Test
    void anErrorInOneCommandOfAGroupLeavesTheOthersStoredAndAnsweredAsStored() throws Exception {
        String projectId = registered();
        faults.errorFor("Fails with an Error");
        try {
            List<Sent> sent = queuedBehindAHeldCommand(projectId, List.of(
                    recording(projectId, "a1", "Case management", null),
                    recording(projectId, "e1", "Fails with an Error", null),
                    recording(projectId, "a2", "Case management", null)));
            release(sent);
            assertThat(sent).extracting(Sent::status).containsExactly(201, 500, 201);
        } finally {
            faults.noErrors();
            releaseHeld();
        }
        assertThat(activityIds(projectId)).containsExactly("held", "a1", "a2");
    }

    @Test
    void eachCommandOfAGroupIsStoredWithItsOwnRequestsCorrelationIdAndAnsweredWithItsOwnVersion() throws Exception {
        String projectId = registered();
        DistributionSummary sizes = meters.get(GroupCommit.GROUP_SIZE).summary();
        long groupsBefore = sizes.count();
        double commandsBefore = sizes.totalAmount();

        List<Sent> sent = queuedBehindAHeldCommand(projectId, List.of(
                recording(projectId, "b1", "Case management", null),
                recording(projectId, "b2", "Case management", null),
                recording(projectId, "b3", "Case management", null)));
        release(sent);

        assertThat(sent).extracting(Sent::status).containsOnly(201);
        assertThat(sent).extracting(s -> version(s.response())).containsExactly(2L, 3L, 4L);
        assertThat(sizes.count() - groupsBefore).as("the held command alone, then one group").isEqualTo(2);
        assertThat(sizes.totalAmount() - commandsBefore).isEqualTo(4);
        for (Sent request : sent) {
            assertThat(eventsCorrelatedWith(request.correlationId())).as(request.correlationId()).isEqualTo(1);
        }
    }

    /**
     * A project is snapshotted after the command that reaches the interval (5 events here), still inside the group's
     * transaction: a snapshot that fails to be stored must not take the group's commands with it.
     */
    @Test
    void aSnapshotThatCannotBeStoredInsideAGroupLeavesTheGroupsCommandsStored() throws Exception {
        String projectId = registered();
        withTrigger("refuse_snapshot", "BEFORE INSERT ON snapshotevententry FOR EACH ROW",
                "NEW.aggregateidentifier = '" + projectId + "'",
                () -> queuedBehindAHeldCommand(projectId, List.of(
                        recording(projectId, "s1", "Case management", null),
                        recording(projectId, "s2", "Case management", null),
                        recording(projectId, "s3", "Case management", null),
                        recording(projectId, "s4", "Case management", null),
                        recording(projectId, "s5", "Case management", null),
                        recording(projectId, "s6", "Case management", null))),
                sent -> assertThat(sent).extracting(Sent::status).containsOnly(201));
        assertThat(TestInfrastructure.storedEvents(projectId)).as("the registration, the held training, six more")
                .isEqualTo(8);
    }

    /**
     * The leader runs the others' commands on its own thread: each must be decided as its own caller's, who the
     * project's rules allow or refuse and whom its events name, never as the leader's.
     */
    @Test
    void eachCommandOfAGroupIsDecidedAndStoredAsItsOwnCallersNotTheLeaders() throws Exception {
        String projectId = registered();
        Queued foreign = recording(projectId, "f1", "Case management", null);
        List<Sent> sent = queuedBehindAHeldCommand(projectId, List.of(
                recording(projectId, "k1", "Case management", null),
                new Queued(foreign.path(), foreign.body(), null, "recorder-kec"),
                recording(projectId, "k2", "Case management", null)));
        release(sent);

        assertThat(sent).extracting(Sent::status).containsExactly(201, 403, 201);
        assertThat(activityIds(projectId)).containsExactly("held", "k1", "k2");
        assertThat(strings("SELECT convert_from(metadata, 'UTF8') FROM domainevententry WHERE aggregateidentifier = ?",
                projectId)).noneMatch(metaData -> metaData.contains("kec"));
    }

    @Test
    void aGroupWhoseCommitFailsStoresNothingAnswersNoneAsAcceptedAndLeavesNoProjectCachedAheadOfTheStore()
            throws Exception {
        String projectId = registered();
        withTrigger("refuse_marked_commit", "AFTER INSERT ON domainevententry DEFERRABLE INITIALLY DEFERRED "
                        + "FOR EACH ROW", "convert_from(NEW.payload, 'UTF8') LIKE '%Marked to fail%'",
                () -> queuedBehindAHeldCommand(projectId, List.of(
                        recording(projectId, "c1", "Case management", null),
                        recording(projectId, "c2", "Marked to fail", null),
                        recording(projectId, "c3", "Case management", null))),
                sent -> {
                    assertThat(sent).allSatisfy(s -> assertThat(s.response().getStatusCode().is2xxSuccessful())
                            .as(s.correlationId()).isFalse());
                    assertThat(projectCache.containsKey(projectId)).as("cached after the failed commit").isFalse();
                });
        assertThat(TestInfrastructure.storedEvents(projectId)).as("the registration and the held training")
                .isEqualTo(2);

        var after = post(trainings(projectId),
                json.writeValueAsString(training("c1", "Case management")), null, null);
        assertThat(after.getStatusCode().value()).isEqualTo(201);
        assertThat(version(after)).isEqualTo(2);
        assertThat(activityIds(projectId)).containsExactly("held", "c1");
    }

    @Test
    void aGroupThatLosesTheRaceToAnotherInstanceHasEachCommandDecidedAgainAloneAndStoredOnce() throws Exception {
        String projectId = registered();
        var first = post(trainings(projectId),
                json.writeValueAsString(training("t0", "Case management")), null, null);
        assertThat(first.getStatusCode().value()).isEqualTo(201);

        List<Sent> sent;
        try (Connection otherInstance = TestInfrastructure.postgres().connect()) {
            otherInstance.setAutoCommit(false);
            sent = queuedBehindAHeldCommand(projectId, List.of(
                    recording(projectId, "g1", "Case management", null),
                    recording(projectId, "g2", "Case management", null),
                    recording(projectId, "g3", "Case management", null)));
            // The other instance appends the event after the held one, uncommitted: the group's first append of
            // that sequence waits for it, and fails once it commits.
            try (var insert = otherInstance.prepareStatement("INSERT INTO domainevententry (eventidentifier, "
                    + "aggregateidentifier, sequencenumber, type, timestamp, payloadtype, payloadrevision, payload, "
                    + "metadata) SELECT ?, aggregateidentifier, 3, type, timestamp, payloadtype, payloadrevision, "
                    + "convert_to(replace(convert_from(payload, 'UTF8'), '\"t0\"', '\"other\"'), 'UTF8'), metadata "
                    + "FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 1")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.setString(2, projectId);
                assertThat(insert.executeUpdate()).isEqualTo(1);
            }
            releaseHeld();
            await().atMost(Duration.ofSeconds(30)).until(() -> appendsWaitingForALock() > 0);
            otherInstance.commit();
        }

        assertThat(sent).extracting(Sent::status).containsOnly(201);
        assertThat(sent).extracting(s -> version(s.response())).containsExactly(4L, 5L, 6L);
        assertThat(activityIds(projectId)).containsExactly("t0", "held", "other", "g1", "g2", "g3");
        assertThat(TestInfrastructure.storedEvents(projectId)).isEqualTo(7);
    }

    @Test
    void aKeyedCommandInAGroupIsStoredOnceAndItsRetryGetsTheFirstAnswer() throws Exception {
        String projectId = registered();
        String key = UUID.randomUUID().toString();
        String body = json.writeValueAsString(training(null, "Case management"));

        List<Sent> sent = queuedBehindAHeldCommand(projectId, List.of(
                recording(projectId, "k0", "Case management", null),
                new Queued(trainings(projectId), body, key)));
        release(sent);
        assertThat(sent).extracting(Sent::status).containsOnly(201);

        var retry = post(trainings(projectId), body, key, null);

        assertThat(retry.getStatusCode().value()).isEqualTo(201);
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(json.readTree(retry.getBody())).isEqualTo(json.readTree(sent.get(1).response().getBody()));
        assertThat(TestInfrastructure.storedEvents(projectId)).isEqualTo(4);
    }

    // --- holding a command and queueing behind it

    /** A request to queue: its path, body and Idempotency-Key (null for none). */
    /** @param client whose token it is sent with, or null for the recorder of the project's organisation */
    record Queued(String path, String body, String key, String client) {
        Queued(String path, String body, String key) {
            this(path, body, key, null);
        }
    }

    /** The command the group waits behind, and its answer. */
    private AfterCommitFaults.Hang held;
    private CompletableFuture<ResponseEntity<String>> heldAnswer;

    /**
     * Sends a training (activity "held") that stops inside its transaction, then each request in order, each once
     * the one before waits for the project's turn. The held command stays held until {@link #release}.
     */
    private List<Sent> queuedBehindAHeldCommand(String projectId, List<Queued> requests) throws Exception {
        String heldCorrelation = UUID.randomUUID().toString();
        held = faults.hangBeforeCommit(heldCorrelation);
        String heldBody = json.writeValueAsString(training("held", "Case management"));
        CompletableFuture<ResponseEntity<String>> first = CompletableFuture.supplyAsync(() -> post(
                trainings(projectId), heldBody, null, heldCorrelation));
        held.awaitReached(Duration.ofSeconds(30));
        List<Sent> sent = new ArrayList<>();
        for (Queued request : requests) {
            String correlationId = UUID.randomUUID().toString();
            sent.add(new Sent(correlationId, CompletableFuture.supplyAsync(() -> request.client() == null
                    ? post(request.path(), request.body(), request.key(), correlationId)
                    : KeyedRequests.post(http, request.path(), request.body(), request.key(), correlationId,
                    Tokens.of(request.client())))));
            int waiting = sent.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> turns.waiting(projectId) == waiting);
        }
        heldAnswer = first;
        return sent;
    }

    private void releaseHeld() {
        if (held != null) {
            held.release();
        }
    }

    /** Lets the held command commit and waits for every answer. */
    private void release(List<Sent> sent) {
        releaseHeld();
        assertThat(heldAnswer.join().getStatusCode().value()).isEqualTo(201);
        sent.forEach(Sent::response);
    }

    private interface Queueing {
        List<Sent> queue() throws Exception;
    }

    private interface Answers {
        void check(List<Sent> sent) throws Exception;
    }

    /** Runs the group with a trigger raising for the rows {@code when} picks, dropped afterwards whatever happens. */
    private void withTrigger(String name, String timing, String when, Queueing queueing, Answers answers)
            throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect()) {
            connection.createStatement().execute("CREATE FUNCTION " + name + "() RETURNS trigger AS $$ BEGIN "
                    + "IF " + when + " THEN RAISE EXCEPTION 'refused by the test''s trigger'; END IF; "
                    + "RETURN NEW; END $$ LANGUAGE plpgsql");
            connection.createStatement().execute("CREATE " + (timing.contains("DEFERRABLE") ? "CONSTRAINT " : "")
                    + "TRIGGER " + name + " " + timing + " EXECUTE FUNCTION " + name + "()");
            try {
                List<Sent> sent = queueing.queue();
                release(sent);
                answers.check(sent);
            } finally {
                releaseHeld();
                connection.createStatement().execute("DROP TRIGGER " + name + " ON "
                        + timing.replaceFirst("(?s).* ON (\\w+) .*", "$1"));
                connection.createStatement().execute("DROP FUNCTION " + name + "()");
            }
        }
    }

    // --- requests

    private Queued recording(String projectId, String activityId, String title, String key) throws Exception {
        return new Queued(trainings(projectId), json.writeValueAsString(training(activityId, title)), key);
    }

    /** A correction of the activity: the training as corrected, twelve participants. */
    private Queued correcting(String projectId, String activityId) throws Exception {
        Map<String, Object> corrected = training(activityId, "Case management");
        corrected.put("participants", Map.of("total", 12));
        return new Queued("/api/projects/" + projectId + "/activities/" + activityId + "/corrections",
                json.writeValueAsString(Map.of("reason", "Attendance sheet recounted", "corrected", corrected)), null);
    }

    private static String trainings(String projectId) {
        return "/api/projects/" + projectId + "/activities/training-delivered";
    }

    private static Map<String, Object> training(String activityId, String title) {
        Map<String, Object> training = new LinkedHashMap<>();
        if (activityId != null) {
            training.put("activityId", activityId);
        }
        training.put("title", title);
        training.put("occurredOn", "2024-03-12");
        training.put("municipality", "Gjilan");
        training.put("sessions", 1);
        training.put("participants", Map.of("total", 10));
        return training;
    }

    private String registered() {
        return KeyedRequests.registered(http);
    }

    private ResponseEntity<String> post(String path, String body, String idempotencyKey, String correlationId) {
        return KeyedRequests.post(http, path, body, idempotencyKey, correlationId);
    }

    private long version(ResponseEntity<String> response) {
        try {
            JsonNode answer = json.readTree(response.getBody());
            return answer.path("version").asLong();
        } catch (Exception e) {
            throw new IllegalStateException(response.getBody(), e);
        }
    }

    // --- the store

    /** The activity id of each of the project's stored events after its registration, in order. */
    private static List<String> activityIds(String projectId) throws Exception {
        return strings("SELECT convert_from(payload, 'UTF8')::json ->> 'activityId' FROM domainevententry "
                + "WHERE aggregateidentifier = ? AND sequencenumber > 0 ORDER BY sequencenumber", projectId);
    }

    private static List<String> ledgerRows(String projectId) throws Exception {
        return strings("SELECT activity_id FROM activity_ledger WHERE project_id = ?", projectId);
    }

    private static long idempotencyRows(String key) throws Exception {
        return Long.parseLong(strings("SELECT count(*) FROM idempotency_keys WHERE idempotency_key LIKE ?",
                "% " + key).get(0));
    }

    private static long eventsCorrelatedWith(String correlationId) throws Exception {
        return Long.parseLong(strings("SELECT count(*) FROM domainevententry WHERE convert_from(metadata, 'UTF8') "
                + "LIKE ?", "%" + correlationId + "%").get(0));
    }

    private static long appendsWaitingForALock() throws Exception {
        return Long.parseLong(strings("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                + "AND query ILIKE ?", "insert into domainevententry%").get(0));
    }

    private static List<String> strings(String sql, String parameter) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             var query = connection.prepareStatement(sql)) {
            query.setString(1, parameter);
            List<String> values = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
            return values;
        }
    }
}
