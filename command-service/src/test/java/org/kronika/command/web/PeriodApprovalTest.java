package org.kronika.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.Tokens;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The period workflow over HTTP on the real store: who may take each step, what each step records, that an
 * approval names the head stored before it, and that a locked period changes only with a reason, flagged.
 */
class PeriodApprovalTest extends IntegrationTest {

    private final ObjectMapper json = new ObjectMapper();
    @org.springframework.beans.factory.annotation.Autowired
    Clock clock;

    @Test
    void eachStepIsTakenByItsRoleOnlyAndTheApprovalNamesTheStoredHead() throws Exception {
        String id = registered();
        String q1 = "/api/projects/" + id + "/periods/2024-Q1";
        assertThat(post("/api/projects/" + id + "/activities/training-delivered", training("t-1", "2024-03-12"))
                .getStatusCode().value()).isEqualTo(201);

        assertThat(postAs("officer-demo", q1 + "/submissions", "{\"comment\":\"x\"}").getStatusCode().value())
                .as("an officer does not submit").isEqualTo(403);
        assertThat(postAs("recorder-nopm", q1 + "/submissions", "{\"comment\":\"x\"}").getStatusCode().value())
                .as("nor another organisation's recorder").isEqualTo(403);
        assertThat(post(q1 + "/submissions", "{\"comment\":\"All Q1 trainings recorded\"}").getStatusCode().value())
                .isEqualTo(200);

        for (String client : List.of("recorder-komf", "admin-demo", "auditor-demo")) {
            assertThat(postAs(client, q1 + "/approvals", "{}").getStatusCode().value()).as(client).isEqualTo(403);
            assertThat(postAs(client, q1 + "/returns", "{\"comment\":\"x\"}").getStatusCode().value()).as(client)
                    .isEqualTo(403);
        }
        assertThat(post(q1 + "/returns", "{\"comment\":\"Add the ages\"}").getStatusCode().value()).isEqualTo(200);
        ResponseEntity<String> returned = approve(id, q1, "{}");
        assertProblem(returned, 422, "periodId");
        assertThat(json.readTree(returned.getBody()).path("detail").asText()).as("the field, then the sentence")
                .startsWith("periodId: the report for 2024-Q1 ");
        assertThat(post(q1 + "/submissions", "{\"comment\":\"Ages added\"}").getStatusCode().value()).isEqualTo(200);
        ResponseEntity<String> approval = approve(id, q1, "{\"comment\":\"Matches the sheets\"}");
        assertThat(approval.getStatusCode().value()).isEqualTo(200);

        List<JsonNode> events = events(id);
        JsonNode approved = events.get(events.size() - 1);
        assertThat(approved.path("type").asText()).endsWith("PeriodApproved");
        long head = approved.path("payload").path("headSequence").asLong();
        assertThat(head).isEqualTo(events.size() - 2);
        assertThat(approved.path("payload").path("headHash").asText())
                .isEqualTo(events.get((int) head).path("hash").asText()).hasSize(64);
        assertThat(approved.path("prevHash").asText()).as("the approval is the next link after the head")
                .isEqualTo(approved.path("payload").path("headHash").asText());

        assertThat(postAs("officer-demo", q1 + "/reopenings", "{\"reason\":\"x\"}").getStatusCode().value())
                .as("the officer who approved cannot unlock").isEqualTo(403);
        assertThat(post(q1 + "/reopenings", "{\"reason\":\"The donor asks for figures by community\"}")
                .getStatusCode().value()).isEqualTo(200);
    }

