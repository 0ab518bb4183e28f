package org.kronika.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every rejection is problem+json naming the offending field, and leaves the event store untouched. */
class CommandApiTest extends IntegrationTest {

    @Autowired
    TestRestTemplate http;
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void registeringTheSameProjectTwiceIsAConflict() throws Exception {
        String id = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", project(id)).getStatusCode().value()).isEqualTo(201);
        long before = eventCount();

        var again = post("/api/projects", project(id));

        assertProblem(again, 409, "projectId");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsPartsThatExceedTheTotal() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/trainings", training("2024-03-12", "Gjilan", 10, 8, 3));
        assertProblem(response, 422, "participants");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsNegativeCountsNamingTheField() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/trainings", training("2024-03-12", "Gjilan", 10, -1, 3));
        assertProblem(response, 400, "participants.female");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsNonIntegerCounts() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/trainings",
                training("2024-03-12", "Gjilan", 10, 3, 3).replace("\"total\":10", "\"total\":10.5"));
        assertProblem(response, 400, "participants.total");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsATrainingBeforeTheProjectStarts() throws Exception {
        String id = registered();
        long before = eventCount();
        var response = post("/api/projects/" + id + "/trainings", training("2023-12-31", "Gjilan", 10, 3, 3));
        assertProblem(response, 422, "deliveredOn");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAnUnknownProjectWithNotFound() throws Exception {
        long before = eventCount();
        var response = post("/api/projects/no-such-project/trainings", training("2024-03-12", "Gjilan", 10, 3, 3));
        assertThat(response.getStatusCode().value()).isEqualTo(404);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsMalformedJson() throws Exception {
        long before = eventCount();
        var response = post("/api/projects", "{\"projectId\": \"x\", ");
        assertThat(response.getStatusCode().value()).isEqualTo(400);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void rejectsAnIdThatCouldBeAPathOrAnOperator() throws Exception {
        long before = eventCount();
        assertProblem(post("/api/projects", project("../etc")), 400, "projectId");
        assertProblem(post("/api/projects", project("$gt")), 400, "projectId");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void aRetriedTrainingWithTheSameActivityIdIsRecordedOnce() throws Exception {
        String id = registered();
        String body = training("2024-03-12", "Gjilan", 10, 3, 3);
        assertThat(post("/api/projects/" + id + "/trainings", body).getStatusCode().value()).isEqualTo(201);
        long before = eventCount();
        assertProblem(post("/api/projects/" + id + "/trainings", body), 409, "activityId");
        assertThat(eventCount()).isEqualTo(before);
    }

    private void assertProblem(ResponseEntity<String> response, int status, String field) throws Exception {
        assertThat(response.getStatusCode().value()).as(response.getBody()).isEqualTo(status);
        assertThat(response.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        JsonNode problem = json.readTree(response.getBody());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("errors").findValuesAsText("field")).contains(field);
    }

    private String registered() {
        String id = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", project(id)).getStatusCode().value()).isEqualTo(201);
        return id;
    }

    private static String project(String id) {
        return """
                {"projectId":"%s","organisation":"KOMF","title":"Child protection","municipalities":["Gjilan"],
                 "startDate":"2024-01-01","endDate":"2024-12-31"}""".formatted(id);
    }

    private static String training(String on, String municipality, int total, int female, int male) {
        return """
                {"activityId":"a-1","title":"Case management","deliveredOn":"%s","municipality":"%s",
                 "participants":{"total":%d,"female":%d,"male":%d}}""".formatted(on, municipality, total, female, male)
                .replace("\n", "").replace(" ", "");
    }

    private ResponseEntity<String> post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    private static long eventCount() throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             ResultSet rs = connection.createStatement().executeQuery("SELECT count(*) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
