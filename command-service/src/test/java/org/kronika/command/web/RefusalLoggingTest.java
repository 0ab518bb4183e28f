package org.kronika.command.web;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused command is the client's mistake, answered in full to the client: the log gets at most a line of it, never
 * a stack trace, so a caller with a token cannot fill the log with its refusals. A fault of the service still leaves
 * its stack trace there.
 */
class RefusalLoggingTest extends IntegrationTest {

    private static final String TRAINING = """
            {"activityId":"a-1","title":"Case management","occurredOn":"2024-03-12","municipality":"Gjilan",
             "sessions":1,"participants":{"total":10,"bySex":{"female":3,"male":3}}}""";

    @Autowired
    AfterCommitFaults faults;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureTheLog() {
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stopCapturing() {
        root.detachAppender(logs);
    }

    @Test
    void aCommandToAnUnknownProjectOrARegistrationOrActivityBreakingARuleLogsNoStackTrace() {
        assertThat(post("/api/projects/no-such/activities/training-delivered", TRAINING, null).getStatusCode().value())
                .isEqualTo(404);
        String id = registered();
        assertThat(post("/api/projects/" + id + "/activities/training-delivered",
                TRAINING.replace("2024-03-12", "2023-12-31"), null).getStatusCode().value()).isEqualTo(422);
        assertThat(post("/api/projects", project(id), null).getStatusCode().value()).isEqualTo(409);
        assertThat(post("/api/projects", project("p-" + UUID.randomUUID()).replace("Gjilan", "Gotham"), null)
                .getStatusCode().value()).isEqualTo(422);

        assertThat(logs.list).allSatisfy(event -> assertThat(event.getThrowableProxy())
                .as(event.getLoggerName() + ": " + event.getFormattedMessage()).isNull());
    }

    @Test
    void aFaultOfTheServiceStillLogsItsStackTrace() {
        String id = registered();
        String correlationId = UUID.randomUUID().toString();
        faults.failBeforeCommit(correlationId);

        ResponseEntity<String> response = post("/api/projects/" + id + "/activities/training-delivered", TRAINING,
                correlationId);

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(logs.list).anySatisfy(event -> assertThat(event.getThrowableProxy()).isNotNull());
        // Answered as every refusal is, not as Spring Boot's {timestamp, status, error, path}, and naming nothing of
        // what failed inside.
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(response.getBody()).contains("\"title\":\"Internal Server Error\"", "\"status\":500",
                "\"instance\":\"/api/projects/" + id + "/activities/training-delivered\"")
                .doesNotContain("AfterCommitFaults", "timestamp");
    }

    private String registered() {
        String id = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", project(id), null).getStatusCode().value()).isEqualTo(201);
        return id;
    }

    private static String project(String id) {
        return """
                {"projectId":"%s","organisationId":"komf","organisation":"KOMF","title":"Child protection",
                 "municipalities":["Gjilan"],"startDate":"2024-01-01","endDate":"2024-12-31"}""".formatted(id);
    }

    private ResponseEntity<String> post(String path, String body, String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (correlationId != null) {
            headers.set("X-Correlation-Id", correlationId);
        }
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

}