    @Test
    void aLockedPeriodChangesOnlyWithAReasonAndTheChangeIsFlagged() throws Exception {
        String id = registered();
        String q1 = submittedQuarterWithATraining(id);
        assertThat(approve(id, q1, "{}").getStatusCode().value()).isEqualTo(200);
        int before = events(id).size();

        assertProblem(post("/api/projects/" + id + "/activities/training-delivered", training("t-2", "2024-02-02")),
                422, "changeReason");
        assertProblem(post("/api/projects/" + id + "/activities/t-1/corrections",
                "{\"reason\":\" \",\"corrected\":" + training("t-1", "2024-03-13") + "}"), 400, "reason");
        assertThat(events(id)).hasSize(before);

        assertThat(post("/api/projects/" + id + "/activities/training-delivered", withChangeReason(
                training("t-2", "2024-02-02"), "Sheet found in the archive, Vushtrri")).getStatusCode().value())
                .isEqualTo(201);
        List<JsonNode> events = events(id);
        assertThat(events).hasSize(before + 2);
        assertThat(events.get(before).path("payload").has("changeReason")).as("not one of the facts").isFalse();
        JsonNode flag = events.get(before + 1).path("payload");
        assertThat(flag.path("periodIds").get(0).asText()).isEqualTo("2024-Q1");
        assertThat(flag.path("changeSequence").asLong()).isEqualTo(before);
        assertThat(flag.path("changeType").asText()).isEqualTo("training-delivered");
        assertThat(flag.path("reason").asText()).isEqualTo("Sheet found in the archive, Vushtrri");
    }

    /**
     * An approval certifies the figures its officer reviewed, so it names their version: without If-Match it is
     * refused (428), and after any change recorded since, refused too (412), never approved unseen.
     */
    @Test
    void anApprovalNamesTheVersionReviewedAndIsRefusedWithoutItOrWhenTheProjectHasMovedOn() throws Exception {
        String id = registered();
        String q1 = submittedQuarterWithATraining(id);
        int reviewed = events(id).size() - 1;

        ResponseEntity<String> unnamed = post(q1 + "/approvals", "{\"comment\":\"Fine\"}");
        assertProblem(unnamed, 428, "If-Match");
        assertThat(json.readTree(unnamed.getBody()).path("detail").asText()).contains("/periods/2024-Q1");
        assertThat(events(id)).hasSize(reviewed + 1);

        // Recorded while the report waits: the officer never saw it.
        assertThat(post("/api/projects/" + id + "/activities/training-delivered", training("t-2", "2024-03-20"))
                .getStatusCode().value()).isEqualTo(201);
        ResponseEntity<String> stale = postAs("officer-demo", q1 + "/approvals", "{\"comment\":\"Fine\"}",
                "\"" + reviewed + "\"");
        assertProblem(stale, 412, "If-Match");
        assertThat(json.readTree(stale.getBody()).path("currentVersion").asLong()).isEqualTo(reviewed + 1);
        assertThat(events(id)).hasSize(reviewed + 2);

        // A comment is optional; one that says nothing, or too much, is refused naming it.
        assertProblem(approve(id, q1, "{\"comment\":\"   \"}"), 400, "comment");
        ResponseEntity<String> tooLong = approve(id, q1, "{\"comment\":\"" + "x".repeat(2001) + "\"}");
        assertProblem(tooLong, 400, "comment");
        assertThat(json.readTree(tooLong.getBody()).path("detail").asText())
                .isEqualTo("comment: must be at most 2000 characters");
        assertThat(approve(id, q1, "{\"comment\":\"Fine, with t-2\"}").getStatusCode().value()).isEqualTo(200);
        assertThat(events(id).get(reviewed + 2).path("payload").path("headSequence").asLong()).isEqualTo(reviewed + 1);
    }

    /**
     * A submission's or return's comment, or a reopening's reason, longer than it may be is refused naming the field
     * and its maximum in the aggregate's own words, and nothing is recorded.
     */
    @Test
    void anOverlongCommentOrReasonIsRefusedSayingHowLongItMayBe() throws Exception {
        String id = registered();
        String q1 = "/api/projects/" + id + "/periods/2024-Q1";
        int before = events(id).size();

        for (String step : List.of("/submissions", "/returns")) {
            ResponseEntity<String> comment = post(q1 + step, "{\"comment\":\"" + "x".repeat(2001) + "\"}");
            assertProblem(comment, 400, "comment");
            assertThat(json.readTree(comment.getBody()).path("detail").asText()).as(step)
                    .isEqualTo("comment: must be at most 2000 characters");
        }
        ResponseEntity<String> reason = post(q1 + "/reopenings", "{\"reason\":\"" + "x".repeat(1001) + "\"}");
        assertProblem(reason, 400, "reason");
        assertThat(json.readTree(reason.getBody()).path("detail").asText())
                .isEqualTo("reason: must be at most 1000 characters");
        assertThat(events(id)).hasSize(before);
    }

