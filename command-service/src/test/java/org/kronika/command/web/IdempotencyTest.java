package org.kronika.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Idempotency-Key's answer is kept in the same PostgreSQL transaction as the command's events: once the events
 * are stored, a retry gets the first answer, whatever happened to the request after its commit. The commands here
 * carry no client-chosen id, so a command run twice would be recorded twice.
 */
class IdempotencyTest extends IntegrationTest {

    private static final String TRAINING = """
            {"title":"Case management","occurredOn":"2024-03-12","municipality":"Gjilan","sessions":1,
             "participants":{"total":10,"bySex":{"female":3,"male":3}}}""";

    private final ObjectMapper json = new ObjectMapper();

    @Autowired
    AfterCommitFaults faults;

    @Test
    void anActivityWhoseAnswerIsLostAfterItsCommitIsRecordedOnceAndItsRetryGetsTheAnswer() throws Exception {
        String projectId = registered();
        String key = UUID.randomUUID().toString();
        String lostAnswer = UUID.randomUUID().toString();
        faults.failAfterCommit(lostAnswer);

        var lost = post(trainingPath(projectId), TRAINING, key, lostAnswer);
        assertThat(lost.getStatusCode().is2xxSuccessful()).as("the client never learns it succeeded").isFalse();
        assertThat(TestInfrastructure.storedEvents(projectId)).as("yet the activity was committed").isEqualTo(2);

        var retry = post(trainingPath(projectId), TRAINING, key, null);

        assertThat(retry.getStatusCode().value()).isEqualTo(201);
        assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
        assertThat(json.readTree(retry.getBody()).path("version").asLong()).isEqualTo(1);
        assertThat(retry.getHeaders().getLocation()).hasToString("/api/projects/" + projectId + "/activities/"
                + json.readTree(retry.getBody()).path("id").asText());
        assertThat(TestInfrastructure.storedEvents(projectId)).as("recorded once").isEqualTo(2);
    }

    @Test
    void aRegistrationWithoutAProjectIdWhoseAnswerIsLostRegistersOneProjectAndItsRetryNamesIt() throws Exception {
        String title = "Registered once " + UUID.randomUUID();
        String body = """
                {"organisationId":"komf","organisation":"KOMF","title":"%s","municipalities":["Gjilan"],
                 "startDate":"2024-01-01","endDate":"2024-12-31"}""".formatted(title);
        String key = UUID.randomUUID().toString();
        String lostAnswer = UUID.randomUUID().toString();
        faults.failAfterCommit(lostAnswer);

        assertThat(post("/api/projects", body, key, lostAnswer).getStatusCode().is2xxSuccessful()).isFalse();
        var retry = post("/api/projects", body, key, null);

        assertThat(retry.getStatusCode().value()).isEqualTo(201);
        assertThat(registrationsTitled(title)).as("one project registered").isEqualTo(1);
        String projectId = json.readTree(retry.getBody()).path("projectId").asText();
        assertThat(retry.getHeaders().getLocation()).hasToString("/api/projects/" + projectId);
        assertThat(TestInfrastructure.storedEvents(projectId)).as("the project the answer names is the one registered").isEqualTo(1);
    }

    /** A process that dies after the commit leaves nothing to finish the request: the retry must not wait for it. */
    @Test
    void aRetryWhileTheFirstRequestHangsAfterItsCommitGetsTheFirstAnswerAtOnce() throws Exception {
        String projectId = registered();
        String key = UUID.randomUUID().toString();
        String hanging = UUID.randomUUID().toString();
        AfterCommitFaults.Hang hang = faults.hangAfterCommit(hanging);
        CompletableFuture<ResponseEntity<String>> first = heldAt(hang, projectId, key, hanging);
        try {
            var retry = post(trainingPath(projectId), TRAINING, key, null);

            assertThat(retry.getStatusCode().value()).isEqualTo(201);
            assertThat(retry.getHeaders().getFirst("Idempotent-Replayed")).isEqualTo("true");
            assertThat(TestInfrastructure.storedEvents(projectId)).isEqualTo(2);
            hang.release();
            assertThat(first.get().getStatusCode().value()).isEqualTo(201);
            assertThat(json.readTree(first.get().getBody())).isEqualTo(json.readTree(retry.getBody()));
        } finally {
            hang.release();
        }
        assertThat(TestInfrastructure.storedEvents(projectId)).isEqualTo(2);
    }

    @Test
    void aRetryWhileTheFirstRequestIsStillInItsTransactionIsToldToRetryAndThenGetsTheAnswer() throws Exception {
        String projectId = registered();
        String key = UUID.randomUUID().toString();
        String slow = UUID.randomUUID().toString();
        AfterCommitFaults.Hang hang = faults.hangBeforeCommit(slow);
        CompletableFuture<ResponseEntity<String>> first = heldAt(hang, projectId, key, slow);
        JsonNode firstAnswer;
        try {
            var meanwhile = post(trainingPath(projectId), TRAINING, key, null);

            assertThat(meanwhile.getStatusCode().value()).isEqualTo(409);
            assertThat(meanwhile.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(meanwhile.getHeaders().getFirst("Retry-After")).as("when to ask again").isEqualTo("1");
            hang.release();
            assertThat(first.get().getStatusCode().value()).isEqualTo(201);
            firstAnswer = json.readTree(first.get().getBody());
        } finally {
            hang.release();
        }
        var retry = post(trainingPath(projectId), TRAINING, key, null);
        assertThat(retry.getStatusCode().value()).isEqualTo(201);
        assertThat(json.readTree(retry.getBody())).isEqualTo(firstAnswer);
        assertThat(TestInfrastructure.storedEvents(projectId)).isEqualTo(2);
    }

    /** Sends a training in the background and returns once it is held where {@code hang} holds it. */
    private CompletableFuture<ResponseEntity<String>> heldAt(AfterCommitFaults.Hang hang, String projectId, String key,
                                                            String correlationId) throws InterruptedException {
        CompletableFuture<ResponseEntity<String>> request = CompletableFuture.supplyAsync(
                () -> post(trainingPath(projectId), TRAINING, key, correlationId));
        hang.awaitReached(Duration.ofSeconds(30));
        return request;
    }

    private static String trainingPath(String projectId) {
        return "/api/projects/" + projectId + "/activities/training-delivered";
    }

    private String registered() {
        return KeyedRequests.registered(http);
    }

    private ResponseEntity<String> post(String path, String body, String idempotencyKey, String correlationId) {
        return KeyedRequests.post(http, path, body, idempotencyKey, correlationId);
    }

    private static long registrationsTitled(String title) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             var query = connection.prepareStatement("SELECT count(*) FROM domainevententry WHERE payloadtype LIKE "
                     + "'%ProjectRegistered' AND convert_from(payload, 'UTF8') LIKE ?")) {
            query.setString(1, "%" + title + "%");
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
