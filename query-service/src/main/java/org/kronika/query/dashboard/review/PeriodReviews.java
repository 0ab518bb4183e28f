package org.kronika.query.dashboard.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An officer's review of a period report, sent from the dashboards to the command service as the officer: with the
 * access token they signed in with, so the event names the person, not a client, and the command side decides
 * exactly as for any caller of its API (role, organisation, the report's status, the version reviewed).
 */
@Component
public class PeriodReviews {

    /** What the officer decides: approve the figures they reviewed, or return the report to its project. */
    public enum Decision {
        APPROVE("approvals"), RETURN("returns");

        private final String path;

        Decision(String path) {
            this.path = path;
        }

        public static Decision of(String name) {
            return "approve".equals(name) ? APPROVE : "return".equals(name) ? RETURN : null;
        }
    }

    /**
     * What the command service answered.
     *
     * @param status  its HTTP status; 0 when it did not answer
     * @param title   a refusal's problem title, else null
     * @param detail  a refusal's problem detail, else null
     * @param current for a 412, the version the project is at now
     * @param field   the first field a refusal names in its {@code errors}, else null
     * @param message what the refusal says of that field, else null
     */
    public record Outcome(int status, String title, String detail, Long current, String field, String message) {

        static Outcome unanswered() {
            return new Outcome(0, null, null, null, null, null);
        }

        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final ReviewProperties properties;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public PeriodReviews(ReviewProperties properties) {
        this.properties = properties;
    }

    public boolean enabled() {
        return properties.enabled();
    }

    /**
     * @param version the project version whose figures the officer reviewed: the command applies only at it
     * @param comment null or blank for none (a return needs one; the command side says so)
     */
    public Outcome send(String accessToken, String projectId, String periodId, Decision decision, long version,
                        String comment) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (comment != null && !comment.isBlank()) {
            body.put("comment", comment);
        }
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(properties.commandServiceUrl().replaceAll("/+$", "")
                            + "/api/projects/" + segment(projectId) + "/periods/" + segment(periodId) + "/"
                            + decision.path))
                    .timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + accessToken)
                    .header("Content-Type", "application/json")
                    .header("If-Match", "\"" + version + "\"")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() < 300) {
                return new Outcome(response.statusCode(), null, null, null, null, null);
            }
            JsonNode problem = problem(response.body());
            JsonNode fault = problem.path("errors").path(0);
            return new Outcome(response.statusCode(), text(problem, "title"), text(problem, "detail"),
                    problem.path("currentVersion").isIntegralNumber() ? problem.path("currentVersion").asLong() : null,
                    text(fault, "field"), text(fault, "message"));
        } catch (IOException e) {
            return Outcome.unanswered();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.unanswered();
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode problem(String body) {
        try {
            return JSON.readTree(body == null ? "" : body);
        } catch (IOException notJson) {
            return JSON.createObjectNode();
        }
    }

    private static String text(JsonNode node, String field) {
        return node != null && node.path(field).isTextual() ? node.path(field).asText() : null;
    }
}