    /**
     * A period still running is refused, naming it and saying when it ends, and nothing is recorded; a project that
     * ended inside it reports on it already. The period is defined around the service's today: from the first of
     * last month to the end of next month.
     */
    @Test
    void aPeriodNotYetEndedIsRefusedNamingItUnlessTheProjectEndedInsideIt() throws Exception {
        LocalDate today = LocalDate.now(clock);
        LocalDate end = today.plusMonths(1).withDayOfMonth(today.plusMonths(1).lengthOfMonth());
        String periodId = "running-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(post("/api/programme/reporting-periods", """
                {"periodId":"%s","calendar":"%s","name":"Running now","start":"%s","end":"%s","dueDate":"%s"}"""
                .formatted(periodId, periodId, today.minusMonths(1).withDayOfMonth(1), end, end.plusDays(30)))
                .getStatusCode().value()).isEqualTo(201);
        String running = registered("2024-01-01", today.plusYears(1).toString());
        int before = events(running).size();

        ResponseEntity<String> early = post("/api/projects/" + running + "/periods/" + periodId + "/submissions",
                "{\"comment\":\"So far\"}");

        assertProblem(early, 422, "periodId");
        assertThat(early.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(json.readTree(early.getBody()).path("detail").asText()).isEqualTo("periodId: " + periodId
                + " has not ended: it ends on " + end + "; its report is submitted after the period ends, from "
                + end.plusDays(1));
        assertThat(events(running)).as("nothing recorded").hasSize(before);

        String ended = registered("2024-01-01", today.minusDays(1).toString());
        assertThat(post("/api/projects/" + ended + "/periods/" + periodId + "/submissions",
                "{\"comment\":\"Our last period\"}").getStatusCode().value()).isEqualTo(200);
    }

    /**
     * The calendar's answer carries its version as ETag, which an administrator sends back as If-Match: a period
     * decided on another version of the calendar is refused (412, naming If-Match, with the version it is at), a weak
     * tag is malformed (400), and neither records anything.
     */
    @Test
    void aPeriodIsDefinedOnlyOnTheCalendarVersionItsIfMatchNames() throws Exception {
        String calendar = "c-" + UUID.randomUUID().toString().substring(0, 8);
        ResponseEntity<String> first = postAs("admin-demo", "/api/programme/reporting-periods", period(calendar, 1),
                null);
        assertThat(first.getStatusCode().value()).as(first.getBody()).isEqualTo(201);
        long version = Long.parseLong(first.getHeaders().getETag().replace("\"", ""));
        String calendarId = "programme:" + json.readTree(first.getBody()).path("programmeId").asText();
        int before = events(calendarId).size();

        ResponseEntity<String> stale = postAs("admin-demo", "/api/programme/reporting-periods", period(calendar, 2),
                "\"" + (version - 1) + "\"");
        assertProblem(stale, 412, "If-Match");
        assertThat(json.readTree(stale.getBody()).path("currentVersion").asLong()).isEqualTo(version);
        assertThat(json.readTree(stale.getBody()).path("title").asText()).isEqualTo("Calendar version mismatch");
        assertProblem(postAs("admin-demo", "/api/programme/reporting-periods", period(calendar, 2),
                "W/\"" + version + "\""), 400, "If-Match");
        assertThat(events(calendarId)).as("nothing recorded").hasSize(before);

        ResponseEntity<String> current = postAs("admin-demo", "/api/programme/reporting-periods", period(calendar, 2),
                "\"" + version + "\"");
        assertThat(current.getStatusCode().value()).as(current.getBody()).isEqualTo(201);
        assertThat(current.getHeaders().getETag()).isEqualTo("\"" + (version + 1) + "\"");
    }

    /** The {@code month}th month of 2031 as a period of {@code calendar}. */
    private static String period(String calendar, int month) {
        java.time.YearMonth of = java.time.YearMonth.of(2031, month);
        return """
                {"periodId":"%s-%d","calendar":"%s","name":"Month %d","start":"%s","end":"%s","dueDate":"%s"}"""
                .formatted(calendar, month, calendar, month, of.atDay(1), of.atEndOfMonth(), of.atEndOfMonth());
    }

    /** The project's first quarter, with training t-1 recorded in it, submitted: its report's path. */
    private String submittedQuarterWithATraining(String id) {
        String q1 = "/api/projects/" + id + "/periods/2024-Q1";
        assertThat(post("/api/projects/" + id + "/activities/training-delivered", training("t-1", "2024-03-12"))
                .getStatusCode().value()).isEqualTo(201);
        assertThat(post(q1 + "/submissions", "{\"comment\":\"Done\"}").getStatusCode().value()).isEqualTo(200);
        return q1;
    }

    /** Approves as the officer, naming the version the project is at now: the one the officer reviewed. */
    private ResponseEntity<String> approve(String projectId, String period, String body) throws Exception {
        return postAs("officer-demo", period + "/approvals", body, "\"" + (events(projectId).size() - 1) + "\"");
    }

    private ResponseEntity<String> postAs(String client, String path, String body, String ifMatch) {
        HttpHeaders headers = jsonHeaders();
        headers.setBearerAuth(Tokens.of(client));
        if (ifMatch != null) {
            headers.setIfMatch(ifMatch);
        }
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private static String withChangeReason(String activity, String reason) {
        return activity.substring(0, activity.length() - 1) + ",\"changeReason\":\"" + reason + "\"}";
    }

    /** The project's stored events in order: type, payload, and the chain's hashes. */
    private List<JsonNode> events(String projectId) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        try (Connection connection = TestInfrastructure.postgres().connect();
             var query = connection.prepareStatement("SELECT payloadtype, payload, metadata FROM domainevententry "
                     + "WHERE aggregateidentifier = ? ORDER BY sequencenumber")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    JsonNode metadata = json.readTree(new String(rs.getBytes(3), StandardCharsets.UTF_8));
                    var event = json.createObjectNode().put("type", rs.getString(1))
                            .put("hash", metadata.path("hash").asText()).put("prevHash", metadata.path("prevHash").asText());
                    event.set("payload", json.readTree(new String(rs.getBytes(2), StandardCharsets.UTF_8)));
                    events.add(event);
                }
            }
        }
        return events;
    }

    private void assertProblem(ResponseEntity<String> response, int status, String field) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(json.readTree(response.getBody()).path("errors").findValuesAsText("field")).contains(field);
    }

    private String registered() {
        return registered("2024-01-01", "2024-12-31");
    }

    private String registered(String startDate, String endDate) {
        String id = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", """
                {"projectId":"%s","organisationId":"komf","organisation":"KOMF","title":"Child protection",
                 "municipalities":["Gjilan"],"startDate":"%s","endDate":"%s"}""".formatted(id, startDate, endDate))
                .getStatusCode().value()).isEqualTo(201);
        return id;
    }

    private static String training(String activityId, String on) {
        return ("{\"activityId\":\"" + activityId + "\",\"title\":\"Case management\",\"occurredOn\":\"" + on
                + "\",\"municipality\":\"Gjilan\",\"sessions\":1,\"participants\":{\"total\":10}}");
    }

    private ResponseEntity<String> post(String path, String body) {
        return http.postForEntity(path, new HttpEntity<>(body, jsonHeaders()), String.class);
    }

    private ResponseEntity<String> postAs(String client, String path, String body) {
        HttpHeaders headers = jsonHeaders();
        headers.setBearerAuth(Tokens.of(client));
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private static HttpHeaders jsonHeaders() {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return headers;
    }
}
