package org.kronika.command.web;

import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** PostgreSQL stopped under the running service, then started again: no restart of the service is needed. */
class EventStoreOutageTest extends IntegrationTest {

    @Test
    void whilePostgresIsDownCommandsAre503WithinASecondWithRetryAfterAndTheServiceRecoversByItself() {
        String projectId = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", """
                {"projectId":"%s","organisationId":"komf","organisation":"KOMF","title":"Child protection",
                 "municipalities":["Gjilan"],"startDate":"2024-01-01","endDate":"2024-12-31"}""".formatted(projectId))
                .getStatusCode().value()).isEqualTo(201);

        TestInfrastructure.postgres().stop();
        try {
            for (int i = 0; i < 5; i++) {
                long started = System.nanoTime();
                ResponseEntity<String> refused = post(trainingPath(projectId), training("down-" + i));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(refused.getStatusCode().value()).as(refused.getBody()).isEqualTo(503);
                assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
                assertThat(refused.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNotBlank();
                assertThat(took).as("answered within a second").isLessThan(Duration.ofSeconds(1));
            }
        } finally {
            TestInfrastructure.postgres().start();
        }

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> post(trainingPath(projectId), training("after")).getStatusCode().value() == 201);
    }

    private static String trainingPath(String projectId) {
        return "/api/projects/" + projectId + "/activities/training-delivered";
    }

    private static String training(String activityId) {
        return """
                {"activityId":"%s","title":"Case management","occurredOn":"2024-03-12","municipality":"Gjilan",
                 "sessions":1,"participants":{"total":10}}""".formatted(activityId);
    }

    private ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }
}
