package org.kronika.query.dashboard.review;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the dashboards send the command service for an officer's review, and how they read its answer: a server in
 * the test takes the command service's place, answering as it answers (its end-to-end use, against the real command
 * service in a browser, is {@code DashboardBrowserTest}).
 */
class PeriodReviewsTest {

    private record Received(String method, String path, Map<String, List<String>> headers, String body) {
    }

    private HttpServer server;
    private final List<Received> received = new ArrayList<>();
    private int status = 200;
    private String answer = "{\"projectId\":\"p\",\"version\":8}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", status < 300 ? "application/json"
                    : "application/problem+json");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private PeriodReviews reviews() {
        return new PeriodReviews(new ReviewProperties("http://127.0.0.1:" + server.getAddress().getPort() + "/"));
    }

    @Test
    void anApprovalGoesAsTheOfficerForTheVersionTheyReviewed() {
        var outcome = reviews().send("the-officers-token", "kec-media-clubs", "2024-Q4",
                PeriodReviews.Decision.APPROVE, 7, "Fine");

        assertThat(outcome.accepted()).isTrue();
        Received request = received.get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/projects/kec-media-clubs/periods/2024-Q4/approvals");
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer the-officers-token");
        assertThat(request.headers().get("If-match")).containsExactly("\"7\"");
        assertThat(request.body()).isEqualTo("{\"comment\":\"Fine\"}");
    }

    @Test
    void aReturnWithoutACommentSendsNoneAndTheRefusalIsReadFromItsProblem() {
        status = 422;
        answer = "{\"type\":\"about:blank\",\"title\":\"Project rule violated\",\"status\":422,"
                + "\"detail\":\"comment: is required to return a report\"}";

        var outcome = reviews().send("t", "p 1", "2024-Q4", PeriodReviews.Decision.RETURN, 3, "  ");

        assertThat(received.get(0).path()).as("the id as one path segment")
                .isEqualTo("/api/projects/p%201/periods/2024-Q4/returns");
        assertThat(received.get(0).body()).isEqualTo("{}");
        assertThat(outcome.accepted()).isFalse();
        assertThat(outcome.status()).isEqualTo(422);
        assertThat(outcome.detail()).isEqualTo("comment: is required to return a report");
    }

    @Test
    void aProjectThatMovedOnSaysWhereItIsNow() {
        status = 412;
        answer = "{\"title\":\"Project version mismatch\",\"status\":412,\"currentVersion\":9}";

        var outcome = reviews().send("t", "p", "2024-Q4", PeriodReviews.Decision.APPROVE, 7, null);

        assertThat(outcome.status()).isEqualTo(412);
        assertThat(outcome.current()).isEqualTo(9L);
    }

    @Test
    void aCommandServiceThatDoesNotAnswerIsNoAnswer() {
        server.stop(0);

        var outcome = reviews().send("t", "p", "2024-Q4", PeriodReviews.Decision.APPROVE, 7, null);

        assertThat(outcome.status()).isZero();
        assertThat(outcome.accepted()).isFalse();
        assertThat(new ReviewProperties(" ").enabled()).as("no address, no reviews from the pages").isFalse();
    }
}
