package org.kronika.query.stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.Tokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProjectionFromStreamTest {

    private static final String TOPIC = "kronika.project-events.query-test";
    private static ContractProducer producer;

    @Autowired
    TestRestTemplate http;
    @Autowired
    ProjectEventStream stream;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    RejectedRecords rejected;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "kronika-query-test", TOPIC);
    }

    @org.junit.jupiter.api.BeforeEach
    void readAsAnAuditor() {
        http.getRestTemplate().setInterceptors(List.of((request, body, execution) -> {
            if (!request.getHeaders().containsKey(org.springframework.http.HttpHeaders.AUTHORIZATION)) {
                request.getHeaders().setBearerAuth(Tokens.of("auditor-demo"));
            }
            return execution.execute(request, body);
        }));
    }

    @BeforeAll
    static void topic() throws Exception {
        ContractProducer.createTopic(TestInfrastructure.kafka().bootstrapServers(), TOPIC, 3);
        producer = new ContractProducer(TestInfrastructure.kafka().bootstrapServers(), TOPIC);
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void projectsTheStreamIntoASummaryAndAHistory() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id));
        producer.send(1, training(id, "t-1", "Gjilan", Participants.bySex(18, 14, 3)));
        producer.send(2, training(id, "t-2", "Prishtinë", Participants.bySex(10, 5, 5)));

        Map<?, ?> summary = awaitVersion(id, 2);
        assertThat(summary.get("title")).isEqualTo("Monitoring the Law on Child Protection");
        Map<?, ?> totals = (Map<?, ?>) summary.get("totals");
        assertThat(totals.get("activities")).isEqualTo(2);
        assertThat(totals.get("participants")).isEqualTo(Map.of("total", 28, "bySex", Map.of("female", 19, "male", 8)));
        assertThat((List<?>) totals.get("byMunicipality")).hasSize(2);

        var history = http.getForObject("/api/projects/{id}/history", Map.class, id);
        List<Map<String, Object>> entries = entries(history);
        assertThat(entries).extracting(e -> e.get("sequence")).containsExactly(0, 1, 2);
        assertThat(entries).extracting(e -> e.get("type")).containsExactly("org.kronika.project-registered.v1",
                "org.kronika.training-delivered.v1", "org.kronika.training-delivered.v1");
        assertThat(((Map<?, ?>) entries.get(1).get("payload")).get("activityId")).isEqualTo("t-1");
    }

    @Test
    void aRedeliveredEventIsNotCountedTwice() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id));
        var training = training(id, "t-1", "Gjilan", Participants.bySex(18, 14, 3));
        producer.send(1, training);
        producer.send(1, training);
        producer.send(0, registered(id));
        producer.send(2, training(id, "t-2", "Gjilan", Participants.bySex(2, 1, 1)));

        Map<?, ?> summary = awaitVersion(id, 2);
        assertThat(totals(summary).get("activities")).isEqualTo(2);
        assertThat(((Map<?, ?>) totals(summary).get("participants")).get("total")).isEqualTo(20);
        assertThat(entries(http.getForObject("/api/projects/{id}/history", Map.class, id))).hasSize(3);
    }

    @Test
    void anEventThatArrivesEarlyWaitsForTheOneBeforeIt() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id));
        producer.send(2, training(id, "t-2", "Gjilan", Participants.bySex(2, 1, 1)));
        awaitVersion(id, 0);

        // The publisher re-sends from its last acknowledged position, so the missing event comes with a repeat.
        producer.send(1, training(id, "t-1", "Gjilan", Participants.bySex(18, 14, 3)));
        producer.send(2, training(id, "t-2", "Gjilan", Participants.bySex(2, 1, 1)));

        Map<?, ?> summary = awaitVersion(id, 2);
        assertThat(totals(summary).get("activities")).isEqualTo(2);
        assertThat(((Map<?, ?>) totals(summary).get("participants")).get("total")).isEqualTo(20);
    }

    @Test
    void anUnknownEventTypeIsKeptInTheHistoryAndDoesNotStallTheProject() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id));
        producer.send(1, "org.kronika.something-from-the-future.v1", id,
                ("{\"projectId\":\"" + id + "\",\"novel\":true}").getBytes(StandardCharsets.UTF_8));
        producer.send(2, training(id, "t-1", "Gjilan", Participants.bySex(3, 1, 1)));

        Map<?, ?> summary = awaitVersion(id, 2);
        assertThat(totals(summary).get("activities")).isEqualTo(1);
        assertThat(entries(http.getForObject("/api/projects/{id}/history", Map.class, id)))
                .extracting(e -> e.get("type")).contains("org.kronika.something-from-the-future.v1");
    }

    @Test
    void aRecordThatBreaksTheContractIsSetAsideWithItsReason() throws Exception {
        long before = rejected.count();
        producer.sendRaw(new ProducerRecord<>(TOPIC, "broken", "{not json".getBytes(StandardCharsets.UTF_8)));
        String id = newProjectId();
        producer.send(0, registered(id));

        awaitVersion(id, 0);
        assertThat(rejected.count()).isEqualTo(before + 1);
    }

    @Test
    void rebuildsEveryReadModelFromTheTopicWhenTheReadStoreIsLost() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id));
        producer.send(1, training(id, "t-1", "Gjilan", Participants.bySex(18, 14, 3)));
        Map<?, ?> before = awaitVersion(id, 1);
        var projectsBefore = http.getForObject("/api/projects", List.class);

        stream.stop();
        mongo.getDb().drop();
        assertThat(http.getForEntity("/api/projects/{id}", Map.class, id).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        stream.start();

        Map<?, ?> after = awaitVersion(id, 1);
        assertThat(after).isEqualTo(before);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(http.getForObject("/api/projects", List.class)).isEqualTo(projectsBefore));
    }

    @Test
    void answersAnUnknownProjectWithProblemJson() {
        var response = http.getForEntity("/api/projects/{id}", String.class, "no-such-project");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void aRecorderSeesItsOwnOrganisationsProjectsOnlyOnEveryPath() throws Exception {
        String own = newProjectId();
        String other = newProjectId();
        producer.send(0, registered(own));
        producer.send(0, new ProjectRegistered(other, "kec", "KEC", false, "Media clubs", null, null, null, null,
                List.of("Ferizaj"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
        awaitVersion(own, 0);
        awaitVersion(other, 0);

        String komf = Tokens.of("recorder-komf");
        for (String path : List.of("", "/indicators", "/activities", "/history")) {
            assertThat(get("/api/projects/" + own + path, komf).getStatusCode()).as(path).isEqualTo(HttpStatus.OK);
            var denied = get("/api/projects/" + other + path, komf);
            assertThat(denied.getStatusCode()).as(path).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(denied.getHeaders().getContentType()).hasToString("application/problem+json");
        }
        String list = get("/api/projects", komf).getBody();
        assertThat(list).contains(own).doesNotContain(other);
        assertThat(get("/api/projects", Tokens.of("auditor-demo")).getBody()).contains(own, other);
    }

    @Test
    void partnersReadProjectsButNotWhoRecordedWhat() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id));
        awaitVersion(id, 0);
        String partner = Tokens.of("partner-demo");
        assertThat(get("/api/projects/" + id, partner).getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(get("/api/projects/" + id + "/history", partner).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
    }

    @Test
    void readingWithoutATokenIsUnauthorised() {
        var response = get("/api/projects", "");
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
    }

    @Test
    void theHistoryShowsWhoCausedEachEventAndTheRequestsCorrelationId() throws Exception {
        String id = newProjectId();
        var record = new ProducerRecord<String, byte[]>(TOPIC, id, new com.fasterxml.jackson.databind.ObjectMapper()
                .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValueAsBytes(registered(id)));
        for (var header : Map.of("ce_specversion", "1.0", "ce_id", "e-" + id,
                "ce_type", "org.kronika.project-registered.v1", "ce_source", "/test", "ce_subject", id,
                "ce_time", java.time.Instant.now().toString(), "ce_sequence", "0", "ce_actorsubject", "admin-demo",
                "ce_actorrole", "admin", "ce_correlationid", "corr-1").entrySet()) {
            record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        producer.sendRaw(record);
        awaitVersion(id, 0);
        var entry = entries(http.getForObject("/api/projects/{id}/history", Map.class, id)).get(0);
        assertThat(entry.get("actor")).isEqualTo(Map.of("subject", "admin-demo", "role", "admin"));
        assertThat(entry.get("correlationId")).isEqualTo("corr-1");
    }

    private org.springframework.http.ResponseEntity<String> get(String path, String token) {
        var headers = new org.springframework.http.HttpHeaders();
        headers.set(org.springframework.http.HttpHeaders.AUTHORIZATION, token.isEmpty() ? "" : "Bearer " + token);
        return http.exchange(path, org.springframework.http.HttpMethod.GET,
                new org.springframework.http.HttpEntity<>(headers), String.class);
    }

    @Test
    void verificationFindsEveryKindOfTamperingInTheReadStoreAtTheRightSequence() throws Exception {
        for (String tampering : List.of("edit", "delete", "swap", "insert")) {
            String id = newProjectId();
            producer.send(0, registered(id));
            for (int i = 1; i <= 3; i++) {
                producer.send(i, training(id, "t-" + i, "Gjilan", Participants.bySex(10 + i, 5, 5)));
            }
            awaitVersion(id, 3);
            var verdict = http.getForObject("/api/projects/{id}/verification", Map.class, id);
            assertThat(verdict.get("verified")).isEqualTo(true);
            assertThat(verdict.get("events")).isEqualTo(4);

            var history = mongo.getCollection("project_history");
            String second = id + "/" + String.format("%019d", 2);
            String third = id + "/" + String.format("%019d", 3);
            switch (tampering) {
                case "edit" -> history.updateOne(new org.bson.Document("_id", second),
                        new org.bson.Document("$set", new org.bson.Document("data.participants.total", 13)));
                case "delete" -> history.deleteOne(new org.bson.Document("_id", second));
                case "swap" -> {
                    var a = history.find(new org.bson.Document("_id", second)).first();
                    var b = history.find(new org.bson.Document("_id", third)).first();
                    history.updateOne(new org.bson.Document("_id", second), new org.bson.Document("$set",
                            new org.bson.Document("data", b.get("data")).append("hash", b.get("hash"))
                                    .append("prevHash", b.get("prevHash"))));
                    history.updateOne(new org.bson.Document("_id", third), new org.bson.Document("$set",
                            new org.bson.Document("data", a.get("data")).append("hash", a.get("hash"))
                                    .append("prevHash", a.get("prevHash"))));
                }
                default -> {
                    // Inserting means renumbering every later event; their hashes cannot be made to fit.
                    history.updateOne(new org.bson.Document("_id", third), new org.bson.Document("$set",
                            new org.bson.Document("sequence", 4)));
                    var forged = history.find(new org.bson.Document("_id", second)).first();
                    forged.put("_id", id + "/forged");
                    forged.put("sequence", 3);
                    history.insertOne(forged);
                }
            }
            verdict = http.getForObject("/api/projects/{id}/verification", Map.class, id);
            assertThat(verdict.get("verified")).as(tampering).isEqualTo(false);
            assertThat(((Map<?, ?>) verdict.get("firstBrokenLink")).get("sequence")).as(tampering)
                    .isEqualTo(tampering.equals("insert") ? 3 : 2);
        }
    }

    @Test
    void theHistoryFiltersPagesAndShowsCorrectionsBeforeAndAfter() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id));
        producer.send(1, training(id, "t-1", "Gjilan", Participants.bySex(18, 14, 3)));
        producer.send(2, training(id, "t-2", "Gjilan", Participants.bySex(10, 5, 5)));
        producer.send(3, training(id, "t-3", "Prishtinë", Participants.bySex(7, 3, 4)));
        var fixed = training(id, "t-1", "Gjilan", Participants.bySex(19, 15, 3));
        producer.send(4, new org.kronika.events.ActivityCorrected(id, "t-1", "training-delivered",
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                        .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .convertValue(fixed, Map.class), "A late sign-in"));
        awaitVersion(id, 4);

        var trainings = entries(http.getForObject("/api/projects/{id}/history?type=training-delivered", Map.class, id));
        assertThat(trainings).extracting(e -> e.get("sequence")).containsExactly(1, 2, 3);
        assertThat(trainings.get(0).get("occurredAt")).isEqualTo("2024-03-12");
        assertThat(trainings.get(0).get("hash")).isNotNull();

        var firstPage = http.getForObject("/api/projects/{id}/history?limit=2", Map.class, id);
        assertThat(entries(firstPage)).extracting(e -> e.get("sequence")).containsExactly(0, 1);
        var secondPage = http.getForObject("/api/projects/{id}/history?limit=2&" + firstPage.get("next"), Map.class, id);
        assertThat(entries(secondPage)).extracting(e -> e.get("sequence")).containsExactly(2, 3);
        var lastPage = http.getForObject("/api/projects/{id}/history?limit=2&" + secondPage.get("next"), Map.class, id);
        assertThat(entries(lastPage)).extracting(e -> e.get("sequence")).containsExactly(4);
        assertThat(lastPage.get("next")).isNull();

        var correction = (Map<?, ?>) entries(lastPage).get(0).get("correction");
        assertThat(correction.get("reason")).isEqualTo("A late sign-in");
        assertThat(((Map<?, ?>) ((Map<?, ?>) correction.get("before")).get("participants")).get("total")).isEqualTo(18);
        assertThat(((Map<?, ?>) ((Map<?, ?>) correction.get("after")).get("participants")).get("total")).isEqualTo(19);

        assertThat(entries(http.getForObject("/api/projects/{id}/history?occurredFrom=2024-03-13", Map.class, id)))
                .isEmpty();
        var invalid = get("/api/projects/" + id + "/history?limit=0", Tokens.of("auditor-demo"));
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(invalid.getBody()).contains("\"field\":\"limit\"");
    }

    @Test
    void replaysAProjectAsOfADateAndAsKnownAtAnInstantSoPastFiguresCanBeReproduced() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id));
        producer.send(1, new TrainingDelivered(id, "t-mar", "March", LocalDate.of(2024, 3, 12), "Gjilan",
                Participants.bySex(18, 14, 3), null, List.of(), null, 1));
        producer.send(2, new TrainingDelivered(id, "t-sep", "September", LocalDate.of(2024, 9, 20), "Gjilan",
                Participants.bySex(10, 5, 5), null, List.of(), null, 1));
        awaitVersion(id, 2);
        java.time.Instant beforeCorrection = java.time.Instant.now();
        var fixed = new TrainingDelivered(id, "t-mar", "March", LocalDate.of(2024, 3, 12), "Gjilan",
                Participants.bySex(20, 15, 4), null, List.of(), null, 1);
        awaitRecordedAfter(beforeCorrection);
        producer.send(3, new org.kronika.events.ActivityCorrected(id, "t-mar", "training-delivered",
                new com.fasterxml.jackson.databind.ObjectMapper()
                        .registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                        .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .convertValue(fixed, Map.class), "Two late sign-ins"));
        awaitVersion(id, 3);

        Map<?, ?> now = http.getForObject("/api/projects/{id}", Map.class, id);
        assertThat(((Map<?, ?>) totals(now).get("participants")).get("total")).isEqualTo(30);

        Map<?, ?> firstHalf = http.getForObject("/api/projects/{id}?asOf=2024-06-30", Map.class, id);
        assertThat(totals(firstHalf).get("activities")).isEqualTo(1);
        assertThat(((Map<?, ?>) totals(firstHalf).get("participants")).get("total")).as("corrected, as known today")
                .isEqualTo(20);

        Map<?, ?> asReported = http.getForObject("/api/projects/{id}?knownAt=" + beforeCorrection, Map.class, id);
        assertThat(((Map<?, ?>) totals(asReported).get("participants")).get("total")).as("before the correction")
                .isEqualTo(28);
        Map<?, ?> reportedFirstHalf = http.getForObject("/api/projects/{id}?asOf=2024-06-30&knownAt=" + beforeCorrection,
                Map.class, id);
        assertThat(((Map<?, ?>) totals(reportedFirstHalf).get("participants")).get("total")).isEqualTo(18);

        var invalid = get("/api/projects/" + id + "?asOf=last-year", Tokens.of("auditor-demo"));
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(invalid.getBody()).contains("\"field\":\"asOf\"");
    }

    /** ce_time has millisecond precision: make sure the next event is recorded strictly later. */
    private static void awaitRecordedAfter(java.time.Instant instant) {
        await().atMost(Duration.ofSeconds(1)).until(() -> java.time.Instant.now().toEpochMilli() > instant.toEpochMilli());
    }

    @Test
    void publishesItsOpenApiDocument() {
        var api = http.getForEntity("/v3/api-docs", Map.class);
        assertThat(api.getStatusCode()).isEqualTo(HttpStatus.OK);
        @SuppressWarnings("unchecked")
        Map<String, Object> paths = (Map<String, Object>) api.getBody().get("paths");
        assertThat(paths).containsKeys("/api/projects", "/api/projects/{projectId}",
                "/api/projects/{projectId}/history", "/api/projects/{projectId}/indicators");
        assertThat(http.getForEntity("/swagger-ui/index.html", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void reportsHealthyWhileTheReadStoreAnswers() {
        var health = http.getForEntity("/actuator/health", Map.class);
        assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(health.getBody().get("status")).isEqualTo("UP");
    }

    private Map<?, ?> awaitVersion(String projectId, int version) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            var response = http.getForEntity("/api/projects/{id}", Map.class, projectId);
            return response.getStatusCode() == HttpStatus.OK ? response.getBody() : null;
        }, summary -> summary != null && Integer.valueOf(version).equals(summary.get("version")));
    }

    private static Map<?, ?> totals(Map<?, ?> summary) {
        return (Map<?, ?>) summary.get("totals");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(Map<?, ?> history) {
        return (List<Map<String, Object>>) history.get("entries");
    }

    private static String newProjectId() {
        return "p-" + UUID.randomUUID();
    }

    private static ProjectRegistered registered(String id) {
        return new ProjectRegistered(id, "komf", "KOMF", false, "Monitoring the Law on Child Protection", null, null, null, null,
                List.of("Prishtinë", "Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    }

    private static TrainingDelivered training(String id, String activityId, String municipality, Participants p) {
        return new TrainingDelivered(id, activityId, "Case management", LocalDate.of(2024, 3, 12), municipality, p,
                null, List.of(), null, 1);
    }
}
