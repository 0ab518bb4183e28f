package org.kronika.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.command.IntegrationTest;
import org.kronika.command.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;

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
 * Groups of commands made on purpose ({@link GroupCommit}): a test holds one command of the project inside its
 * transaction ({@link AfterCommitFaults}), queues the group's requests behind it one by one, in a known order, and
 * lets go: the next request then leads all of them in one transaction.
 */
abstract class HeldGroups extends IntegrationTest {

    protected final ObjectMapper json = new ObjectMapper();

    @Autowired
    AfterCommitFaults faults;
    @Autowired
    ProjectTurns turns;

    /** A request sent in the background, with the correlation id it carries. */
    record Sent(String correlationId, CompletableFuture<ResponseEntity<String>> answer) {
        ResponseEntity<String> response() {
            return answer.join();
        }

        int status() {
            return response().getStatusCode().value();
        }
    }

    // --- holding a command and queueing behind it

    /**
     * A request to queue: its path, body and Idempotency-Key (null for none).
     *
     * @param client whose token it is sent with, or null for the recorder of the project's organisation
     */
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
    protected List<Sent> queuedBehindAHeldCommand(String projectId, List<Queued> requests) throws Exception {
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

    protected void releaseHeld() {
        if (held != null) {
            held.release();
        }
    }

    /** Lets the held command commit and waits for every answer. */
    protected void release(List<Sent> sent) {
        releaseHeld();
        assertThat(heldAnswer.join().getStatusCode().value()).isEqualTo(201);
        sent.forEach(Sent::response);
    }

    protected Queued recording(String projectId, String activityId, String title, String key) throws Exception {
        return new Queued(trainings(projectId), json.writeValueAsString(training(activityId, title)), key);
    }

    protected static String trainings(String projectId) {
        return "/api/projects/" + projectId + "/activities/training-delivered";
    }

    protected static Map<String, Object> training(String activityId, String title) {
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

    protected String registered() {
        return KeyedRequests.registered(http);
    }

    protected ResponseEntity<String> post(String path, String body, String idempotencyKey, String correlationId) {
        return KeyedRequests.post(http, path, body, idempotencyKey, correlationId);
    }

}
