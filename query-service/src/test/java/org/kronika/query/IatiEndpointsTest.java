package org.kronika.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.Participants;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.fixtures.Received;
import org.kronika.query.iati.Codelists;
import org.kronika.query.iati.IatiFiles;
import org.kronika.query.stream.ContractProducer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The IATI files on a real Kafka broker and the MongoDB stand-in, read over HTTP as a publisher's registry would. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IatiEndpointsTest {

    private static final String TOPIC = "kronika.project-events.iati-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ContractProducer producer;

    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "kronika-iati-test", TOPIC);
        // No sign-in here, so no fixed address: the dashboards' test keeps that port while both contexts are cached.
        registry.add("server.port", () -> 0);
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
    void aFileOfThePastIsReproducedByteForByteAndSaysWhatTheProjectViewSaidThen() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id, "komf"));
        producer.send(1, new IndicatorDefined(id, "trained", "Professionals trained", "count", "participants", "sum",
                0, 60, List.of(new PeriodTarget("2024-Q1", 20), new PeriodTarget("2024-Q3", 60)),
                List.of("sex", "municipality")));
        producer.send(2, training(id, "t-mar", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
        producer.send(3, training(id, "t-sep", "2024-09-20", "Prishtinë", Participants.bySex(10, 5, 5)));
        awaitVersion(id, 3);
        byte[] asGeneratedThen = file("/api/projects/" + id + "/iati.xml", "auditor-demo").getBody();
        Instant then = Instant.now();
        await().atMost(Duration.ofSeconds(1)).until(() -> Instant.now().toEpochMilli() > then.toEpochMilli());
        producer.send(4, new ActivityCorrected(id, "t-mar", "training-delivered", Received.data(
                training(id, "t-mar", "2024-03-12", "Gjilan", Participants.bySex(20, 15, 4))), "A late sign-in"));
        awaitVersion(id, 4);

        byte[] reproduced = file("/api/projects/" + id + "/iati.xml?knownAt=" + then, "auditor-demo").getBody();
        assertThat(new String(reproduced, StandardCharsets.UTF_8)).isEqualTo(new String(asGeneratedThen,
                StandardCharsets.UTF_8));
        for (String moment : List.of("", "?asOf=2024-06-30", "?knownAt=" + then, "?asOf=2024-06-30&knownAt=" + then)) {
            Element activity = activity(IatiFiles.validated(file("/api/projects/" + id + "/iati.xml" + moment,
                    "auditor-demo").getBody()));
            sameAsTheProjectView(activity, get("/api/projects/" + id + moment), moment);
        }
        var figures = IatiFiles.figures(activity(IatiFiles.validated(file("/api/projects/" + id
                + "/iati.xml?asOf=2024-06-30&knownAt=" + then, "auditor-demo").getBody())));
        assertThat(figures.get("trained").get("2024-Q1").actual()).as("as first recorded").isEqualByComparingTo("18");
        assertThat(figures.get("trained").get("2024-Q3").actual()).as("after the date of the file").isNull();
    }

    @Test
    void theProgrammeFileHoldsTheProjectsTheCallerMaySeeAndNoOther() throws Exception {
        String komf = newProjectId();
        String kec = newProjectId();
        producer.send(0, registered(komf, "komf"));
        producer.send(0, registered(kec, "kec"));
        awaitVersion(komf, 0);
        awaitVersion(kec, 0);

        Document all = IatiFiles.validated(file("/api/iati.xml", "auditor-demo").getBody());
        IatiFiles.assertCodesAreInTheirCodelists(all, Codelists.bundled());
        assertThat(IatiFiles.strings(all, "//iati-identifier")).contains("XM-DAC-EXAMPLE-DONOR-" + komf,
                "XM-DAC-EXAMPLE-DONOR-" + kec);
        Document komfOnly = IatiFiles.validated(file("/api/iati.xml", "recorder-komf").getBody());
        assertThat(IatiFiles.strings(komfOnly, "//iati-identifier")).contains("XM-DAC-EXAMPLE-DONOR-" + komf)
                .doesNotContain("XM-DAC-EXAMPLE-DONOR-" + kec);
        assertThat(file("/api/projects/" + kec + "/iati.xml", "recorder-komf").getStatusCode())
                .isEqualTo(HttpStatus.FORBIDDEN);
        var partner = file("/api/projects/" + kec + "/iati.xml", "partner-demo");
        assertThat(partner.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(partner.getHeaders().getContentType()).hasToString("application/xml;charset=UTF-8");
    }

    @Test
    void aMomentOrAProjectTheServiceCannotUseIsAnsweredWithProblemJson() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id, "komf"));
        awaitVersion(id, 0);
        var invalid = file("/api/projects/" + id + "/iati.xml?asOf=last-year", "auditor-demo");
        assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(invalid.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(new String(invalid.getBody(), StandardCharsets.UTF_8)).contains("\"field\":\"asOf\"");
        assertThat(file("/api/projects/no-such-project/iati.xml", "auditor-demo").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        var beforeItsTime = file("/api/projects/" + id + "/iati.xml?knownAt=2020-01-01T00:00:00Z", "auditor-demo");
        assertThat(beforeItsTime.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(beforeItsTime.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(file("/api/iati.xml?knownAt=2020-01-01T00:00:00Z", "auditor-demo").getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(file("/api/iati.xml?format=json", "auditor-demo").getStatusCode())
                .as("the query-parameter whitelist holds").isEqualTo(HttpStatus.BAD_REQUEST);

        JsonNode api = JSON.readTree(http.getForObject("/v3/api-docs", String.class));
        assertThat(api.at("/paths/~1api~1iati.xml/get/responses/200/content").fieldNames()).toIterable()
                .containsExactly("application/xml");
        assertThat(api.at("/paths/~1api~1iati.xml/get/responses").fieldNames()).toIterable()
                .as("its path names nothing, yet it answers 404 when nothing is to publish").contains("404");
        assertThat(api.at("/paths/~1api~1projects~1{projectId}~1iati.xml/get/parameters").findValuesAsText("name"))
                .containsExactly("projectId", "asOf", "knownAt");
    }

    // ------------------------------------------------------------------------------------------------------------

    /** Per indicator and reporting period, the file's actual and its cumulative figure are the view's. */
    private static void sameAsTheProjectView(Element activity, JsonNode view, String moment) {
        var figures = IatiFiles.figures(activity);
        for (JsonNode indicator : view.path("indicators")) {
            String id = indicator.path("indicatorId").asText();
            for (JsonNode period : indicator.at("/progress/byPeriod")) {
                var there = figures.get(id).get(period.path("periodId").asText());
                String what = moment + " " + id + " " + period.path("periodId").asText();
                assertThat(there).as(what).isNotNull();
                if (there.actual() == null) {
                    assertThat(period.path("achieved").asDouble()).as(what).isZero();
                } else {
                    assertThat(there.actual().doubleValue()).as(what)
                            .isCloseTo(period.path("achieved").asDouble(), within(1e-9));
                    assertThat(there.cumulative().doubleValue()).as(what)
                            .isCloseTo(period.path("cumulative").asDouble(), within(1e-9));
                }
            }
        }
    }

    private static Element activity(Document file) {
        return IatiFiles.elements(file, "/iati-activities/iati-activity").get(0);
    }

    private JsonNode awaitVersion(String projectId, int version) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/projects/" + projectId),
                summary -> summary != null && summary.path("version").asInt() == version);
    }

    private JsonNode get(String path) throws Exception {
        var headers = new HttpHeaders();
        headers.setBearerAuth(Tokens.of("auditor-demo"));
        ResponseEntity<String> response = http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), String.class);
        return response.getStatusCode() == HttpStatus.OK ? JSON.readTree(response.getBody()) : null;
    }

    private ResponseEntity<byte[]> file(String path, String client) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(Tokens.of(client));
        return http.exchange(path, HttpMethod.GET, new HttpEntity<>(headers), byte[].class);
    }

    private static String newProjectId() {
        return "iati-" + UUID.randomUUID();
    }

    private static ProjectRegistered registered(String id, String organisation) {
        return new ProjectRegistered(id, organisation, organisation.toUpperCase(), false,
                "Monitoring the Law on Child Protection", "Monitoring visits and a report.", "Children are safer.",
                List.of("Monitor the law"), List.of("Municipal officials"), List.of("Prishtinë", "Gjilan"),
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    }

    private static TrainingDelivered training(String id, String activityId, String on, String municipality,
                                              Participants participants) {
        return new TrainingDelivered(id, activityId, "Case management", LocalDate.parse(on), municipality,
                participants, null, List.of("trained"), null, 1);
    }
}
