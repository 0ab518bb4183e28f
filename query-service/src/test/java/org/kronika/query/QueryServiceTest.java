package org.kronika.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ApprovedPeriodChanged;
import org.kronika.events.PeriodApproved;
import org.kronika.events.PeriodSubmitted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.Participants;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.MaterialsDistributed;
import org.kronika.events.MeetingHeld;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.ProjectReopened;
import org.kronika.events.TrainingDelivered;
import org.kronika.events.ReportingPeriodDefined;
import org.kronika.infra.embedded.DashboardSignIn;
import org.kronika.query.dashboard.Timeline;
import org.kronika.query.fixtures.Received;
import org.kronika.query.i18n.Languages;
import org.kronika.query.projection.ReadModelDiff;
import org.kronika.query.projection.ReadModelService;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.Page;
import org.kronika.query.stream.ContractProducer;
import org.kronika.query.stream.RejectedRecords;
import org.kronika.security.OpenApiAgreement;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The query service on a real Kafka broker and the MongoDB stand-in, fed through the topic as a partner is.
 *
 * <p>The nested classes share the service, the topic and the store, and run in any order: a test reads the figures of
 * projects of its own, and what every test shares stays as each expects it whichever ran before. KEC and KOMF are
 * named so by every registration (pages name an organisation as its projects registered it), and the programme's
 * calendar lists the file's quarters throughout: the file's stand-ins until Calendar defines them, with its 2027 one.
 */
// A heartbeat this often finds a closed page's stream out within the tests' patience; an instance bound this low is
// reached by a test (its default, from the heap, is in the thousands).
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT,
        properties = {"kronika.dashboard.live-heartbeat=PT0.2S",
                "kronika.dashboard.live-streams-max=" + QueryServiceTest.LIVE_STREAMS_MAX})
class QueryServiceTest {

    static final int LIVE_STREAMS_MAX = 8;

    private static final String TOPIC = "kronika.project-events.query-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ContractProducer producer;

    @Autowired
    TestRestTemplate http;
    @Autowired
    ReadModelService readModels;
    @Autowired
    Generations generations;
    @Autowired
    org.kronika.query.programme.Programme programme;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    RejectedRecords rejected;
    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;
    @Autowired
    java.time.Clock clock;
    @Autowired
    org.springframework.context.ApplicationContext context;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry, "kronika-query-test", TOPIC);
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

    @BeforeEach
    void readAsAnAuditor() {
        http.getRestTemplate().setInterceptors(List.of((request, body, execution) -> {
            if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
                request.getHeaders().setBearerAuth(Tokens.of("auditor-demo"));
            }
            return execution.execute(request, body);
        }));
    }

    @Nested
    class Calendar {

        @Test
        void theServicesClockCountsDaysInTheProgrammesTimeZone() {
            // Every "today" of the views (a project's status, an IATI file's day) is LocalDate.now(clock).
            assertThat(clock.getZone()).isEqualTo(programme.timeZone()).isEqualTo(java.time.ZoneId.of("Europe/Tirane"));
        }

        /**
         * A quarter the calendar's stream defined beyond the programme file's (2022 to 2026) is a point of the
         * programme's and the municipality's time series, as it is of the project's: not a month "outside" any period.
         */
        @Test
        void aPeriodTheCalendarDefinedBeyondTheProgrammeFileIsAPointOfEveryTimeSeries() throws Exception {
            // The calendar as the command side publishes it, the programme file's quarters first (due 30 days after
            // each ends), then a quarter beyond the file: the state the pages of the tests run after this one see.
            long sequence = 0;
            for (var fileQuarter : programme.reportingPeriods()) {
                producer.send(sequence++, new ReportingPeriodDefined(programme.programmeId(), fileQuarter.periodId(),
                        "quarters", fileQuarter.periodId(), fileQuarter.start(), fileQuarter.end(),
                        fileQuarter.end().plusDays(30)));
            }
            var quarter = new ReportingPeriodDefined(programme.programmeId(), "2027-Q1", "quarters", "2027 Q1",
                    LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 31), LocalDate.of(2027, 4, 30));
            producer.send(sequence, quarter);
            String id = newProjectId();
            producer.send(0, new ProjectRegistered(id, "komf", "KOMF", false, "Beyond the file", null, null, null, null,
                    List.of("Gjilan"), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 12, 31)));
            producer.send(1, training(id, "t-1", "2027-02-10", "Gjilan", Participants.bySex(12, 7, 5)));
            awaitVersion(id, 1);

            assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/projects/" + id + "/timeseries"),
                    series -> series.toString().contains("2027-Q1")).toString()).doesNotContain("outside:2027-02");
            for (String path : List.of("/api/portfolio/timeseries", "/api/municipalities/Gjilan")) {
                JsonNode series = await().atMost(Duration.ofSeconds(30)).until(() -> get(path),
                        view -> view.toString().contains("2027-Q1"));
                assertThat(series.toString()).as(path).doesNotContain("outside:2027-02");
            }
        }
    }

    @Nested
    class Projection {

        @Test
        void projectsTheStreamIntoASummaryAHistoryAndActivities() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
            producer.send(2, training(id, "t-2", "2024-03-12", "Prishtinë", Participants.bySex(10, 5, 5)));

            JsonNode summary = awaitVersion(id, 2);
            assertThat(summary.path("title").asText()).isEqualTo("Monitoring the Law on Child Protection");
            assertThat(summary.at("/totals/activities").asInt()).isEqualTo(2);
            assertThat(summary.at("/totals/participants/total").asInt()).isEqualTo(28);
            assertThat(summary.at("/totals/participants/bySex")).isEqualTo(JSON.readTree("{\"female\":19,\"male\":8}"));
            assertThat(summary.at("/totals/byMunicipality")).hasSize(2);

            JsonNode history = get("/api/projects/" + id + "/history");
            assertThat(history.path("entries")).extracting(e -> e.path("sequence").asInt()).containsExactly(0, 1, 2);
            assertThat(history.at("/entries/1/payload/activityId").asText()).isEqualTo("t-1");
            JsonNode activities = get("/api/projects/" + id + "/activities");
            assertThat(activities.path("totalItems").asInt()).isEqualTo(2);
            assertThat(activities.at("/items/0/current/participants/total").asInt()).isEqualTo(18);
        }

        /**
         * Delivered again as it was (its id, time, data and hashes the same), an event is a repeated delivery, nothing
         * more: neither counted twice nor a second record of its event, so the history stays verified and complete.
         */
        @Test
        void aRedeliveredEventIsNotCountedTwiceNorTakenForASecondRecordOfIt() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            var training = training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3));
            producer.send(1, training);
            producer.send(1, training);
            producer.send(0, registered(id, "komf"));
            producer.send(2, training(id, "t-2", "2024-03-12", "Gjilan", Participants.bySex(2, 1, 1)));

            JsonNode summary = awaitVersion(id, 2);
            assertThat(summary.at("/totals/activities").asInt()).isEqualTo(2);
            assertThat(summary.at("/totals/participants/total").asInt()).isEqualTo(20);
            assertThat(get("/api/projects/" + id + "/history").path("entries")).hasSize(3);
            // Everything of the project before event 2 was read before event 2 showed: on one partition, in order.
            JsonNode verification = get("/api/projects/" + id + "/verification");
            assertThat(verification.path("verified").asBoolean()).isTrue();
            assertThat(verification.path("complete").asBoolean()).isTrue();
        }

        @Test
        void anEventThatArrivesEarlyWaitsForTheOneBeforeItWhichIsAllThatComesLater() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(2, training(id, "t-2", "2024-03-12", "Gjilan", Participants.bySex(2, 1, 1)));
            awaitVersion(id, 0);
            await().atMost(Duration.ofSeconds(30)).until(() -> readModels.parked(100).stream()
                    .anyMatch(p -> p.projectId().equals(id) && p.status().equals("waiting")));
            // Health reads the projection's own report, made every few seconds, never the read store itself.
            await().atMost(Duration.ofSeconds(15)).until(() -> health().path("status").asText().equals("DEGRADED"));

            // Only the missing event comes; event 2 is not sent again.
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));

            JsonNode summary = awaitVersion(id, 2);
            assertThat(summary.at("/totals/activities").asInt()).isEqualTo(2);
            assertThat(summary.at("/totals/participants/total").asInt()).isEqualTo(20);
            await().atMost(Duration.ofSeconds(30)).until(() -> readModels.parked(100).stream().noneMatch(p -> p.projectId().equals(id)));
        }

        /** Consumer lag per partition: every partition of the topic has its series, and each reaches the end. */
        @Test
        void reportsHowFarBehindTheTopicsEndEachPartitionIs() throws Exception {
            String id = registeredAndProjected("komf");
            String generation = generations.refresh().orElseThrow().id();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var lag = meters.find("kronika.projection.partition.lag").tag("generation", generation).gauges();
                assertThat(lag).extracting(g -> g.getId().getTag("partition")).containsExactlyInAnyOrder("0", "1", "2");
                assertThat(lag).allSatisfy(g -> assertThat(g.value()).isZero());
                assertThat(lag).as("the read models queries read").allSatisfy(g ->
                        assertThat(g.getId().getTag("live")).isEqualTo("true"));
            });
        }

        @Test
        void anUnknownEventTypeIsKeptInTheHistoryAndDoesNotStallTheProject() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, "org.kronika.something-from-the-future.v1", id,
                    ("{\"projectId\":\"" + id + "\",\"novel\":true}").getBytes(StandardCharsets.UTF_8));
            producer.send(2, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(3, 1, 1)));

            JsonNode summary = awaitVersion(id, 2);
            assertThat(summary.at("/totals/activities").asInt()).isEqualTo(1);
            assertThat(get("/api/projects/" + id + "/history").path("entries").findValuesAsText("type"))
                    .contains("org.kronika.something-from-the-future.v1");
        }

        @Test
        void aProjectThatGrowsPast30000EventsKeepsProjecting() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, reached(id, 100_000));
            int events = 30_002;
            for (int sequence = 2; sequence < events; sequence++) {
                producer.sendQuickly(sequence, new TrainingDelivered(id, "t-" + sequence, "Training",
                        LocalDate.of(2024, 1, 1).plusDays(sequence % 300), "Gjilan", Participants.bySex(2, 1, 1), null,
                        List.of("reached"), null, 1));
            }
            producer.flush();

            JsonNode summary = await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get("/api/projects/" + id), s -> s != null && s.path("version").asInt() == events - 1);
            assertThat(summary.at("/totals/activities").asInt()).isEqualTo(events - 2);
            assertThat(summary.at("/indicators/0/progress/achieved").asDouble()).isEqualTo(2.0 * (events - 2));
            JsonNode lastPage = get("/api/projects/" + id + "/history?after=" + (events - 11));
            assertThat(lastPage.path("entries")).hasSize(10);
            assertThat(lastPage.path("next").isNull()).isTrue();
        }

        @Test
        void aRebuildFillsANewGenerationWhileTheOldOneAnswersAndComesOutTheSame() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
            producer.send(2, correction(id, training(id, "t-1", "2024-04-12", "Gjilan", Participants.bySex(19, 15, 3))));
            JsonNode before = awaitVersion(id, 2);
            Generation old = generations.live().orElseThrow();

            var started = exchange("/api/admin/read-models/rebuilds", Tokens.of("admin-demo"), HttpMethod.POST);
            assertThat(started.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            int rebuilt = JSON.readTree(started.getBody()).path("generation").asInt();
            // Asked for again while it is under way: the same rebuild, not a second one built beside it.
            var again = exchange("/api/admin/read-models/rebuilds", Tokens.of("admin-demo"), HttpMethod.POST);
            assertThat(JSON.readTree(again.getBody()).path("generation").asInt()).isEqualTo(rebuilt);
            await().atMost(Duration.ofMinutes(2)).until(() -> generations.live().orElseThrow().number() == rebuilt);

            JsonNode after = get("/api/projects/" + id);
            assertThat(after).isEqualTo(before);
            ReadModelDiff.Report diff = ReadModelDiff.compare(generations, old, generations.live().orElseThrow(), 10);
            assertThat(diff.differences()).as(diff.describe()).isZero();
        }

        /**
         * The stream as an at-least-once publisher delivers it: each project's events in order, with repeats (an event
         * sent again at once, a batch sent again after a lost acknowledgement, so earlier events come after later ones),
         * and the projects interleaved in another random order every run over the topic's three partitions. The read
         * models must come out as from the same histories delivered once each, in project order.
         */
        @Test
        void repeatedDeliveriesInAnyInterleavingGiveTheReadModelsOfEachEventOnce() throws Exception {
            long seed = System.nanoTime();
            java.util.Random random = new java.util.Random(seed);
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            List<String> messy = new java.util.ArrayList<>();
            List<String> clean = new java.util.ArrayList<>();
            List<java.util.Deque<org.kronika.query.stream.ReceivedEvent>> deliveries = new java.util.ArrayList<>();
            for (int p = 0; p < 6; p++) {
                String messyId = newProjectId();
                String cleanId = newProjectId();
                var once = new org.kronika.query.fixtures.StoryGenerator(seed + p).story(cleanId, 25, start).events();
                var story = new org.kronika.query.fixtures.StoryGenerator(seed + p).story(messyId, 25, start).events();
                once.forEach(e -> sendQuickly(e));
                java.util.Deque<org.kronika.query.stream.ReceivedEvent> delivered = new java.util.ArrayDeque<>();
                for (int i = 0; i < story.size(); i++) {
                    delivered.add(story.get(i));
                    if (random.nextInt(5) == 0) {
                        delivered.add(story.get(i));
                    }
                    if (random.nextInt(8) == 0) {
                        delivered.addAll(story.subList(random.nextInt(i + 1), i + 1));
                    }
                }
                deliveries.add(delivered);
                messy.add(messyId);
                clean.add(cleanId);
            }
            List<java.util.Deque<org.kronika.query.stream.ReceivedEvent>> left = new java.util.ArrayList<>(deliveries);
            while (!left.isEmpty()) {
                var project = left.get(random.nextInt(left.size()));
                sendQuickly(project.poll());
                if (project.isEmpty()) {
                    left.remove(project);
                }
            }
            producer.flush();

            for (int p = 0; p < messy.size(); p++) {
                JsonNode once = awaitVersion(clean.get(p), 24);
                JsonNode repeated = awaitVersion(messy.get(p), 24);
                assertThat(repeated.path("totals")).as("totals, seed " + seed).isEqualTo(once.path("totals"));
                assertThat(withoutRecordingTimes(repeated.path("indicators"))).as("indicators, seed " + seed)
                        .isEqualTo(withoutRecordingTimes(once.path("indicators")));
                assertThat(get("/api/projects/" + messy.get(p) + "/verification").path("events").asLong()).isEqualTo(25);
            }
        }
    }

    @Nested
    class Parking {

        /**
         * A project left parked in the store holding nothing beyond its summary (the service stopped between a retry's
         * summary and its clean-up) is unparked within seconds of the projection starting again, though no event of
         * it comes to do so, and its next event is applied.
         */
        @Test
        void aProjectLeftParkedHoldingNothingIsUnparkedWhenTheProjectionStartsAgain() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
            awaitVersion(id, 1);
            var live = readModels.generations().live().orElseThrow();
            org.kronika.query.readmodel.Writes.replaceAll(readModels.generations().database().getCollection(
                    live.collection(org.kronika.query.projection.ParkedProjects.NAME)), Map.of(id,
                    new org.kronika.query.projection.ParkedProject(id, org.kronika.query.projection.ParkedProject.PARKED,
                            // Holding nothing, so that no event of this shared topic counts twice as applied.
                            "left by a stop before the clean-up", Instant.now(), 1, 2, Long.MIN_VALUE, 0, null)));
            assertThat(readModels.parked(100)).anyMatch(p -> p.projectId().equals(id));

            readModels.stop();
            readModels.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> readModels.parked(100).stream()
                    .noneMatch(p -> p.projectId().equals(id)));
            producer.send(2, training(id, "t-2", "2024-03-12", "Prishtinë", Participants.bySex(10, 5, 5)));
            assertThat(awaitVersion(id, 2).at("/totals/activities").asInt()).isEqualTo(2);
        }

        @Test
        void aProjectWhoseEventCannotBeAppliedIsParkedAndListedWhileOthersKeepFlowing() throws Exception {
            String broken = newProjectId();
            String other = newProjectId();
            producer.send(0, registered(broken, "komf"));
            producer.send(1, training(broken, "t-1", "2024-03-12", "Gjilan", Participants.total(4)));
            producer.send(2, training(broken, "t-1", "2024-03-13", "Gjilan", Participants.total(5)));
            producer.send(3, training(broken, "t-2", "2024-03-14", "Gjilan", Participants.total(6)));
            producer.send(0, registered(other, "komf"));
            producer.send(1, training(other, "t-1", "2024-03-12", "Gjilan", Participants.total(4)));

            awaitVersion(other, 1);
            awaitVersion(broken, 1);
            String admin = Tokens.of("admin-demo");
            JsonNode parked = await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(
                            exchange("/api/admin/read-models/parked", admin, HttpMethod.GET).getBody()),
                    list -> list.findValuesAsText("projectId").contains(broken));
            JsonNode entry = java.util.stream.StreamSupport.stream(parked.spliterator(), false)
                    .filter(p -> p.path("projectId").asText().equals(broken)).findFirst().orElseThrow();
            assertThat(entry.path("status").asText()).isEqualTo("parked");
            assertThat(entry.path("reason").asText()).contains("already recorded");
            assertThat(entry.path("held").asInt()).isEqualTo(2);
            assertThat(entry.path("live").asBoolean()).as("in the read models queries read").isTrue();
            // A bounded list: however many projects a fault parks, one answer names at most 1,000.
            assertThat(JSON.readTree(exchange("/api/admin/read-models/parked?limit=1", admin, HttpMethod.GET).getBody()))
                    .hasSize(1);
            assertThat(exchange("/api/admin/read-models/parked?limit=1001", admin, HttpMethod.GET).getStatusCode())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
            JsonNode health = await().atMost(Duration.ofSeconds(15)).until(QueryServiceTest.this::health,
                    h -> h.at("/components/projection/details/parked").asInt() > 0);
            assertThat(health.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(health.toString()).as("health answers anyone: no project named, no reason given")
                    .doesNotContain(broken).doesNotContain("already recorded");
            assertThat(meters.get("kronika.projection.parked").gauge().value()).isPositive();
            // Its history is intact as far as it is shown, but not the whole one: it is not called verified.
            JsonNode verdict = await().atMost(Duration.ofSeconds(30)).until(
                    () -> get("/api/projects/" + broken + "/verification"), v -> !v.path("complete").asBoolean(true));
            assertThat(verdict.path("verified").asBoolean()).isFalse();
            assertThat(verdict.at("/firstBrokenLink/sequence").asInt()).isEqualTo(2);
            assertThat(verdict.path("incompleteReason").asText()).contains("the history shown stops at event 1",
                    "the project is parked", "already recorded", "held until an operator retries it");
            assertThat(get("/api/projects/" + other + "/verification").path("verified").asBoolean()).isTrue();
            assertThat(meters.get("kronika.projection.lag").timer()).isNotNull();
            // The status an alert reads: the same as /actuator/health's, one series per status.
            assertThat(meters.get("kronika.health").tag("status", "DEGRADED").gauge().value()).isEqualTo(1);
            assertThat(meters.get("kronika.health").tag("status", "UP").gauge().value()).isZero();

            assertThat(exchange("/api/admin/read-models/parked/" + broken + "/retry", admin, HttpMethod.POST)
                    .getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
            assertThat(exchange("/api/admin/read-models/parked/" + broken + "/retry", Tokens.of("auditor-demo"),
                    HttpMethod.POST).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        }
    }

    @Nested
    class RecordsSetAside {

        @Test
        void aRecordThatBreaksTheContractIsSetAsideWithItsReason() throws Exception {
            long before = rejected.count();
            producer.sendRaw(new ProducerRecord<>(TOPIC, "broken", "{not json".getBytes(StandardCharsets.UTF_8)));
            String id = registeredAndProjected("komf");
            assertThat(rejected.count()).isEqualTo(before + 1);
        }

        /**
         * The runbook "A record that breaks the contract" asked for mongosh, which operators of the local system do not
         * have: an administrator lists the records set aside through the service, newest first; no one else may.
         */
        @Test
        void recordsSetAsideAreListedNewestFirstToAdministratorsOnly() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, org.kronika.events.EventTypes.of(TrainingDelivered.class).cloudEventType(), id,
                    ("{\"projectId\":\"" + id + "\",\"participants\":\"many\"}").getBytes(StandardCharsets.UTF_8));
            String admin = Tokens.of("admin-demo");

            JsonNode listed = await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(
                            exchange("/api/admin/read-models/rejected", admin, HttpMethod.GET).getBody()),
                    list -> list.findValuesAsText("key").contains(id));
            JsonNode record = listed.get(0);
            assertThat(record.path("key").asText()).as("the newest first").isEqualTo(id);
            assertThat(record.path("subject").asText()).isEqualTo(id);
            assertThat(record.path("sequence").asText()).isEqualTo("1");
            assertThat(record.path("topic").asText()).isEqualTo(TOPIC);
            assertThat(record.has("partition")).isTrue();
            assertThat(record.path("offset").isIntegralNumber()).isTrue();
            assertThat(record.path("reason").asText()).isNotBlank();
            assertThat(record.path("rejectedAt").asText()).isNotBlank();
            assertThat(JSON.readTree(exchange("/api/admin/read-models/rejected?limit=1", admin, HttpMethod.GET).getBody()))
                    .hasSize(1);
            assertThat(exchange("/api/admin/read-models/rejected?limit=1001", admin, HttpMethod.GET).getStatusCode())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
            for (String other : List.of("auditor-demo", "officer-demo", "recorder-komf", "partner-demo")) {
                assertThat(exchange("/api/admin/read-models/rejected", Tokens.of(other), HttpMethod.GET).getStatusCode())
                        .as(other).isEqualTo(HttpStatus.FORBIDDEN);
            }
            assertThat(exchange("/api/admin/read-models/rejected", "", HttpMethod.GET).getStatusCode())
                    .isEqualTo(HttpStatus.UNAUTHORIZED);
        }

        /** A count named twice in a breakdown: the verifier calls such a record changed, so it is never applied last-wins. */
        @Test
        void aRecordWhoseDataNamesAMemberTwiceIsSetAsideAndItsProjectWaits() throws Exception {
            long before = rejected.count();
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            String data = Received.JSON.writeValueAsString(training(id, "t-1", "2024-03-12", "Gjilan",
                    Participants.bySex(18, 14, 3)));
            producer.send(1, org.kronika.events.EventTypes.of(TrainingDelivered.class).cloudEventType(), id,
                    data.replace("\"bySex\":{", "\"bySex\":{\"female\":99,").getBytes(StandardCharsets.UTF_8));
            producer.send(2, training(id, "t-2", "2024-03-12", "Gjilan", Participants.bySex(2, 1, 1)));

            await().atMost(Duration.ofSeconds(30)).until(() -> readModels.parked(100).stream()
                    .anyMatch(p -> p.projectId().equals(id) && p.status().equals("waiting")));
            assertThat(get("/api/projects/" + id).path("version").asInt()).isZero();
            assertThat(rejected.count()).isGreaterThan(before);
        }
    }

    @Nested
    class Replays {

        @Test
        void asOfCountsActivitiesByTheirCorrectedDates() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-march", "2024-03-12", "Gjilan", Participants.total(10)));
            producer.send(2, training(id, "t-sept", "2024-09-20", "Gjilan", Participants.total(5)));
            producer.send(3, correction(id, training(id, "t-march", "2024-09-12", "Gjilan", Participants.total(10))));
            producer.send(4, correction(id, training(id, "t-sept", "2024-03-20", "Kamenicë", Participants.total(5))));
            awaitVersion(id, 4);

            JsonNode firstHalf = get("/api/projects/" + id + "?asOf=2024-06-30");
            assertThat(firstHalf.at("/totals/participants/total").asInt()).isEqualTo(5);
            assertThat(firstHalf.at("/totals/byMunicipality/0/municipality").asText()).isEqualTo("Kamenicë");
            assertThat(firstHalf.path("asOf").asText()).isEqualTo("2024-06-30");
            assertThat(get("/api/projects/" + id + "?asOf=2024-12-31").at("/totals/participants/total").asInt())
                    .isEqualTo(15);
            // Its status as it was on the day asked for, as its IATI file of that day says it, not as it is today.
            assertThat(firstHalf.path("status").asText()).isEqualTo("active");
            assertThat(get("/api/projects/" + id + "?asOf=2025-01-01").path("status").asText()).isEqualTo("ended");
            assertThat(get("/api/projects/" + id + "?asOf=2023-12-31").path("status").asText()).isEqualTo("planned");
            assertThat(get("/api/projects/" + id).path("status").asText()).isEqualTo("ended");
        }

        /**
         * A project never corrected is answered as of a day from its monthly buckets and the facts of that day's
         * month, read by range from the store (and whole months before it for its last activities): the same
         * answer, field for field, as the fold of every fact.
         */
        @Test
        void asOfFromTheBucketsAndOneMonthsFactsAnswersAsTheReplayOfEveryFact() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, reached(id, 100));
            producer.send(2, new IndicatorDefined(id, "literacy", "Media literacy", "percent", "measured", "latest", 0,
                    60, List.of(), List.of()));
            int sequence = 3;
            for (String day : List.of("2024-01-03", "2024-01-04", "2024-01-05", "2024-01-08", "2024-01-09",
                    "2024-01-10", "2024-01-15", "2024-02-03", "2024-02-27", "2024-03-05", "2024-03-18", "2024-03-30",
                    "2024-04-02", "2024-05-09", "2024-05-10", "2024-05-20", "2024-05-28", "2024-05-31")) {
                producer.send(sequence, reaching(id, "t-" + sequence, day, sequence % 2 == 0 ? "Gjilan" : null,
                        Participants.bySex(10 + sequence, 6, 4 + sequence)));
                sequence++;
            }
            for (String day : List.of("2024-03-10", "2024-03-25", "2024-05-15")) {
                producer.send(sequence, new IndicatorMeasured(id, "literacy", "m-" + sequence, LocalDate.parse(day),
                        30 + sequence, "Gjilan", null, null));
                sequence++;
            }
            awaitVersion(id, sequence - 1);

            // On 2024-03-01 the eight activities the summary keeps all happened later: the last eight of the nine
            // before are read from the store.
            assertAsOfIsTheReplayOfEveryFact(id, "2023-12-31", "2024-02-03", "2024-03-01", "2024-03-20",
                    "2024-03-31", "2024-05-12", "2024-05-30");
            assertThat(get("/api/projects/" + id + "?asOf=2024-05-12").path("lastActivityOn").asText())
                    .isEqualTo("2024-05-10");
            assertThat(get("/api/projects/" + id + "?asOf=2024-03-01").path("lastActivityOn").asText())
                    .isEqualTo("2024-02-27");
        }

        /**
         * A project that corrected and retracted activities and measurements, implemented a planned activity and
         * left out who took part once is answered as of any day from its months too: its activities and
         * measurements of the day's month, retracted ones included, read by day from the store, give the same answer,
         * field for field, as the replay of every fact.
         */
        @Test
        void asOfACorrectedProjectFromItsMonthsAnswersAsTheReplayOfEveryFact() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, reached(id, 100));
            producer.send(2, new IndicatorDefined(id, "literacy", "Media literacy", "percent", "measured", "average",
                    0, 60, List.of(), List.of()));
            producer.send(3, new org.kronika.events.ActivityPlanned(id, "workshops", "Workshops", "training-delivered", 10,
                    List.of("reached")));
            int sequence = 4;
            for (String day : List.of("2024-01-03", "2024-01-08", "2024-01-15", "2024-02-03", "2024-02-27",
                    "2024-03-05", "2024-03-18", "2024-05-09", "2024-05-20")) {
                producer.send(sequence, new TrainingDelivered(id, "t-" + sequence, "Case management",
                        LocalDate.parse(day), sequence % 2 == 0 ? "Gjilan" : null,
                        sequence == 9 ? null : Participants.bySex(10 + sequence, 6, 4 + sequence),
                        sequence % 3 == 0 ? "workshops" : null, List.of("reached"), null, 1));
                sequence++;
            }
            for (String day : List.of("2024-01-10", "2024-03-25", "2024-05-15")) {
                producer.send(sequence, new IndicatorMeasured(id, "literacy", "m-" + sequence, LocalDate.parse(day),
                        30 + sequence, "Gjilan", null, null));
                sequence++;
            }
            // t-5 moves from January to March, t-6 (planned, in January) and t-10 (in March) are withdrawn, and so
            // are a measurement of January and one of May.
            producer.send(sequence++, correction(id, reaching(id, "t-5", "2024-03-22", "Gjilan",
                    Participants.bySex(20, 10, 10))));
            producer.send(sequence++, new org.kronika.events.ActivityRetracted(id, "t-6", "Never happened"));
            producer.send(sequence++, new org.kronika.events.ActivityRetracted(id, "t-10", "Recorded twice"));
            producer.send(sequence++, new MeasurementRetracted(id, "literacy", "m-13", "A pilot"));
            producer.send(sequence++, new MeasurementRetracted(id, "literacy", "m-15", "Wrong survey"));
            awaitVersion(id, sequence - 1);
            JsonNode today = get("/api/projects/" + id);
            assertThat(today.path("totals").path("corrected").asInt()).as(today.toString()).isEqualTo(1);
            assertThat(today.path("totals").path("retracted").asInt()).as(today.toString()).isEqualTo(2);

            assertAsOfIsTheReplayOfEveryFact(id, "2023-12-31", "2024-01-08", "2024-01-31", "2024-02-03",
                    "2024-03-01", "2024-03-20", "2024-03-22", "2024-03-31", "2024-05-12", "2024-05-31", "2025-06-30");
            JsonNode march = get("/api/projects/" + id + "?asOf=2024-03-31");
            assertThat(march.path("totals").path("retracted").asInt()).as(march.toString()).isEqualTo(2);
            assertThat(march.path("totals").path("corrected").asInt()).as(march.toString()).isEqualTo(1);
            JsonNode january = get("/api/projects/" + id + "?asOf=2024-01-31");
            assertThat(january.path("totals").path("retracted").asInt()).as(january.toString()).isEqualTo(1);
            assertThat(january.path("totals").path("corrected").asInt()).as(january.toString()).isEqualTo(0);
        }

        /**
         * The project as of each day, answered from its months, field for field as the fold of every fact it had
         * stored would give it (which a {@code knownAt} of now answered with until it was answered as now).
         */
        private void assertAsOfIsTheReplayOfEveryFact(String id, String... days) throws Exception {
            var projects = context.getBean(org.kronika.query.project.web.VisibleProjects.class);
            Generation live = projects.live();
            var current = projects.summaries(live).find(id).orElseThrow();
            var facts = org.kronika.query.project.ProjectFacts.of(
                    projects.activities(live).all(id, current.counts().recorded()),
                    projects.measurements(live).all(id, current.counts().measurements()));
            var replay = new org.kronika.query.replay.ProjectReplay(programme.periods(), programme.timeZone());
            var written = context.getBean(ObjectMapper.class);
            for (String day : days) {
                LocalDate asOf = LocalDate.parse(day);
                var folded = projects.views(live).view(replay.folded(current, asOf, facts),
                        new org.kronika.query.replay.Moment(asOf, null).day(LocalDate.now(clock),
                                programme.timeZone()), asOf, null, true);
                assertThat(get("/api/projects/" + id + "?asOf=" + day)).as("as of %s", day)
                        .isEqualTo(JSON.readTree(written.writeValueAsString(folded)));
            }
        }

        /** An activity retracted, dated after the day asked for, had not happened by then: neither recorded nor retracted. */
        @Test
        void asOfLeavesOutARetractedActivityDatedAfterIt() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-march", "2024-03-12", "Gjilan", Participants.total(10)));
            producer.send(2, training(id, "t-sept", "2024-09-20", "Gjilan", Participants.total(5)));
            producer.send(3, new org.kronika.events.ActivityRetracted(id, "t-sept", "Never happened"));
            awaitVersion(id, 3);

            JsonNode firstHalf = get("/api/projects/" + id + "?asOf=2024-06-30");
            assertThat(firstHalf.at("/totals/recorded").asInt()).isEqualTo(1);
            assertThat(firstHalf.at("/totals/retracted").asInt()).isZero();
            assertThat(firstHalf.at("/totals/participants/total").asInt()).isEqualTo(10);
            JsonNode whole = get("/api/projects/" + id + "?asOf=2024-12-31");
            assertThat(whole.at("/totals/recorded").asInt()).isEqualTo(2);
            assertThat(whole.at("/totals/retracted").asInt()).isEqualTo(1);
        }

        @Test
        void replaysAProjectAsOfADateAndAsKnownAtAnInstantSoPastFiguresCanBeReproduced() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-mar", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
            producer.send(2, training(id, "t-sep", "2024-09-20", "Gjilan", Participants.bySex(10, 5, 5)));
            awaitVersion(id, 2);
            Instant beforeCorrection = Instant.now();
            await().atMost(Duration.ofSeconds(1)).until(() -> Instant.now().toEpochMilli() > beforeCorrection.toEpochMilli());
            producer.send(3, correction(id, training(id, "t-mar", "2024-03-12", "Gjilan", Participants.bySex(20, 15, 4))));
            awaitVersion(id, 3);

            assertThat(get("/api/projects/" + id).at("/totals/participants/total").asInt()).isEqualTo(30);
            assertThat(get("/api/projects/" + id + "?asOf=2024-06-30").at("/totals/participants/total").asInt())
                    .as("corrected, as known today").isEqualTo(20);
            JsonNode asReported = get("/api/projects/" + id + "?knownAt=" + beforeCorrection);
            assertThat(asReported.at("/totals/participants/total").asInt()).as("before the correction").isEqualTo(28);
            assertThat(asReported.path("version").asInt()).isEqualTo(2);
            assertThat(get("/api/projects/" + id + "?asOf=2024-06-30&knownAt=" + beforeCorrection)
                    .at("/totals/participants/total").asInt()).isEqualTo(18);

            var invalid = exchange("/api/projects/" + id + "?asOf=last-year", Tokens.of("auditor-demo"), HttpMethod.GET);
            assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(invalid.getBody()).contains("\"field\":\"asOf\"");
        }
    }

    @Nested
    class Projects {

        /**
         * A project closed out is closed, and ended no longer, wherever its status shows: the API's project and list
         * with its filter, its page (when, by whom, the comment, its final reports), its history's labels and its IATI
         * file, in English and Albanian. As of a day or as known at an instant before the closure it was not closed;
         * reopened, it is ended again, and a replay to between the two says closed.
         */
        @Test
        void aClosedProjectIsClosedWhereverItsStatusShowsFromItsClosureUntilItsReopening() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.total(7)));
            awaitVersion(id, 1);
            Instant beforeClosure = Instant.now();
            producer.sendAs(2, new ProjectClosed(id, LocalDate.of(2024, 12, 31), List.of("2024-Q1", "2024-Q2",
                    "2024-Q3", "2024-Q4"), "Every quarter approved"), "officer-demo", "officer", null);

            JsonNode closed = awaitVersion(id, 2);
            assertThat(closed.path("status").asText()).isEqualTo("closed");
            assertThat(closed.at("/closure/sequence").asInt()).isEqualTo(2);
            assertThat(closed.at("/closure/by/subject").asText()).isEqualTo("officer-demo");
            assertThat(closed.at("/closure/comment").asText()).isEqualTo("Every quarter approved");
            assertThat(closed.at("/closure/endDate").asText()).isEqualTo("2024-12-31");
            assertThat(closed.at("/closure/periodIds")).extracting(JsonNode::asText)
                    .containsExactly("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4");
            assertThat(closed.at("/totals/activities").asInt()).isEqualTo(1);
            JsonNode asPartner = JSON.readTree(exchange("/api/projects/" + id, Tokens.of("partner-demo"), HttpMethod.GET)
                    .getBody());
            assertThat(asPartner.path("status").asText()).isEqualTo("closed");
            assertThat(asPartner.at("/closure/by").isNull()).as("partners do not see who did what").isTrue();
            assertThat(get("/api/projects?q=" + id + "&status=closed").path("items")).extracting(
                    item -> item.path("projectId").asText() + " " + item.path("status").asText()).containsExactly(
                    id + " closed");
            assertThat(get("/api/projects?q=" + id + "&status=ended").path("items")).isEmpty();

            // As it was then: a closure after the day or the instant asked for does not count.
            assertThat(get("/api/projects/" + id + "?asOf=2025-01-01").path("status").asText()).isEqualTo("ended");
            assertThat(get("/api/projects/" + id + "?asOf=2025-01-01").path("closure").isNull()).isTrue();
            assertThat(get("/api/projects/" + id + "?knownAt=" + beforeClosure).path("status").asText())
                    .isEqualTo("ended");
            assertThat(get("/api/projects/" + id + "?asOf=" + LocalDate.now(clock)).path("status").asText())
                    .isEqualTo("closed");
            assertThat(iatiStatus(id, "")).isEqualTo("4");
            assertThat(iatiStatus(id, "?knownAt=" + beforeClosure)).as("ended, in finalisation").isEqualTo("3");

            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            String english = projectPage(auditor, id);
            assertThat(english).containsPattern("data-project-status[^>]*data-value=\"closed\"");
            assertThat(words(english)).contains("Status closed").containsPattern(
                    "Closed out Closed on [^·#]+ by officer-demo: Every quarter approved\\. · #2 "
                            + "Final reports: Q1 2024, Q2 2024, Q3 2024, Q4 2024\\.");
            assertThat(words(page(auditor, "/dashboard/projects/" + id, "sq").body())).contains("Statusi i mbyllur")
                    .containsPattern("Mbyllur më [^·#]+ nga officer-demo: Every quarter approved\\. · #2 "
                            + "Raportet përfundimtare: T1 2024, T2 2024, T3 2024, T4 2024\\.");
            assertThat(words(entryPage(auditor, id, 2).body())).contains("Project closed");
            // The audit report says it as the page does, who closed it too: only those who read the history get it.
            assertThat(auditReport(id)).contains("<dt>Status</dt><dd>closed</dd>").containsPattern("<h3>Closed out</h3>"
                    + "<p>Closed on [^<]+ by officer-demo: <span class=\"said\">Every quarter approved\\.</span> · #2</p>"
                    + "<p>Final reports: <a href=\"#period-2024-Q1\">Q1 2024</a>, <a href=\"#period-2024-Q2\">Q2 2024</a>, "
                    + "<a href=\"#period-2024-Q3\">Q3 2024</a>, <a href=\"#period-2024-Q4\">Q4 2024</a>\\.</p>")
                    // Its row in the history names the four: in the plural.
                    .contains("Periods Q1 2024, Q2 2024, Q3 2024, Q4 2024");
            assertThat(words(page(auditor, "/dashboard/projects/" + id + "/history/2", "sq").body()))
                    .contains("Projekti u mbyll");

            Instant beforeReopening = Instant.now();
            producer.sendAs(3, new ProjectReopened(id, "A late invoice"), "admin-demo", "admin", null);
            JsonNode reopened = awaitVersion(id, 3);
            assertThat(reopened.path("status").asText()).isEqualTo("ended");
            assertThat(reopened.path("closure").isNull()).isTrue();
            assertThat(get("/api/projects?q=" + id + "&status=closed").path("items")).isEmpty();
            assertThat(get("/api/projects?q=" + id + "&status=ended").path("items")).hasSize(1);
            assertThat(get("/api/projects/" + id + "?knownAt=" + beforeReopening).path("status").asText())
                    .isEqualTo("closed");
            assertThat(iatiStatus(id, "")).isEqualTo("3");
            assertThat(projectPage(auditor, id)).doesNotContain("data-closure");
            assertThat(auditReport(id)).contains("<dt>Status</dt><dd>ended</dd>").doesNotContain("Closed out");
            assertThat(words(entryPage(auditor, id, 3).body())).contains("Project reopened");
            assertThat(words(page(auditor, "/dashboard/projects/" + id + "/history/3", "sq").body()))
                    .contains("Projekti u rihap");
        }

        /** Each path a command's Location names can be read here once projected, or says plainly it is not there. */
        @Test
        void whatACommandsLocationNamesCanBeReadOneAtATime() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, new IndicatorDefined(id, "literacy", "Media literacy", "percent", "measured", "latest", 0, 60,
                    List.of(), List.of()));
            producer.send(2, new IndicatorMeasured(id, "literacy", "m-1", LocalDate.parse("2024-03-20"), 45, "Gjilan",
                    java.util.Map.of("sex:female", 50.0), null));
            producer.send(3, new org.kronika.events.ActivityPlanned(id, "hearings", "Public hearings", "training-delivered",
                    4, List.of()));
            producer.send(4, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
            awaitVersion(id, 4);

            JsonNode indicator = get("/api/projects/" + id + "/indicators/literacy");
            assertThat(indicator.at("/definition/name").asText()).isEqualTo("Media literacy");
            assertThat(indicator).isEqualTo(get("/api/projects/" + id + "/indicators").get(0));
            JsonNode measurement = get("/api/projects/" + id + "/indicators/literacy/measurements/m-1");
            assertThat(measurement.path("value").asDouble()).isEqualTo(45.0);
            assertThat(measurement.at("/breakdown/sex:female").asDouble()).isEqualTo(50.0);
            // What the measurement is made of shows where its figure is traced, on the API and on the page.
            assertThat(get("/api/projects/" + id + "/trace?indicator=literacy").at("/items/0/breakdown/sex:female")
                    .asDouble()).isEqualTo(50.0);
            assertThat(page(DashboardSignIn.signIn(http.getRootUri(), "auditor"), "/dashboard/projects/" + id
                    + "/trace?indicator=literacy", "sq").body())
                    .contains("data-key=\"sex:female\" data-value=\"50.0\">gjinia: femra: 50%</li>");
            JsonNode planned = get("/api/projects/" + id + "/planned-activities/hearings");
            assertThat(planned.path("plannedCount").asInt()).isEqualTo(4);
            assertThat(planned.path("title").asText()).isEqualTo("Public hearings");
            JsonNode quarter = get("/api/programme/reporting-periods/2024-Q1");
            assertThat(quarter.path("start").asText()).isEqualTo("2024-01-01");
            assertThat(quarter.path("end").asText()).isEqualTo("2024-03-31");
            assertThat(get("/api/programme/reporting-periods").findValuesAsText("periodId")).contains("2024-Q1", "2026-Q4");

            for (String missing : List.of("/api/projects/" + id + "/indicators/nope",
                    "/api/projects/" + id + "/indicators/nope/measurements/m-1",
                    "/api/projects/" + id + "/indicators/literacy/measurements/nope",
                    "/api/projects/" + id + "/planned-activities/nope", "/api/programme/reporting-periods/1999-Q1")) {
                var answer = exchange(missing, Tokens.of("auditor-demo"), HttpMethod.GET);
                assertThat(answer.getStatusCode()).as(missing).isEqualTo(HttpStatus.NOT_FOUND);
                assertThat(answer.getHeaders().getContentType()).as(missing).hasToString("application/problem+json");
            }
            // Another organisation's project stays closed, one item at a time as a whole.
            String kec = Tokens.of("recorder-kec");
            for (String path : List.of("/indicators/literacy", "/indicators/literacy/measurements/m-1",
                    "/planned-activities/hearings")) {
                assertThat(exchange("/api/projects/" + id + path, kec, HttpMethod.GET).getStatusCode()).as(path)
                        .isEqualTo(HttpStatus.FORBIDDEN);
            }
            assertThat(exchange("/api/programme/reporting-periods/2024-Q1", kec, HttpMethod.GET).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }

        @Test
        void theProjectListIsPagedFilteredAndScopedToWhatTheCallerMaySee() throws Exception {
            String mine = newProjectId();
            String theirs = newProjectId();
            // An organisation of its own: the pages name an organisation as its projects registered it, and other
            // tests read KEC's as "KEC".
            String theirOrganisation = "media-" + UUID.randomUUID();
            producer.send(0, registered(mine, "komf"));
            producer.send(0, new ProjectRegistered(theirs, theirOrganisation, "Another organisation", false,
                    "Media clubs in Ferizaj", null, null, null, null, List.of("Ferizaj"), LocalDate.of(2024, 1, 1),
                    LocalDate.of(2024, 12, 31)));
            awaitVersion(mine, 0);
            awaitVersion(theirs, 0);

            String komf = Tokens.of("recorder-komf");
            JsonNode list = JSON.readTree(exchange("/api/projects?size=200", komf, HttpMethod.GET).getBody());
            assertThat(list.path("items").findValuesAsText("projectId")).contains(mine).doesNotContain(theirs);
            assertThat(list.path("items").findValuesAsText("organisationId")).containsOnly("komf");
            // Every address of another organisation's project, replays and downloads too: refused before anything
            // of it is read, so an id it does not hold is refused alike.
            for (String path : List.of("", "/indicators", "/activities", "/history", "/timeseries", "/activities/a-1",
                    "/measurements", "/periods", "/periods/2024-Q1", "/verification", "/export.jsonl", "/export.csv",
                    "/report.html", "/figures.csv", "/trace", "/trace?version=0", "/iati.xml", "?asOf=2024-06-30",
                    "?knownAt=2024-06-30T00:00:00Z", "/indicators/i-1", "/planned-activities/p-1",
                    "/indicators/i-1/measurements/m-1")) {
                assertThat(exchange("/api/projects/" + theirs + path, komf, HttpMethod.GET).getStatusCode()).as(path)
                        .isEqualTo(HttpStatus.FORBIDDEN);
            }

            JsonNode ferizaj = get("/api/projects?municipality=Urosevac&q=MEDIA clubs&status=ended&size=200");
            assertThat(ferizaj.path("items").findValuesAsText("projectId")).contains(theirs).doesNotContain(mine);
            JsonNode page = get("/api/projects?size=1&page=0");
            assertThat(page.path("items")).hasSize(1);
            assertThat(page.path("totalItems").asInt()).isGreaterThanOrEqualTo(2);
            var unknownPlace = exchange("/api/projects?municipality=Atlantis", Tokens.of("auditor-demo"), HttpMethod.GET);
            assertThat(unknownPlace.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(unknownPlace.getBody()).contains("\"field\":\"municipality\"");
            // An empty list counts no pages (where the dashboards say "Page 1 of 1"); page 0 of it is empty, not past it.
            JsonNode none = get("/api/projects?q=" + UUID.randomUUID());
            assertThat(none.path("items")).isEmpty();
            assertThat(none.path("totalItems").asLong()).isZero();
            assertThat(none.path("totalPages").asLong()).isZero();
        }
    }

    @Nested
    class Indicators {

        /**
         * The recorder's 150 on a percentage, corrected to 15, and a pilot retracted: the measurement shows its current
         * value with every statement, the retracted one stays listed and counts no more, in progress, the trace, the
         * history and the project's page.
         */
        @Test
        void aCorrectedMeasurementShowsEveryStatementAndARetractedOneStaysListedCountingNoMore() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, new IndicatorDefined(id, "literacy", "Media literacy", "percent", "measured", "latest", 0, 60,
                    List.of(), List.of()));
            producer.send(2, new IndicatorMeasured(id, "literacy", "m-x", LocalDate.parse("2024-03-10"), 40, "Gjilan",
                    Map.of(), null));
            producer.send(3, new IndicatorMeasured(id, "literacy", "m-y", LocalDate.parse("2024-03-20"), 150, "Gjilan",
                    Map.of(), null));
            producer.send(4, new MeasurementCorrected(id, "literacy", "m-y", LocalDate.parse("2024-03-20"), 15, "Gjilan",
                    Map.of(), null, "A zero too many"));
            producer.send(5, new MeasurementRetracted(id, "literacy", "m-x", "A pilot of the questionnaire"));
            JsonNode project = awaitVersion(id, 5);

            assertThat(project.at("/indicators/0/progress/achieved").asDouble()).isEqualTo(15.0);
            assertThat(project.at("/indicators/0/progress/byMunicipality/Gjilan").asDouble()).isEqualTo(15.0);
            JsonNode corrected = get("/api/projects/" + id + "/indicators/literacy/measurements/m-y");
            assertThat(corrected.path("value").asDouble()).isEqualTo(15.0);
            assertThat(corrected.at("/original/value").asDouble()).isEqualTo(150.0);
            assertThat(corrected.at("/corrections/0/sequence").asInt()).isEqualTo(4);
            assertThat(corrected.at("/corrections/0/reason").asText()).isEqualTo("A zero too many");
            assertThat(corrected.at("/corrections/0/before/value").asDouble()).isEqualTo(150.0);
            assertThat(corrected.at("/corrections/0/after/value").asDouble()).isEqualTo(15.0);
            assertThat(corrected.path("retracted").isNull()).isTrue();
            JsonNode retracted = get("/api/projects/" + id + "/indicators/literacy/measurements/m-x");
            assertThat(retracted.at("/retracted/reason").asText()).isEqualTo("A pilot of the questionnaire");
            assertThat(get("/api/projects/" + id + "/measurements").path("items")).hasSize(2);

            JsonNode trace = get("/api/projects/" + id + "/trace?indicator=literacy");
            assertThat(trace.path("value").asDouble()).isEqualTo(15.0);
            assertThat(trace.path("items")).extracting(i -> i.path("id").asText()).containsExactly("m-y");
            assertThat(trace.at("/items/0/sequences")).extracting(JsonNode::asInt).containsExactly(3, 4);

            JsonNode entries = get("/api/projects/" + id + "/history?after=3").path("entries");
            assertThat(entries.at("/0/correction/before/value").asDouble()).isEqualTo(150.0);
            assertThat(entries.at("/0/correction/after/value").asDouble()).isEqualTo(15.0);
            assertThat(entries.at("/0/occurredAt").asText()).isEqualTo("2024-03-20");
            assertThat(entries.at("/1/retraction/measurement/value").asDouble()).isEqualTo(40.0);
            assertThat(entries.at("/1/retraction/reason").asText()).isEqualTo("A pilot of the questionnaire");

            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            String page = projectPage(auditor, id);
            assertThat(page).contains("data-measurement=\"m-y\"", "data-original", "A zero too many",
                    "data-retracted", "A pilot of the questionnaire");
            // A screen reader reads no strike-through: the cell was read "150.0% 15.0%".
            assertThat(page).containsPattern("<del data-original><span\\s+class=\"visually-hidden\">first recorded as "
                    + "</span>150(\\.0)?%</del> <span\\s+class=\"visually-hidden\">now </span><span>15(\\.0)?%</span>");
            assertThat(page(auditor, "/dashboard/projects/" + id, "sq").body()).contains("fillimisht u regjistrua ",
                    ">tani <");
        }

        /**
         * The project's page showed its latest 50 measurements and said nothing of the others: they are paged as the
         * timeline is, newest first, each page saying which it is, a page past the end leading back.
         */
        @Test
        void theProjectsPageListsEveryMeasurementPageByPage() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, new IndicatorDefined(id, "reached", "People reached", "count", "measured", "sum", 0,
                    100, List.of(), List.of()));
            for (int i = 0; i < 51; i++) {
                producer.send(2 + i, new IndicatorMeasured(id, "reached", "m-" + i, LocalDate.parse("2024-03-01")
                        .plusDays(i), i, "Gjilan", Map.of(), null));
            }
            awaitVersion(id, 52);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");

            String first = projectPage(auditor, id);
            assertThat(first).contains("data-measurement=\"m-50\"", "data-measurement=\"m-1\"", "Page 1 of 2",
                    "?measurements=1").doesNotContain("data-measurement=\"m-0\"");
            String second = page(auditor, "/dashboard/projects/" + id + "?measurements=1").body();
            assertThat(second).contains("data-measurement=\"m-0\"", "Page 2 of 2", "?measurements=0#measurements")
                    .doesNotContain("data-measurement=\"m-1\"");
            // Moving through one list keeps the other's page.
            assertThat(page(auditor, "/dashboard/projects/" + id + "?activities=3&measurements=1").body())
                    .contains("?activities=3&amp;measurements=0#measurements");
            assertThat(page(auditor, "/dashboard/projects/" + id + "?measurements=7").body())
                    .doesNotContain("data-measurement=").contains("data-past-end", "?measurements=1");
            var refused = page(auditor, "/dashboard/projects/" + id + "?measurements=-1");
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("measurements");
        }

        /**
         * A percentage indicator's values are written with their unit and one decimal at most wherever they show (the
         * portfolio once wrote "54,667 / 70%", a trace "38"), in both languages.
         */
        @Test
        void anIndicatorsValuesAreWrittenInItsUnitOnEveryPage() throws Exception {
            // Its title comes first in the portfolio's list, so it is on the list's first page.
            String id = newProjectId();
            producer.send(0, new ProjectRegistered(id, "komf", "KOMF", false, "A percentage indicator", null, null, null,
                    null, List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            producer.send(1, new IndicatorDefined(id, "literacy", "Media literacy", "percent", "measured", "average", 0,
                    70, List.of(), List.of()));
            int sequence = 2;
            for (int value : List.of(38, 57, 69)) {
                producer.send(sequence, new IndicatorMeasured(id, "literacy", "m-" + sequence,
                        LocalDate.parse("2024-03-2" + sequence), value, "Gjilan", null, null));
                sequence++;
            }
            awaitVersion(id, 4);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");

            String portfolio = readable(await().atMost(Duration.ofSeconds(30)).until(() -> page(auditor, "/dashboard", "sq")
                    .body(), body -> body.contains("data-project=\"" + id + "\"")));
            assertThat(portfolio).contains("Media literacy : 54,7% / 70% (78,1%)").doesNotContain("54,667");
            String project = readable(page(auditor, "/dashboard/projects/" + id, "sq").body());
            assertThat(project).contains("Vlera bazë 0%", "Arritur 54,7%", "Synimi 70%", " 38% ", " 69% ")
                    .doesNotContain("54,667");
            String trace = readable(page(auditor, "/dashboard/projects/" + id + "/trace?indicator=literacy").body());
            assertThat(trace).contains("Media literacy 54.7%", " 38% ", " 57% ", " 69% ").doesNotContain("54.667");
            assertThat(auditReport(id)).contains("<td class=\"n\">0%</td><td class=\"n\">54.7%</td><td "
                    + "class=\"n\">70%</td>").doesNotContain("54.667");
        }

        /**
         * The latest or mean value of nothing is no value: a period with a target in which an indicator taking its latest
         * value measured nothing shows "—" saying "nothing measured" where it showed 0 (its table, the period report,
         * the audit report, its trace, in either language), its chart leaves that point out, and the API counts its
         * contributions beside the 0 it keeps. So does an averaged indicator with nothing measured at all.
         */
        @Test
        void aPeriodInWhichNothingWasMeasuredShowsADashSayingSoNotZero() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, new IndicatorDefined(id, "literacy", "Media literacy", "percent", "measured", "latest", 0, 70,
                    List.of(new PeriodTarget("2024-Q1", 30), new PeriodTarget("2024-Q2", 50),
                            new PeriodTarget("2024-Q3", 60)), List.of()));
            producer.send(2, new IndicatorDefined(id, "score", "Satisfaction", "score", "measured", "average", 0, 5,
                    List.of(), List.of()));
            producer.send(3, new IndicatorMeasured(id, "literacy", "m-1", LocalDate.parse("2024-05-10"), 38, "Gjilan",
                    null, null));
            producer.send(4, new PeriodSubmitted(id, "2024-Q3", "Nothing measured this quarter"));
            producer.send(5, new PeriodApproved(id, "2024-Q3", LocalDate.parse("2024-07-01"),
                    LocalDate.parse("2024-09-30"), 4, "head-4", "Fine"));
            awaitVersion(id, 5);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");

            String en = page(auditor, "/dashboard/projects/" + id).body();
            assertThat(readable(table(en, "indicator-period-literacy"))).contains(
                    "Q1 2024 — Nothing measured — Nothing measured 30% ", "Q2 2024 38% 38% 50% ",
                    "Q3 2024 — Nothing measured 38% 60% ");
            assertThat(en).as("the chart's achieved, cumulative and target series")
                    .contains("[null,38.0,null]", "[null,38.0,38.0]", "[30.0,50.0,60.0]");
            assertThat(readable(en)).contains("Media literacy — Nothing measured 38% — Nothing measured 38% 60%")
                    .containsPattern("Satisfaction .*Achieved — Nothing measured Target 5 \\(score\\) % of target "
                            + "nothing measured yet ");
            assertThat(readable(table(page(auditor, "/dashboard/projects/" + id, "sq").body(), "indicator-period-literacy")))
                    .contains("T1 2024 — Nuk është matur asgjë — Nuk është matur asgjë 30% ",
                            "T3 2024 — Nuk është matur asgjë 38% 60% ");
            assertThat(readable(page(auditor, "/dashboard/projects/" + id + "/trace?indicator=literacy&period=2024-Q3")
                    .body())).contains("Media literacy — Nothing measured", "Nothing counts towards this figure yet.");
            // A measurement's row: its kind as a heading word, and no participants, which it has none of.
            assertThat(page(auditor, "/dashboard/projects/" + id + "/trace?indicator=literacy").body())
                    .containsPattern("data-kind=\"measurement\">\\s*<td>[^<]+</td>\\s*<td>Measurement</td>")
                    .containsPattern("data-column=\"participants\"\\s*>—</td>");
            String missing = NOTHING_MEASURED_CELL;
            assertThat(auditReport(id)).contains("<tr><td>Media literacy</td>" + missing + "<td class=\"n\">38%</td>"
                            + missing + "<td class=\"n\">38%</td><td class=\"n\">60%</td><td class=\"n\">70%</td></tr>",
                    "<td class=\"n\">0 (score)</td>" + missing + "<td class=\"n\">5 (score)</td><td class=\"n\">"
                            + "nothing measured yet</td>");

            // No 0 % for the average nobody measured: it has no percent, and the project's progress is literacy's alone.
            JsonNode score = get("/api/projects/" + id).at("/indicators/1/progress");
            assertThat(score.path("percentOfTarget").isNull()).as(score.toString()).isTrue();
            JsonNode entry = null;
            for (int page = 0; entry == null; page++) {
                JsonNode listed = get("/api/projects?organisation=komf&size=200&page=" + page);
                assertThat(listed.path("items")).as("listed").isNotEmpty();
                for (JsonNode item : listed.path("items")) {
                    entry = item.path("projectId").asText().equals(id) ? item : entry;
                }
            }
            assertThat(entry.at("/indicators/1/nothingMeasured").asBoolean()).as(entry.toString()).isTrue();
            assertThat(entry.at("/indicators/1/percentOfTarget").isNull()).isTrue();
            assertThat(entry.at("/indicators/0/nothingMeasured").asBoolean()).isFalse();
            assertThat(entry.path("progress").asDouble()).isEqualTo(54.3);

            JsonNode byPeriod = get("/api/projects/" + id).at("/indicators/0/progress/byPeriod");
            assertThat(byPeriod).extracting(p -> p.path("periodId").asText(), p -> p.path("achieved").asDouble(),
                    p -> p.path("contributions").asLong(), p -> p.path("cumulative").asDouble(),
                    p -> p.path("contributionsByEnd").asLong()).containsExactly(
                    tuple("2024-Q1", 0.0, 0L, 0.0, 0L), tuple("2024-Q2", 38.0, 1L, 38.0, 1L),
                    tuple("2024-Q3", 0.0, 0L, 38.0, 1L));
            // The figures as approved are in the shape the verifier compares field by field.
            assertThat(get("/api/projects/" + id + "/periods/2024-Q3").at("/asApproved/indicators/0").fieldNames())
                    .toIterable().containsExactly("indicatorId", "name", "unit", "aggregation", "target", "periodTarget",
                            "achieved", "nothingMeasured", "cumulative", "nothingMeasuredByEnd", "percentOfTarget",
                            "byMunicipality", "bySex", "byAgeBand", "byCommunity");
        }

        /**
         * An average measured only after an approved period has no figure by that period's end: its cumulative, as
         * approved and as corrected, shows "—" saying "nothing measured" on the project's page and in the audit report,
         * in either language, and the API and the figures export flag it; a sum with nothing counted keeps its 0.
         */
        @Test
        void anAverageMeasuredOnlyAfterAnApprovedPeriodShowsADashByItsEndWhereASumShowsZero() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, new IndicatorDefined(id, "score", "Satisfaction", "score", "measured", "average", 0, 5,
                    List.of(), List.of()));
            producer.send(2, new IndicatorDefined(id, "kits", "Kits handed out", "count", "items", "sum", 0, 100,
                    List.of(), List.of()));
            producer.send(3, new IndicatorMeasured(id, "score", "m-1", LocalDate.parse("2024-05-10"), 4, "Gjilan", null,
                    null));
            producer.send(4, new PeriodSubmitted(id, "2024-Q1", "Surveyed in May"));
            producer.send(5, new PeriodApproved(id, "2024-Q1", LocalDate.parse("2024-01-01"),
                    LocalDate.parse("2024-03-31"), 4, "head-4", "Fine"));
            awaitVersion(id, 5);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");

            String nothing = " — Nothing measured";
            assertThat(readable(asApprovedTable(page(auditor, "/dashboard/projects/" + id).body()))).contains(
                    "Satisfaction" + nothing.repeat(4) + " — ", "Kits handed out 0 0 0 0 — ");
            assertThat(readable(asApprovedTable(page(auditor, "/dashboard/projects/" + id, "sq").body())))
                    .contains("Satisfaction" + " — Nuk është matur asgjë".repeat(4) + " — ");
            assertThat(auditReport(id)).contains("<tr><td>Satisfaction</td>" + NOTHING_MEASURED_CELL.repeat(4)
                            + "<td class=\"n\">—</td><td class=\"n\">5 (score)</td></tr>", "<tr><td>Kits handed out</td>"
                            + "<td class=\"n\">0</td>".repeat(4) + "<td class=\"n\">—</td><td class=\"n\">100</td></tr>");

            JsonNode report = get("/api/projects/" + id + "/periods/2024-Q1");
            for (String side : List.of("asApproved", "asCorrectedSince")) {
                assertThat(report.path(side).path("indicators")).as(side).extracting(i -> i.path("indicatorId").asText(),
                        i -> i.path("achieved").asDouble(), i -> i.path("nothingMeasured").asBoolean(),
                        i -> i.path("cumulative").asDouble(), i -> i.path("nothingMeasuredByEnd").asBoolean(),
                        i -> i.path("percentOfTarget").isNull()).containsExactly(tuple("score", 0.0, true, 0.0, true, true),
                        tuple("kits", 0.0, false, 0.0, false, false));
            }
            // In the quarter it was measured in, the average is a figure in the period and by its end.
            JsonNode measured = get("/api/projects/" + id + "/periods/2024-Q2").path("asCorrectedSince").path("indicators");
            assertThat(measured).extracting(i -> i.path("indicatorId").asText(), i -> i.path("achieved").asDouble(),
                    i -> i.path("nothingMeasured").asBoolean(), i -> i.path("nothingMeasuredByEnd").asBoolean())
                    .containsExactly(tuple("score", 4.0, false, false), tuple("kits", 0.0, false, false));
            assertThat(exchange("/api/projects/" + id + "/figures.csv", Tokens.of("auditor-demo"), HttpMethod.GET)
                    .getBody()).contains("indicators.score.nothingMeasured,true,true\r\n",
                            "indicators.kits.nothingMeasured,false,false\r\n",
                            "indicators.score.nothingMeasuredByEnd,true,true\r\n",
                            "indicators.kits.nothingMeasuredByEnd,false,false\r\n");
            JsonNode api = JSON.readTree(exchange("/v3/api-docs", "", HttpMethod.GET).getBody());
            for (String flag : List.of("nothingMeasured", "nothingMeasuredByEnd")) {
                assertThat(api.at("/components/schemas/PeriodFiguresIndicatorFigures/properties/" + flag + "/type")
                        .asText()).as(flag).isEqualTo("boolean");
            }
            assertThat(api.at("/paths/~1api~1projects~1{projectId}~1periods~1{periodId}/get/description").asText())
                    .contains("nothingMeasured true says that its achieved 0 is no figure",
                            "nothingMeasuredByEnd true says that its cumulative 0 is no figure");
        }

        /**
         * A yes/no indicator's values read as words where one value is shown (po/jo, yes/no), never as "1 (yes/no)", and
         * what it achieved beside its target as an answer beside the one sought.
         */
        @Test
        void aYesNoIndicatorsValuesReadAsYesOrNo() throws Exception {
            // Its title comes early in the portfolio's list, so it is on the list's first page.
            String id = newProjectId();
            producer.send(0, new ProjectRegistered(id, "komf", "KOMF", false, "A yes/no indicator", null, null, null,
                    null, List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            producer.send(1, new IndicatorDefined(id, "law", "Law adopted", "yes-no", "measured", "latest", 0, 1,
                    List.of(), List.of()));
            producer.send(2, new IndicatorMeasured(id, "law", "m-1", LocalDate.parse("2024-03-20"), 0, "Gjilan", null,
                    null));
            producer.send(3, new IndicatorMeasured(id, "law", "m-2", LocalDate.parse("2024-06-20"), 1, "Gjilan", null,
                    null));
            awaitVersion(id, 3);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            String project = "/dashboard/projects/" + id;

            String english = readable(page(auditor, project).body());
            assertThat(english).contains("Baseline no Achieved yes Target yes", " Law adopted yes Gjilan ",
                    " Law adopted no Gjilan ").doesNotContain("(yes/no)");
            assertThat(readable(page(auditor, project, "sq").body())).contains("Vlera bazë jo Arritur po Synimi po",
                    " Law adopted po Gjilan ", " Law adopted jo Gjilan ").doesNotContain("(po/jo)");
            assertThat(readable(page(auditor, project + "/trace?indicator=law").body())).contains("Law adopted yes",
                    " no ", " yes ").doesNotContain("(yes/no)");
            String portfolio = readable(await().atMost(Duration.ofSeconds(30)).until(() -> page(auditor, "/dashboard")
                    .body(), body -> body.contains("data-project=\"" + id + "\"")));
            assertThat(portfolio).contains("Law adopted : yes (target: yes)").doesNotContain("(yes/no)");
            assertThat(readable(page(auditor, "/dashboard", "sq").body())).contains("Law adopted : po (synimi: po)");
        }
    }

    @Nested
    class Portfolio {

        @Test
        void thePortfolioAndMunicipalitiesAddUpTheProjectsTheCallerMaySee() throws Exception {
            String komfProject = newProjectId();
            String kecProject = newProjectId();
            producer.send(0, registered(komfProject, "komf"));
            producer.send(1, training(komfProject, "t-1", "2024-03-12", "Gjilan", Participants.bySex(7, 4, 3)));
            producer.send(0, new ProjectRegistered(kecProject, "kec", "KEC", false, "Clubs", null, null, null, null,
                    List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            producer.send(1, training(kecProject, "t-1", "2024-05-12", "Gjilan", Participants.bySex(11, 6, 5)));
            producer.send(2, training(komfProject, "t-2", "2024-03-14", null, Participants.total(9)));
            awaitVersion(komfProject, 2);
            awaitVersion(kecProject, 1);

            JsonNode all = await().atMost(Duration.ofSeconds(30)).until(
                    () -> get("/api/municipalities/Gjilani?size=200"), m -> m.at("/ranking/items")
                            .findValuesAsText("projectId").containsAll(List.of(komfProject, kecProject)));
            assertThat(all.path("municipality").asText()).isEqualTo("Gjilan");
            JsonNode komfOnly = JSON.readTree(exchange("/api/municipalities/Gjilan?size=200",
                    Tokens.of("recorder-komf"), HttpMethod.GET).getBody());
            assertThat(komfOnly.at("/ranking/items").findValuesAsText("organisationId")).containsOnly("komf");
            assertThat(komfOnly.path("scope").asText()).isEqualTo("organisation:komf");

            // The programme's aggregates follow at their own checkpoint, as the municipalities' did above.
            await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/portfolio?size=200"), portfolio -> portfolio
                    .path("ranking").path("items").findValuesAsText("projectId").containsAll(List.of(komfProject, kecProject)));
            // National-level and online activities are a place of their own, so the places add up to the totals.
            JsonNode komfPortfolio = await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(exchange(
                    "/api/portfolio", Tokens.of("recorder-komf"), HttpMethod.GET).getBody()),
                    p -> p.path("byMunicipality").findValuesAsText("municipality").contains("(none)"));
            long placed = 0;
            for (JsonNode place : komfPortfolio.path("byMunicipality")) {
                placed += place.path("activities").asLong();
            }
            assertThat(placed).isEqualTo(komfPortfolio.at("/totals/activities").asLong());
            JsonNode municipalities = get("/api/municipalities");
            assertThat(municipalities.path("municipalities").findValuesAsText("municipality"))
                    .as("a list of municipalities").doesNotContain("(none)").contains("Gjilan");
            // Each programme-wide answer says whose figures it counts, as the portfolio does.
            assertThat(municipalities.path("scope").asText()).isEqualTo("programme");
            assertThat(get("/api/portfolio/timeseries").path("scope").asText()).isEqualTo("programme");
            for (String path : List.of("/api/municipalities", "/api/portfolio/timeseries")) {
                assertThat(JSON.readTree(exchange(path, Tokens.of("recorder-komf"), HttpMethod.GET).getBody())
                        .path("scope").asText()).as(path).isEqualTo("organisation:komf");
            }
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            // Awaited too: the programme's totals are served from a cache up to a second old (RecentAggregates), and the
            // programme-wide ones were last read above before the national-level activity was counted.
            java.util.regex.Pattern nationalRow = java.util.regex.Pattern.compile("data-breakdown=\"municipality\"[\\s\\S]*"
                    + "data-key=\"\\(none\\)\"[^>]*>\\s*<th scope=\"row\">\\s*<span>National, online or abroad</span>");
            await().atMost(Duration.ofSeconds(30)).until(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(http.getRootUri() + "/dashboard")).header("Cookie", auditor).build(),
                    HttpResponse.BodyHandlers.ofString()).body(), page -> nationalRow.matcher(page).find());
            // A municipality's period cells, "7 / 11", say which figure is which in their header.
            String gjilan = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                            + "/dashboard/municipalities/Gjilan")).header("Cookie", auditor)
                    .header(HttpHeaders.ACCEPT_LANGUAGE, "sq").build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(gjilan).containsPattern("<th scope=\"col\" class=\"n\"><span>T1 2024</span><br>\\s*"
                    + "<small>aktivitete / pjesëmarrës</small></th>");
            JsonNode byPeriod = get("/api/portfolio/timeseries").path("byPeriod");
            assertThat(byPeriod.findValuesAsText("periodId")).contains("2024-Q1", "2024-Q2");
            assertThat(exchange("/api/municipalities/Atlantis", Tokens.of("auditor-demo"), HttpMethod.GET).getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
        }
    }

    @Nested
    class Municipalities {

        /** A municipality's page shows each project's activities and participants there in each quarter, as its own cell. */
        @Test
        void aMunicipalitysPageShowsEachProjectsFiguresThereInEachPeriod() throws Exception {
            // Istog is named by no other test: this project is its only one.
            String id = newProjectId();
            producer.send(0, new ProjectRegistered(id, "kec", "KEC", false, "Two quarters", null, null, null, null,
                    List.of("Istog"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            producer.send(1, training(id, "t-1", "2024-02-12", "Istog", Participants.bySex(7, 4, 3)));
            producer.send(2, training(id, "t-2", "2024-03-20", "Istog", Participants.total(5)));
            producer.send(3, training(id, "t-3", "2024-05-08", "Istog", Participants.total(6)));
            producer.send(4, training(id, "t-4", "2024-05-09", "Gjilan", Participants.total(30)));
            awaitVersion(id, 4);

            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            // The project's summary is at version 4, but the programme's aggregates follow at their own checkpoint:
            // awaited until Istog's three activities count there, not only until the project is listed.
            String istog = await().atMost(Duration.ofSeconds(30)).until(() -> page(auditor,
                    "/dashboard/municipalities/Istog").body(), body -> body.contains("data-project=\"" + id + "\"")
                    && body.contains("data-figure=\"activities\" data-value=\"3\""));
            assertThat(istog).contains("data-period=\"2024-Q1\" data-value=\"12\"", "data-period=\"2024-Q2\" data-value=\"6\"")
                    .containsPattern("data-period=\"2024-Q1\"[^>]*>\\s*<span aria-hidden=\"true\"><span>2</span> / <span>12</span>")
                    .containsPattern("data-period=\"2024-Q2\"[^>]*>\\s*<span aria-hidden=\"true\"><span>1</span> / <span>6</span>")
                    .as("only the quarters with figures there").doesNotContain("data-period=\"2024-Q3\"");
        }

        /**
         * "200 kits in each municipality": each place's figure against its own target, in the indicator's progress, on
         * the project's page (achieved, target there, percent) and on the municipality's page, for each project there.
         */
        @Test
        void targetsPerMunicipalityAreShownWithWhatWasAchievedThereInTheApiAndOnBothPages() throws Exception {
            // Partesh and Ranillug are named by no other test: this project is their only one.
            String id = newProjectId();
            producer.send(0, new ProjectRegistered(id, "nopm", "NOPM", false, "Citizen Investment Kits", null, null, null,
                    null, List.of("Partesh", "Ranillug"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            producer.send(1, new IndicatorDefined(id, "kits", "Kits distributed", "count", "items", "sum", 0, 400,
                    List.of(), List.of("municipality"), List.of(new MunicipalityTarget("Partesh", 200),
                    new MunicipalityTarget("Ranillug", 200))));
            producer.send(2, new MaterialsDistributed(id, "k-1", "Kits", LocalDate.parse("2024-03-01"), "Partesh", null,
                    null, List.of("kits"), "Citizen Investment Kit", 150));
            // A latest value measured in one of its two places: nothing measured in the other is no 0 there.
            producer.send(3, new IndicatorDefined(id, "use", "Kits in use", "percent", "measured", "latest", 0, 80,
                    List.of(), List.of(), List.of(new MunicipalityTarget("Partesh", 80),
                    new MunicipalityTarget("Ranillug", 80))));
            producer.send(4, new IndicatorMeasured(id, "use", "u-1", LocalDate.parse("2024-04-01"), 60, "Partesh", null,
                    null));
            awaitVersion(id, 4);

            JsonNode places = get("/api/projects/" + id + "/indicators/kits").path("progress").path("byMunicipalityTargets");
            assertThat(places.path("Partesh").path("target").asDouble()).isEqualTo(200.0);
            assertThat(places.path("Partesh").path("achieved").asDouble()).isEqualTo(150.0);
            assertThat(places.path("Partesh").path("percentOfTarget").asDouble()).isEqualTo(75.0);
            assertThat(places.path("Ranillug").path("percentOfTarget").asDouble()).isEqualTo(0.0);

            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            assertThat(page(auditor, "/dashboard/projects/" + id).body())
                    .containsPattern("data-key=\"Ranillug\">[\\s\\S]*?data-column=\"achieved\" data-value=\"0.0\""
                            + "[\\s\\S]*?data-column=\"target\" data-value=\"200.0\"[\\s\\S]*?"
                            + "data-column=\"percent\" data-value=\"0.0\"")
                    .contains("Achieved and targets by municipality", "Target there");
            String partesh = await().atMost(Duration.ofSeconds(30)).until(() -> page(auditor,
                    "/dashboard/municipalities/Partesh", "sq").body(), body -> body.contains("data-project=\"" + id + "\""));
            assertThat(partesh).contains("data-indicator=\"kits\" data-target=\"200.0\" data-achieved=\"150.0\" "
                    + "data-percent=\"75.0\"", "Kits distributed: arritur 150, synimi 200 (",
                    // The ranking's progress is the project's, not what it achieved in this place: its header says so.
                    ">Përparimi i projektit, në të gjitha vendet e tij</th>");
            // The row's figures are the project list's, which follows the summaries (within 30 s): awaited.
            java.util.regex.Pattern progressAlone = java.util.regex.Pattern.compile(
                    "data-column=\"progress\" data-value=\"[0-9.]+\">[^<]*%</td>");
            await("its progress, alone").atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500))
                    .until(() -> between(page(auditor, "/dashboard/municipalities/Partesh", "sq").body(),
                            "data-project=\"" + id + "\"", "</tr>"), row -> progressAlone.matcher(row).find());
            JsonNode use = get("/api/projects/" + id + "/indicators/use").path("progress").path("byMunicipalityTargets");
            assertThat(use.path("Ranillug").path("nothingMeasured").asBoolean()).as(use.toString()).isTrue();
            assertThat(use.path("Ranillug").path("percentOfTarget").isNull()).isTrue();
            assertThat(use.path("Partesh").path("nothingMeasured").asBoolean()).isFalse();
            assertThat(readable(table(page(auditor, "/dashboard/projects/" + id, "en").body(), "indicator-municipality-use")))
                    .contains("Ranillug (Kosovo) — Nothing measured 80% — Nothing measured", "Partesh (Kosovo) 60% 80% 75%");
            String ranillug = await().atMost(Duration.ofSeconds(30)).until(() -> page(auditor,
                    "/dashboard/municipalities/Ranillug").body(), body -> body.contains("data-project=\"" + id + "\""));
            assertThat(ranillug).contains("Kits in use: nothing measured yet, target 80%")
                    .doesNotContain("Kits in use: achieved 0");
        }
    }

    @Nested
    class Verification {

        /**
         * The history lacking an event its summary counts: asked what was known at an instant, the lookup met the gap
         * and answered 404 "nothing had been recorded by then", as if the project had not existed yet.
         */
        @Test
        void aReplayAsKnownAtMeetingAGapInTheHistorySaysSoRatherThanThatNothingWasRecorded() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(10, 5, 5)));
            awaitVersion(id, 1);
            // Before the last event: the answer is looked for in the history, not the summary's.
            Instant between = Instant.now();
            await().atMost(Duration.ofSeconds(1)).until(() -> Instant.now().toEpochMilli() > between.toEpochMilli());
            producer.send(2, training(id, "t-2", "2024-03-13", "Gjilan", Participants.bySex(8, 4, 4)));
            awaitVersion(id, 2);
            assertThat(get("/api/projects/" + id + "?knownAt=" + between).path("version").asInt()).isEqualTo(1);
            var history = mongo.getCollection(generations.live().orElseThrow().collection("history"));
            var gap = new org.bson.Document("_id", id + "/" + String.format("%019d", 1));
            var lost = history.find(gap).first();
            history.deleteOne(gap);
            try {
                historyWithAGapAnswersThatItIsIncomplete(id, between);
            } finally {
                // Put back: the read models are this class's, and a rebuild's diff compares them whole.
                history.insertOne(lost);
            }
        }

        private void historyWithAGapAnswersThatItIsIncomplete(String id, Instant between) throws Exception {
            var answer = exchange("/api/projects/" + id + "?knownAt=" + between, Tokens.of("auditor-demo"),
                    HttpMethod.GET);
            assertThat(answer.getStatusCode().value()).as(answer.getBody()).isEqualTo(409);
            assertThat(JSON.readTree(answer.getBody()).path("detail").asText())
                    .contains("lacks event 1", "rebuild the read models");
            // A page says so as a page, in the reader's language, not as the API's problem+json.
            var page = page(DashboardSignIn.signIn(http.getRootUri(), "auditor"), "/dashboard/projects/" + id
                    + "/trace?knownAt=" + between, "sq");
            assertThat(page.statusCode()).isEqualTo(409);
            assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(page.body()).contains("Nuk mund të shfaqet siç është");
        }

        @Test
        void verificationFindsEveryKindOfTamperingInTheReadStoreAtTheRightSequence() throws Exception {
            for (String tampering : List.of("edit", "delete", "swap", "insert", "cut")) {
                String id = newProjectId();
                producer.send(0, registered(id, "komf"));
                for (int i = 1; i <= 3; i++) {
                    producer.send(i, training(id, "t-" + i, "2024-03-12", "Gjilan", Participants.bySex(10 + i, 5, 5)));
                }
                awaitVersion(id, 3);
                JsonNode verdict = get("/api/projects/" + id + "/verification");
                assertThat(verdict.path("verified").asBoolean()).isTrue();
                assertThat(verdict.path("events").asInt()).isEqualTo(4);

                var history = mongo.getCollection(generations.live().orElseThrow().collection("history"));
                String second = id + "/" + String.format("%019d", 2);
                String third = id + "/" + String.format("%019d", 3);
                var originals = history.find(new org.bson.Document("_id", new org.bson.Document("$in", List.of(second, third))))
                        .into(new java.util.ArrayList<>());
                switch (tampering) {
                    case "edit" -> history.updateOne(new org.bson.Document("_id", second),
                            new org.bson.Document("$set", new org.bson.Document("data.participants.total", 13)));
                    case "delete" -> history.deleteOne(new org.bson.Document("_id", second));
                    case "cut" -> history.deleteOne(new org.bson.Document("_id", third));
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
                verdict = get("/api/projects/" + id + "/verification");
                assertThat(verdict.path("verified").asBoolean()).as(tampering).isFalse();
                assertThat(verdict.at("/firstBrokenLink/sequence").asInt()).as(tampering)
                        .isEqualTo(tampering.equals("insert") || tampering.equals("cut") ? 3 : 2);
                if (tampering.equals("edit")) {
                    // An Albanian auditor reads why in Albanian, in a report that keeps its own styles.
                    var headers = new HttpHeaders();
                    headers.setBearerAuth(Tokens.of("auditor-demo"));
                    headers.set(HttpHeaders.ACCEPT_LANGUAGE, "sq");
                    var report = http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET,
                            new HttpEntity<>(headers), String.class);
                    assertThat(report.getBody()).contains("I KËPUTUR te ngjarja 2: përmbajtja e saj nuk përputhet")
                            .doesNotContain("does not match");
                    String policy = report.getHeaders().getFirst("Content-Security-Policy");
                    assertThat(policy).startsWith("default-src 'none'; style-src 'sha256-");
                    String style = report.getBody().substring(report.getBody().indexOf("<style>") + 7,
                            report.getBody().indexOf("</style>"));
                    assertThat(policy).contains(java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest
                            .getInstance("SHA-256").digest(style.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
                }

                // The read store is shared with the other tests: put it back as it was.
                history.deleteOne(new org.bson.Document("_id", id + "/forged"));
                for (var original : originals) {
                    history.replaceOne(new org.bson.Document("_id", original.get("_id")), original,
                            new com.mongodb.client.model.ReplaceOptions().upsert(true));
                }
                assertThat(get("/api/projects/" + id + "/verification").path("verified").asBoolean()).isTrue();
            }
        }

        /**
         * A history cut at its end, with the project's version lowered to match, reads as whole: the version is in the
         * same read models. Against a head the auditor holds from before, the cut shows, and so does a head that is not
         * the stored one.
         */
        @Test
        void verificationAgainstAHeadHeldFromBeforeFindsAHistoryCutWithItsVersion() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            for (int i = 1; i <= 3; i++) {
                producer.send(i, training(id, "t-" + i, "2024-03-12", "Gjilan", Participants.bySex(10 + i, 5, 5)));
            }
            awaitVersion(id, 3);
            String head = get("/api/projects/" + id + "/verification").path("headHash").asText();
            String held = "/api/projects/" + id + "/verification?sequence=3&hash=" + head;
            assertThat(get(held).path("verified").asBoolean()).isTrue();

            Generation live = generations.live().orElseThrow();
            var history = mongo.getCollection(live.collection("history"));
            var list = mongo.getCollection(live.collection(ProjectSummaries.LIST));
            String third = id + "/" + String.format("%019d", 3);
            var original = history.find(new org.bson.Document("_id", third)).first();
            var listed = list.find(new org.bson.Document("_id", id)).first();
            history.deleteOne(new org.bson.Document("_id", third));
            list.updateOne(new org.bson.Document("_id", id), new org.bson.Document("$set",
                    new org.bson.Document("entry.version", 2)));
            try {
                assertThat(get("/api/projects/" + id + "/verification").path("verified").asBoolean())
                        .as("the read models agree with each other").isTrue();
                JsonNode verdict = get(held);
                assertThat(verdict.path("verified").asBoolean()).isFalse();
                assertThat(verdict.at("/firstBrokenLink/sequence").asInt()).isEqualTo(3);
                assertThat(verdict.at("/firstBrokenLink/reason").asText()).contains("cut");

                JsonNode another = get("/api/projects/" + id + "/verification?sequence=1&hash=" + "0".repeat(64));
                assertThat(another.path("verified").asBoolean()).isFalse();
                assertThat(another.at("/firstBrokenLink/sequence").asInt()).isEqualTo(1);
            } finally {
                // Put back as it was, to the number's type: the read store is shared with a test that compares it with a
                // rebuilt one.
                history.insertOne(original);
                list.replaceOne(new org.bson.Document("_id", id), listed);
            }
            var onlyOne = exchange("/api/projects/" + id + "/verification?sequence=3", Tokens.of("auditor-demo"),
                    HttpMethod.GET);
            assertThat(onlyOne.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(JSON.readTree(onlyOne.getBody()).at("/errors/0/field").asText()).isEqualTo("hash");
        }

        /**
         * Someone able to write to the topic puts a record of the project there that breaks the contract: it is rejected,
         * and the project's later events wait behind it. The history shown is intact as far as it goes, but it is not
         * the one the topic holds, and neither the verification, nor the audit report, nor the project's page calls it
         * verified.
         */
        @Test
        void aHistoryStoppedShortByARejectedRecordOrEventsThatWaitIsNeverVerified() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(10, 5, 5)));
            awaitVersion(id, 1);
            String verification = "/api/projects/" + id + "/verification";
            JsonNode whole = get(verification);
            assertThat(whole.path("verified").asBoolean()).isTrue();
            assertThat(whole.path("complete").asBoolean()).isTrue();
            assertThat(whole.path("incompleteReason").isNull()).isTrue();

            // Data that does not fit its type: the record is set aside, and nothing after it of the project is applied.
            producer.send(2, org.kronika.events.EventTypes.of(TrainingDelivered.class).cloudEventType(), id,
                    ("{\"projectId\":\"" + id + "\",\"participants\":\"many\"}").getBytes(StandardCharsets.UTF_8));
            JsonNode rejectedOne = await().atMost(Duration.ofSeconds(30)).until(() -> get(verification),
                    v -> v.path("incompleteReason").asText().contains("rejected"));
            assertThat(rejectedOne.path("verified").asBoolean()).isFalse();
            assertThat(rejectedOne.path("complete").asBoolean()).isFalse();
            assertThat(rejectedOne.path("events").asInt()).as("intact as far as it is shown").isEqualTo(2);
            assertThat(rejectedOne.path("headHash").asText()).isEqualTo(whole.path("headHash").asText());
            assertThat(rejectedOne.at("/firstBrokenLink/sequence").asInt()).isEqualTo(2);
            assertThat(rejectedOne.path("incompleteReason").asText()).contains("the history shown stops at event 1",
                    "a record of this project on the topic was rejected", "ce_sequence 2", "does not match");
            // A head held from before, within what is shown, is still found there; the answer is still not verified.
            JsonNode held = get(verification + "?sequence=1&hash=" + whole.path("headHash").asText());
            assertThat(held.path("verified").asBoolean()).isFalse();
            assertThat(held.at("/firstBrokenLink/reason").asText()).contains("rejected");

            producer.send(3, training(id, "t-3", "2024-03-13", "Gjilan", Participants.bySex(2, 1, 1)));
            JsonNode waiting = await().atMost(Duration.ofSeconds(30)).until(() -> get(verification),
                    v -> v.path("incompleteReason").asText().contains("wait for event 2"));
            assertThat(waiting.path("verified").asBoolean()).isFalse();
            assertThat(waiting.path("incompleteReason").asText()).contains("rejected", "events after 1 (up to event 3)");

            var headers = new HttpHeaders();
            headers.setBearerAuth(Tokens.of("auditor-demo"));
            String report = http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET,
                    new HttpEntity<>(headers), String.class).getBody();
            assertThat(report).contains("INCOMPLETE after event 1", "wait for event 2").doesNotContain("Verified:");
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            assertThat(projectPage(auditor, id))
                    .containsPattern("data-verified[^>]*data-value=\"false\"")
                    .contains("Chain incomplete", "After event 1: the events up to it are intact", "data-unapplied", "wait for event 2")
                    .doesNotContain("Chain verified");
            // In the reader's language: why the history stops was English on an Albanian page and its report.
            assertThat(readable(page(auditor, "/dashboard/projects/" + id, "sq").body()))
                    .contains("historia e shfaqur ndalet te ngjarja 1", "presin ngjarjen 2", "u refuzua (particioni")
                    .doesNotContain("wait for event", "a record of this project on the topic was rejected");
            var albanian = new HttpHeaders();
            albanian.setBearerAuth(Tokens.of("auditor-demo"));
            albanian.set(HttpHeaders.ACCEPT_LANGUAGE, "sq");
            assertThat(readable(http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET,
                    new HttpEntity<>(albanian), String.class).getBody()))
                    .contains("E PAPLOTË pas ngjarjes 1", "presin ngjarjen 2").doesNotContain("wait for event");
        }

        /**
         * Someone able to write to the topic publishes a project's next event, linked to the one before it, before the
         * command service publishes the real one. The read side applies the first it reads and passes the real one over
         * as a delivery repeated: the history it shows is intact, but two different records claim that event (the
         * verifier calls the topic BROKEN, CONFLICTING_COPIES), so its verification is not complete, and names the event
         * and the second record (one delivered again as it was is none:
         * {@link #aRedeliveredEventIsNotCountedTwiceNorTakenForASecondRecordOfIt}).
         */
        @Test
        void anEventThatTwoDifferentRecordsClaimIsNeverVerified() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(10, 5, 5)));
            producer.send(2, training(id, "t-2", "2024-03-12", "Gjilan", Participants.bySex(2, 1, 1)));
            awaitVersion(id, 2);
            String verification = "/api/projects/" + id + "/verification";
            assertThat(get(verification).path("complete").asBoolean()).isTrue();
            String export = "/api/projects/" + id + "/export.jsonl";
            assertThat(exchange(export, Tokens.of("auditor-demo"), HttpMethod.GET).getHeaders())
                    .containsEntry("Kronika-History-Complete", List.of("true"))
                    .doesNotContainKey("Kronika-History-Incomplete-Reason");

            double rejectedBefore = meters.counter("kronika.projection.events", "outcome", "rejected").count();
            producer.forge(3, training(id, "t-3", "2024-03-13", "Gjilan", Participants.bySex(300, 150, 150)));
            producer.send(3, training(id, "t-3", "2024-03-13", "Gjilan", Participants.bySex(4, 2, 2)));
            JsonNode claimed = await().atMost(Duration.ofSeconds(30)).until(() -> get(verification),
                    v -> !v.path("complete").asBoolean());
            assertThat(claimed.path("verified").asBoolean()).isFalse();
            assertThat(claimed.path("events").asInt()).as("the copy read first, applied, is intact").isEqualTo(4);
            assertThat(claimed.at("/firstBrokenLink/sequence").asInt()).as("which may be the forged one").isEqualTo(3);
            assertThat(claimed.path("incompleteReason").asText()).contains("ce_sequence 3",
                    "two different records claim event 3", "forged or altered");
            assertThat(claimed.path("incompleteReason").asText()).as("where the two records part")
                    .contains("they differ in ce_id, ce_time, ce_hash, their data; ");
            // The page and the audit report name the event in question, as verification does: they called the events
            // up to the last one shown intact, event 3 among them.
            assertThat(readable(projectPage(DashboardSignIn.signIn(http.getRootUri(), "auditor"), id)))
                    .contains("Chain incomplete", "At event 3: another record on the topic claims this event too")
                    .doesNotContain("the events up to it are intact");
            var headers = new HttpHeaders();
            headers.setBearerAuth(Tokens.of("auditor-demo"));
            assertThat(readable(http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET,
                    new HttpEntity<>(headers), String.class).getBody()))
                    .contains("INCOMPLETE at event 3: another record on the topic claims this event too")
                    .doesNotContain("the events up to it are intact");
            // The export holds the copy applied, intact, which the verifier finds OK offline: its headers say what
            // verification says.
            HttpHeaders exported = exchange(export, Tokens.of("auditor-demo"), HttpMethod.GET).getHeaders();
            assertThat(exported.get("Kronika-History-Complete")).isEqualTo(List.of("false"));
            assertThat(exported.getFirst("Kronika-History-Incomplete-Reason"))
                    .isEqualTo(claimed.path("incompleteReason").asText());
            // However long a download takes: under the container's default of 30 s, a long one was ended early, its
            // response ended cleanly, and the file saved was cut short as if whole.
            assertThat(org.springframework.test.util.ReflectionTestUtils.getField(
                    context.getBean("requestMappingHandlerAdapter"), "asyncRequestTimeout"))
                    .isEqualTo(-1L);
            // So do the CSV's, which carries the hashes too: it said nothing, and read as the whole history.
            HttpHeaders spreadsheet = exchange("/api/projects/" + id + "/export.csv", Tokens.of("auditor-demo"),
                    HttpMethod.GET).getHeaders();
            assertThat(spreadsheet.get("Kronika-History-Complete")).isEqualTo(List.of("false"));
            assertThat(spreadsheet.getFirst("Kronika-History-Incomplete-Reason"))
                    .isEqualTo(claimed.path("incompleteReason").asText());
            // An operator learns of it without asking for this project: it is listed among the records set aside and
            // counted as one, which the alert on rejected records watches.
            JsonNode listed = JSON.readTree(exchange("/api/admin/read-models/rejected?limit=1000", Tokens.of("admin-demo"),
                    HttpMethod.GET).getBody());
            JsonNode second = stream(listed).filter(r -> r.path("key").asText().equals(id)).findFirst().orElseThrow();
            assertThat(second.path("sequence").asText()).isEqualTo("3");
            assertThat(second.path("topic").asText()).isEqualTo(TOPIC);
            assertThat(second.path("reason").asText()).contains("two different records claim event 3");
            assertThat(meters.counter("kronika.projection.events", "outcome", "rejected").count())
                    .isGreaterThan(rejectedBefore);
        }
    }

    @Nested
    class History {

        /** An entry missing from the stored history is shown as missing: never another event under its number. */
        @Test
        void aHistoryEntryMissingFromTheStoreIsShownMissingNeverAsAnotherEvent() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            for (int i = 1; i <= 5; i++) {
                producer.send(i, training(id, "t-" + i, "2024-03-12", "Gjilan", Participants.total(i)));
            }
            awaitVersion(id, 5);
            var history = mongo.getCollection(generations.live().orElseThrow().collection("history"));
            var originals = history.find(new org.bson.Document("projectId", id)).into(new java.util.ArrayList<>());
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            assertThat(projectPage(auditor, id)).containsPattern("data-verified[^>]*data-value=\"true\"")
                    .contains("the head is hashed again on every view");
            try {
                for (int deleted : List.of(0, 3, 4, 5)) {
                    history.deleteOne(new org.bson.Document("_id", id + "/" + String.format("%019d", deleted)));
                }
                for (int missing : List.of(0, 4, 5)) {
                    var page = entryPage(auditor, id, missing);
                    assertThat(page.statusCode()).as("event " + missing).isEqualTo(404);
                    assertThat(page.body()).as("event " + missing).contains("data-missing", "History entry " + missing)
                            .doesNotContain("data-hash", "data-linked");
                }
                var afterMissing = entryPage(auditor, id, 1);
                assertThat(afterMissing.statusCode()).isEqualTo(200);
                assertThat(afterMissing.body()).containsPattern("data-linked[^>]*data-value=\"false\"")
                        .contains("Event 0, the one before it, is not in the stored history").doesNotContain("data-missing");
                assertThat(entryPage(auditor, id, 2).body()).containsPattern("data-linked[^>]*data-value=\"true\"");
                assertThat(projectPage(auditor, id)).as("the page's verdict, its head gone since the last")
                        .containsPattern("data-verified[^>]*data-value=\"false\"")
                        .as("a check stops at a break: it does not say every event was read")
                        .contains("A check stops at the first break").doesNotContain("hashed again on every view");
            } finally {
                // The read store is shared with the other tests: put it back as it was.
                for (var original : originals) {
                    history.replaceOne(new org.bson.Document("_id", original.get("_id")), original,
                            new com.mongodb.client.model.ReplaceOptions().upsert(true));
                }
            }
        }

        /**
         * Event numbers are written as the links write them, from 0 and never grouped, in every sentence of an entry's
         * page: a long history is made here by raising the project's version and storing one entry far along.
         */
        @Test
        void aHistoryEntrysPageWritesEventNumbersAsItsLinksDo() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.total(3)));
            awaitVersion(id, 1);
            Generation live = generations.live().orElseThrow();
            var history = mongo.getCollection(live.collection("history"));
            var list = mongo.getCollection(live.collection(ProjectSummaries.LIST));
            String far = id + "/" + String.format("%019d", 1235);
            var copy = history.find(new org.bson.Document("_id", id + "/" + String.format("%019d", 1))).first();
            copy.put("_id", far);
            copy.put("sequence", 1235L);
            history.insertOne(copy);
            var listed = list.find(new org.bson.Document("_id", id)).first();
            list.updateOne(new org.bson.Document("_id", id), new org.bson.Document("$set",
                    new org.bson.Document("entry.version", 1239L)));
            try {
                String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
                var missing = entryPage(auditor, id, 1234);
                assertThat(missing.statusCode()).isEqualTo(404);
                assertThat(missing.body()).contains("History entry 1234", "Event 1234 is missing",
                        "Event 1234 in a chain of 1,240 events, numbered from 0").doesNotContain("1,234", "1,235");
                assertThat(entryPage(auditor, id, 1235).body())
                        .contains("Event 1235 in a chain of", "Event 1234, the one before it, is not in the stored history")
                        .doesNotContain("1,234", "1,235", "1,236");
                assertThat(entryPage(auditor, id, 0).body()).as("the first event is event 0, as its link says")
                        .contains("Event 0 in a chain of 1,240 events");
            } finally {
                // The read store is shared with the other tests (one compares it with a rebuilt one): put it back as
                // it was, to the number's type.
                history.deleteOne(new org.bson.Document("_id", far));
                list.replaceOne(new org.bson.Document("_id", id), listed);
            }
        }

        @Test
        void theHistoryFiltersPagesAndShowsCorrectionsBeforeAndAfter() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
            producer.send(2, training(id, "t-2", "2024-03-12", "Gjilan", Participants.bySex(10, 5, 5)));
            producer.send(3, training(id, "t-3", "2024-03-12", "Prishtinë", Participants.bySex(7, 3, 4)));
            producer.send(4, published(correction(id, training(id, "t-1", "2024-03-14", "Gjilan",
                    Participants.bySex(19, 15, 3)))));
            awaitVersion(id, 4);

            JsonNode trainings = get("/api/projects/" + id + "/history?type=training-delivered").path("entries");
            assertThat(trainings).extracting(e -> e.path("sequence").asInt()).containsExactly(1, 2, 3);
            assertThat(trainings.get(0).path("occurredAt").asText()).isEqualTo("2024-03-12");
            assertThat(trainings.get(0).path("hash").asText()).hasSize(64);

            JsonNode firstPage = get("/api/projects/" + id + "/history?limit=2");
            assertThat(firstPage.path("entries")).extracting(e -> e.path("sequence").asInt()).containsExactly(0, 1);
            JsonNode secondPage = get("/api/projects/" + id + "/history?limit=2&" + firstPage.path("next").asText());
            assertThat(secondPage.path("entries")).extracting(e -> e.path("sequence").asInt()).containsExactly(2, 3);
            JsonNode lastPage = get("/api/projects/" + id + "/history?limit=2&" + secondPage.path("next").asText());
            assertThat(lastPage.path("entries")).extracting(e -> e.path("sequence").asInt()).containsExactly(4);
            assertThat(lastPage.path("next").isNull()).isTrue();

            JsonNode correction = lastPage.at("/entries/0/correction");
            assertThat(correction.path("reason").asText()).isEqualTo("A late sign-in");
            assertThat(correction.at("/before/participants/total").asInt()).isEqualTo(18);
            assertThat(correction.at("/after/participants/total").asInt()).isEqualTo(19);
            assertThat(correction.path("after").has("projectId")).as("the activity, as before shows it").isFalse();
            assertThat(correction.path("after").fieldNames()).toIterable()
                    .containsExactlyInAnyOrderElementsOf(() -> correction.path("before").fieldNames());
            assertThat(lastPage.at("/entries/0/payload/corrected/projectId").asText()).as("the payload as published")
                    .isEqualTo(id);
            assertThat(get("/api/projects/" + id + "/verification").path("verified").asBoolean()).isTrue();
            assertThat(get("/api/projects/" + id + "/history?occurredFrom=2024-03-13").path("entries"))
                    .extracting(e -> e.path("sequence").asInt()).as("the correction, by its corrected date").containsExactly(4);
            var invalid = exchange("/api/projects/" + id + "/history?limit=0", Tokens.of("auditor-demo"), HttpMethod.GET);
            assertThat(invalid.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(invalid.getBody()).contains("\"field\":\"limit\"");
            // A range that ends before it starts holds nothing: its empty page read as nothing having happened then.
            assertThat(get("/api/projects/" + id + "/history?occurredFrom=2024-03-12&occurredTo=2024-03-12")
                    .path("entries")).as("a range of one day").isNotEmpty();
            for (String range : List.of("occurredFrom=2025-01-01&occurredTo=2024-01-01",
                    "recordedFrom=2026-01-01T00:00:00Z&recordedTo=2025-01-01T00:00:00Z")) {
                var backwards = exchange("/api/projects/" + id + "/history?" + range, Tokens.of("auditor-demo"),
                        HttpMethod.GET);
                assertThat(backwards.getStatusCode()).as(range).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(backwards.getBody()).as(range).containsPattern("\"field\":\"(occurred|recorded)To\"")
                        .contains("must not be before");
            }
            // A position whose next one wraps around (it once kept a request thread looping for good) is refused.
            for (String after : List.of(Long.toString(Long.MAX_VALUE), Long.toString(Long.MIN_VALUE), "-2")) {
                var wraps = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> exchange("/api/projects/" + id
                        + "/history?after=" + after, Tokens.of("auditor-demo"), HttpMethod.GET), "after=" + after);
                assertThat(wraps.getStatusCode()).as("after=" + after).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(wraps.getBody()).contains("\"field\":\"after\"");
            }
            assertThat(get("/api/projects/" + id + "/history?after=-1").path("entries")).hasSize(5);
            assertThat(get("/api/projects/" + id + "/history?after=" + (1L << 53)).path("entries")).isEmpty();
        }

        @Test
        void theHistoryShowsWhoCausedEachEventAndTheRequestsCorrelationId() throws Exception {
            String id = newProjectId();
            sendRegistered(id, "komf", Map.of("ce_actorsubject", "admin-demo", "ce_actorrole", "admin",
                    "ce_correlationid", "corr-1"));
            awaitVersion(id, 0);
            JsonNode entry = get("/api/projects/" + id + "/history").at("/entries/0");
            assertThat(entry.path("actor")).isEqualTo(JSON.readTree("{\"subject\":\"admin-demo\",\"role\":\"admin\"}"));
            assertThat(entry.path("correlationId").asText()).isEqualTo("corr-1");
        }

        @Test
        void partnersReadProjectsButNotWhoRecordedWhat() throws Exception {
            String id = registeredAndProjected("komf");
            String partner = Tokens.of("partner-demo");
            assertThat(exchange("/api/projects/" + id, partner, HttpMethod.GET).getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(exchange("/api/projects/" + id + "/history", partner, HttpMethod.GET).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }

        /**
         * Each thing is said once: a withdrawal's reason follows its date without a second colon, and the chain's verdict
         * beside its badge does not say "verified" again.
         */
        @Test
        void aWithdrawalAndTheChainsVerdictReadAsSentencesThatSayEachThingOnce() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.total(3)));
            producer.send(2, new org.kronika.events.ActivityRetracted(id, "t-1", "Duplicate of t-2"));
            awaitVersion(id, 2);
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            String project = "/dashboard/projects/" + id;

            String albanian = readable(page(officer, project, "sq").body());
            assertThat(albanian).contains(" Arsyeja: Duplicate of t-2 ",
                    "Zinxhiri i verifikuar Të 3 ngjarjet janë të paprekura dhe në rend.")
                    .doesNotContainPattern(":\\s*Arsyeja:").doesNotContain("I verifikuar:");
            String english = readable(page(officer, project).body());
            assertThat(english).contains(" Reason: Duplicate of t-2 ", "Chain verified All 3 events are intact and in order.")
                    .doesNotContainPattern(":\\s*Reason:").doesNotContain("Verified:");
        }

        /** Who caused an event reads as a phrase: "recorder-kec (recorder), kec", no space before its comma. */
        @Test
        void aHistoryEntryNamesWhoCausedItRoleAndOrganisationWithoutAStraySpace() throws Exception {
            String id = newProjectId();
            sendRegistered(id, "kec", Map.of("ce_actorsubject", "recorder-kec", "ce_actorrole", "recorder",
                    "ce_actororganisation", "kec"));
            awaitVersion(id, 0);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");

            // Its words as read, the markup between them taken out without a space in its place.
            assertThat(entryPage(auditor, id, 0).body().replaceAll("<[^>]*>", "").replaceAll("\\s+", " "))
                    .contains(" recorder-kec (recorder), kec ");
            assertThat(page(auditor, "/dashboard/projects/" + id + "/history/0", "sq").body().replaceAll("<[^>]*>", "")
                    .replaceAll("\\s+", " ")).contains(" recorder-kec (regjistrues), kec ");
        }

        /**
         * A retraction, of an activity in the timeline or of a measurement in its table, links to its history entry as a
         * correction does, for whoever may read the history.
         */
        @Test
        void aRetractionLinksToItsHistoryEntryAsACorrectionDoes() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, new IndicatorDefined(id, "literacy", "Media literacy", "percent", "measured", "latest", 0, 70,
                    List.of(), List.of()));
            producer.send(2, new IndicatorMeasured(id, "literacy", "m-1", LocalDate.parse("2024-03-20"), 38, "Gjilan",
                    null, null));
            producer.send(3, training(id, "t-1", "2024-03-12", "Gjilan", Participants.total(3)));
            producer.send(4, new org.kronika.events.ActivityRetracted(id, "t-1", "Duplicate of t-2"));
            producer.send(5, new MeasurementRetracted(id, "literacy", "m-1", "Wrong survey"));
            awaitVersion(id, 5);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            String project = "/dashboard/projects/" + id;

            String english = readable(page(auditor, project).body());
            assertThat(english).containsPattern("Retracted [^·#]+ · #4 Reason: Duplicate of t-2")
                    .containsPattern("Retracted [^·#]+ · #5 Reason: Wrong survey");
            String albanian = page(auditor, project, "sq").body();
            assertThat(readable(albanian)).containsPattern("Tërhequr më [^·#]+ · #4 Arsyeja: Duplicate of t-2")
                    .containsPattern("Tërhequr më [^·#]+ · #5 Arsyeja: Wrong survey");
            assertThat(albanian).contains(href(project + "/history/4") + ">#4</a>", href(project + "/history/5") + ">#5</a>");
            String partner = DashboardSignIn.signIn(http.getRootUri(), "partner");
            assertThat(page(partner, project).body()).as("who retracted what is not for partners")
                    .doesNotContain(href(project + "/history/4"), href(project + "/history/5"));
        }
    }

    @Nested
    class RefusedRequests {

        /** As the service runs: Spring Boot's own setting of Tomcat's 8,192 does not win over the heap's bound. */
        @Test
        void itHoldsNoMoreConnectionsThanItsHeapCarries() {
            var server = (org.springframework.boot.web.embedded.tomcat.TomcatWebServer)
                    ((org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext) context)
                            .getWebServer();
            var protocol = (org.apache.coyote.AbstractProtocol<?>) server.getTomcat().getService().findConnectors()[0]
                    .getProtocolHandler();
            assertThat(protocol.getMaxConnections())
                    .isEqualTo(org.kronika.security.ConnectionBounds.connectionsFor(Runtime.getRuntime().maxMemory()));
            assertThat(protocol.getConnectionTimeout()).isEqualTo(20_000);
        }

        @Test
        void answersAnUnknownProjectOrNoTokenWithProblemJson() {
            // Run first, it may find the read models still being built: 503 until then, as for any reader.
            var unknown = await().atMost(Duration.ofSeconds(60)).until(() -> exchange("/api/projects/no-such-project",
                    Tokens.of("auditor-demo"), HttpMethod.GET), answer -> answer.getStatusCode() != HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(unknown.getHeaders().getContentType()).hasToString("application/problem+json");
            var anonymous = exchange("/api/projects", "", HttpMethod.GET);
            assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
            assertThat(anonymous.getHeaders().getContentType()).hasToString("application/problem+json");
        }

        /**
         * The access table denies what it does not list, but an address no endpoint serves is not there to be denied:
         * once the caller is authenticated it is 404, whether the table or the dispatcher answers, and a method the
         * address does not serve is 405 where the role may use another. An endpoint the role may not call stays 403.
         */
        @Test
        void anAddressNoEndpointServesIsNotFoundOnceTheCallerIsAuthenticated() throws Exception {
            String auditor = Tokens.of("auditor-demo");
            for (String path : List.of("/api/projects/no-such-project/nonexistent",
                    "/api/projects/no-such-project/indicators/awareness/measurements", "/api/admin/nonexistent")) {
                assertThat(exchange(path, "", HttpMethod.GET).getStatusCode()).as("no token: nothing said of " + path)
                        .isEqualTo(HttpStatus.UNAUTHORIZED);
                for (String token : List.of(auditor, Tokens.of("partner-demo"), Tokens.of("admin-demo"))) {
                    var response = exchange(path, token, HttpMethod.GET);
                    assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_FOUND);
                    assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
                    assertThat(JSON.readTree(response.getBody()).path("title").asText()).isEqualTo("No such address");
                    assertThat(response.getBody()).contains(path).doesNotContain("role");
                }
            }

            var post = exchange("/api/projects", auditor, HttpMethod.POST);
            assertThat(post.getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
            assertThat(post.getHeaders().getFirst(HttpHeaders.ALLOW)).isEqualTo("GET");
            assertThat(exchange("/api/projects/no-such-project/history", Tokens.of("partner-demo"), HttpMethod.GET)
                    .getStatusCode()).as("an endpoint the role may not call").isEqualTo(HttpStatus.FORBIDDEN);
        }

        /**
         * Tomcat leaves out or garbles a parameter it cannot decode, so a filter written {@code %zz} was ignored and
         * every project listed, 200: the answer to a question not asked. Sent as written, not re-encoded.
         */
        @Test
        void aQueryParameterThatCannotBeDecodedIsRefusedNamingItNotIgnored() throws Exception {
            registeredAndProjected("komf");
            // Bytes that are not UTF-8 here; a '%' without two hex digits after it, which no client library sends as
            // written, in the end-to-end tests' hostile requests (HostileCorpus) and QueryStringsTest.
            Map<String, String> refused = Map.of("/api/projects?status=%C3%28", "status", "/api/projects?q=%FF", "q",
                    "/api/projects?size=20&page=%E2%82", "page");
            for (var path : refused.entrySet()) {
                var response = asWritten(path.getKey(), Tokens.of("auditor-demo"));
                assertThat(response.statusCode()).as(path.getKey()).isEqualTo(400);
                assertThat(response.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValue("application/problem+json");
                JsonNode problem = JSON.readTree(response.body());
                assertThat(problem.path("title").asText()).isEqualTo("Invalid query parameter");
                assertThat(problem.at("/errors/0/field").asText()).as(path.getKey()).isEqualTo(path.getValue());
            }
            var nameless = asWritten("/api/projects?=active", Tokens.of("auditor-demo"));
            assertThat(nameless.statusCode()).as("a value without a name, which Tomcat leaves out too").isEqualTo(400);
        }

        /** A parameter given twice was read as "1,1" and refused as no number, which hid what was wrong. */
        @Test
        void aQueryParameterGivenTwiceIsRefusedSayingSo() throws Exception {
            registeredAndProjected("komf");
            for (var path : Map.of("/api/projects?page=1&page=1", "page",
                    "/api/projects/no-such-project?asOf=2024-06-30&asOf=2024-07-01", "asOf").entrySet()) {
                var response = exchange(path.getKey(), Tokens.of("auditor-demo"), HttpMethod.GET);
                assertThat(response.getStatusCode()).as(path.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
                JsonNode problem = JSON.readTree(response.getBody());
                assertThat(problem.at("/errors/0/field").asText()).isEqualTo(path.getValue());
                assertThat(problem.at("/errors/0/message").asText()).isEqualTo("is given 2 times; it takes one value");
            }
        }

        /** HEAD is GET without its body (RFC 9110): it was refused 403 to every role, as a method no rule lists. */
        @Test
        void whoeverMayGetAnAddressMayHeadIt() throws Exception {
            String id = registeredAndProjected("komf");
            var head = exchange("/api/projects/" + id, Tokens.of("auditor-demo"), HttpMethod.HEAD);
            assertThat(head.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(head.getBody()).isNull();
            assertThat(head.getHeaders().getContentType()).hasToString("application/json");
            assertThat(exchange("/api/projects/" + id + "/history", Tokens.of("partner-demo"), HttpMethod.HEAD)
                    .getStatusCode()).as("a role that may not GET it").isEqualTo(HttpStatus.FORBIDDEN);
        }

        /** A replay point where nothing is replayed would answer today's figures, which a reader takes for a replay's. */
        @Test
        void aQueryParameterThatAnotherEndpointTakesIsRefusedWhereItIsNotTakenNamingIt() throws Exception {
            String auditor = Tokens.of("auditor-demo");
            Map<String, String> refused = Map.of(
                    "/api/projects/no-such-project/periods/2024-Q3?knownAt=2024-07-01T00:00:00Z", "knownAt",
                    "/api/projects/no-such-project/history?asOf=2024-06-30", "asOf");

            for (var path : refused.entrySet()) {
                var response = exchange(path.getKey(), auditor, HttpMethod.GET);
                assertThat(response.getStatusCode()).as(path.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
                assertThat(JSON.readTree(response.getBody()).at("/errors/0/field").asText()).isEqualTo(path.getValue());
            }
            assertThat(exchange("/api/projects/no-such-project?knownAt=2024-07-01T00:00:00Z", auditor, HttpMethod.GET)
                    .getStatusCode()).as("taken where it replays").isEqualTo(HttpStatus.NOT_FOUND);

            // Spelled with an escape, the path is the same to Tomcat and the handlers, and so to the check.
            var escaped = asWritten("/%61pi/projects/no-such-project/periods/2024-Q3?knownAt=2024-07-01T00:00:00Z",
                    auditor);
            assertThat(escaped.statusCode()).as("an escaped path").isEqualTo(400);
            // Where no handler serves the request (here, none gives IATI's XML as JSON), the dispatcher's answer stands.
            var unacceptable = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                            + "/api/projects/no-such-project/iati.xml?asOf=2024-06-30"))
                    .header("Authorization", "Bearer " + auditor).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(unacceptable.statusCode()).as("not a 400 about asOf").isNotEqualTo(400);
        }

        /**
         * A trace's period takes an id as long as the command side lets a period have (64 characters: a donor's
         * fiscal year may need them), and the history's actor filter any subject the services take from a token
         * (an Auth0 subject holds a "|"): both were refused, though the service holds such periods and shows such
         * actors.
         */
        @Test
        void aTracesPeriodIsAsLongAsAPeriodIdMayBeAndTheHistoryIsFilteredByAnySubjectItShows() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            awaitVersion(id, 0);
            String trace = "/api/projects/" + id + "/trace?period=";
            Map<String, String> refused = Map.of(trace + "p".repeat(64), "must be a reporting period",
                    trace + "p".repeat(65), "at most 64", "/api/projects/" + id + "/history?actor=a\u0001b",
                    "must be a token subject");
            for (var path : refused.entrySet()) {
                var response = exchange(path.getKey(), Tokens.of("auditor-demo"), HttpMethod.GET);
                assertThat(response.getStatusCode()).as(path.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(JSON.readTree(response.getBody()).at("/errors/0/message").asText()).as(path.getKey())
                        .contains(path.getValue());
            }
            var byAuth0Subject = exchange("/api/projects/" + id + "/history?actor=auth0|65f1c0ffee",
                    Tokens.of("auditor-demo"), HttpMethod.GET);
            assertThat(byAuth0Subject.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(JSON.readTree(byAuth0Subject.getBody()).path("entries")).as("no event of that subject").isEmpty();
        }

        /** A word outside the closed lists would trace or list nothing, and an empty answer reads as "none happened". */
        @Test
        void aCategoryOrHistoryTypeOutsideTheContractsWordsIsRefusedNamingItAndTheWordsItTakes() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
            awaitVersion(id, 1);
            String trace = "/api/projects/" + id + "/trace?category=";
            Map<String, List<String>> refused = Map.of(
                    trace + "sex:bogus", List.of("category", "'sex:bogus'", "[female, male, unspecified]"),
                    trace + "ageBand:18-99", List.of("category", "18-24", "65-plus", "unspecified"),
                    trace + "community:martian", List.of("category", "serb", "unspecified"),
                    trace + "type:unspecified", List.of("category", "training-delivered", "media-produced"),
                    "/api/projects/" + id + "/history?type=nope", List.of("type", "activity-corrected", "period-approved"));

            for (var path : refused.entrySet()) {
                var response = exchange(path.getKey(), Tokens.of("auditor-demo"), HttpMethod.GET);
                assertThat(response.getStatusCode()).as(path.getKey()).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(response.getHeaders().getContentType()).hasToString("application/problem+json");
                JsonNode error = JSON.readTree(response.getBody()).at("/errors/0");
                assertThat(error.path("field").asText()).as(path.getKey()).isEqualTo(path.getValue().get(0));
                assertThat(error.path("message").asText()).as(path.getKey())
                        .contains(path.getValue().subList(1, path.getValue().size()));
            }
            assertThat(get(trace + "sex:female").path("participants").asLong()).isEqualTo(14);
            assertThat(get(trace + "community:unspecified").path("participants").asLong()).isEqualTo(18);
            assertThat(get(trace + "type:training-delivered").path("activities").asLong()).isEqualTo(1);
            assertThat(get("/api/projects/" + id + "/history?type=org.kronika.training-delivered.v1").path("entries"))
                    .as("as published").hasSize(1);
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            var page = page(officer, "/dashboard/trace?category=sex:bogus");
            assertThat(page.statusCode()).as("the programme's trace checks it alike").isEqualTo(400);
            assertThat(page.body()).contains("the value of category in its address");
        }
    }

    @Nested
    class MunicipalityNames {

        /** "Mitrovica" is North and South: neither taken for one of them nor called unknown, as the command side says. */
        @Test
        void anAmbiguousMunicipalityIsRefusedNamingTheMunicipalitiesItCouldMean() throws Exception {
            String auditor = Tokens.of("auditor-demo");
            for (String path : List.of("/api/projects?municipality=Mitrovica",
                    "/api/projects/no-such-project/trace?municipality=mitrovice")) {
                var response = exchange(path, auditor, HttpMethod.GET);
                assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
                JsonNode error = JSON.readTree(response.getBody()).at("/errors/0");
                assertThat(error.path("field").asText()).as(path).isEqualTo("municipality");
                assertThat(error.path("message").asText()).as(path)
                        .contains("is ambiguous", "Mitrovicë e Jugut", "Mitrovicë e Veriut");
            }
            // A path names one municipality or none: as for any name that is none, 404, here saying which to use.
            var place = exchange("/api/municipalities/Mitrovica", auditor, HttpMethod.GET);
            assertThat(place.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(place.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(JSON.readTree(place.getBody()).path("detail").asText())
                    .isEqualTo("'Mitrovica' is ambiguous: use one of [Mitrovicë e Jugut, Mitrovicë e Veriut]");
            assertThat(get("/api/municipalities/Mitrovica e Veriut").path("municipality").asText())
                    .isEqualTo("Mitrovicë e Veriut");
        }

        /**
         * On the pages, "Mitrovica" is answered with the municipalities it could mean, in the reader's language, each a
         * link to what was asked for there: a municipality's page as 300 Multiple Choices, a trace's parameter as 400
         * naming the parameter, as the API refuses it.
         */
        @Test
        void anAmbiguousMunicipalityOnThePagesOffersEachMunicipalityItCouldMeanInTheReadersLanguage() throws Exception {
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            var place = page(auditor, "/dashboard/municipalities/Mitrovica");
            assertThat(place.statusCode()).isEqualTo(300);
            assertThat(place.headers().firstValue("Location")).as("neither is preferred").isEmpty();
            assertThat(place.body()).contains("<h1>Which municipality?</h1>",
                    "“Mitrovica” is the name of more than one municipality. Which one do you mean?",
                    href("/dashboard/municipalities/Mitrovic%C3%AB%20e%20Jugut") + ">Mitrovicë e Jugut (Kosovo)</a>",
                    href("/dashboard/municipalities/Mitrovic%C3%AB%20e%20Veriut") + ">Mitrovicë e Veriut (Kosovo)</a>");
            assertThat(page(auditor, "/dashboard/municipalities/mitrovice", "sq").body()).contains("lang=\"sq\"",
                    "<h1>Cila komunë?</h1>", "„mitrovice“ është emri i më shumë se një komune. Cilën keni parasysh?",
                    ">Mitrovicë e Jugut (Kosovë)</a>", ">Mitrovicë e Veriut (Kosovë)</a>");
            assertThat(page(auditor, "/dashboard/municipalities/Mitrovic%C3%AB%20e%20Veriut").statusCode()).isEqualTo(200);

            String south = "/dashboard/trace?period=2024-Q1&municipality=Mitrovic%C3%AB%20e%20Jugut";
            var trace = page(auditor, "/dashboard/trace?period=2024-Q1&municipality=Mitrovica&page=2");
            assertThat(trace.statusCode()).isEqualTo(400);
            assertThat(trace.body()).contains("the value of municipality, “Mitrovica”, is the name of more than one "
                    + "municipality", href(south) + ">Mitrovicë e Jugut (Kosovo)</a>",
                    href("/dashboard/trace?period=2024-Q1&municipality=Mitrovic%C3%AB%20e%20Veriut") + ">Mitrovicë e Veriut");
            assertThat(page(auditor, "/dashboard/trace?municipality=Mitrovica", "sq").body())
                    .contains("vlera e municipality, „Mitrovica“, është emri i më shumë se një komune",
                            href("/dashboard/trace?municipality=Mitrovic%C3%AB%20e%20Veriut"));
            // A parameter's name percent-encoded is the same parameter: replaced, not kept beside the choice.
            assertThat(page(auditor, "/dashboard/trace?municipalit%79=Mitrovica&period=2024-Q1&p%61ge=2").body())
                    .contains(href("/dashboard/trace?period=2024-Q1&municipality=Mitrovic%C3%AB%20e%20Jugut"))
                    .doesNotContain("href=\"/dashboard/trace?municipalit%79");
            assertThat(page(auditor, south).statusCode()).isEqualTo(200);
        }

        /**
         * Đ has no decomposition that stripping diacritics takes off: a name written with it is found written with "D"
         * or "Dj", by the API and the pages as by commands.
         */
        @Test
        void aMunicipalityWhoseNameHasAStrokedDIsFoundWrittenWithDOrDj() throws Exception {
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            for (String written : List.of("Đakovica", "Dakovica", "Djakovica")) {
                var place = exchange("/api/municipalities/" + written, Tokens.of("auditor-demo"), HttpMethod.GET);
                assertThat(place.getStatusCode()).as(written).isEqualTo(HttpStatus.OK);
                assertThat(JSON.readTree(place.getBody()).path("municipality").asText()).isEqualTo("Gjakovë");
                assertThat(exchange("/api/projects?municipality=" + written, Tokens.of("auditor-demo"), HttpMethod.GET)
                        .getStatusCode()).as(written).isEqualTo(HttpStatus.OK);
                String encoded = org.springframework.web.util.UriUtils.encodePathSegment(written, StandardCharsets.UTF_8);
                assertThat(page(auditor, "/dashboard/municipalities/" + encoded).statusCode()).as(written).isEqualTo(200);
                assertThat(page(auditor, "/dashboard/trace?municipality=" + encoded).statusCode()).as(written)
                        .isEqualTo(200);
            }
        }

        /**
         * As commands accept it, a name in its Albanian definite form or pasted with a no-break space or a zero-width one
         * is found; a name still unknown is refused showing what cannot be seen, and the municipality it is near.
         */
        @Test
        void aMunicipalityIsFoundAsPastedAndAnUnknownNamesRefusalShowsItsInvisibleCharactersAndTheNameItIsNear()
                throws Exception {
            String auditor = Tokens.of("auditor-demo");
            for (String written : List.of("Vushtrria", "Vushtrri\u00A0", "Vush\u200Btrri")) {
                // Run first, it may find the read models still being built: 503 until then, as for any reader.
                var place = await().atMost(Duration.ofSeconds(60)).until(() -> exchange("/api/municipalities/" + written,
                        auditor, HttpMethod.GET), answer -> answer.getStatusCode() != HttpStatus.SERVICE_UNAVAILABLE);
                assertThat(place.getStatusCode()).as(written).isEqualTo(HttpStatus.OK);
                assertThat(JSON.readTree(place.getBody()).path("municipality").asText()).as(written).isEqualTo("Vushtrri");
                assertThat(exchange("/api/projects?municipality=" + written, auditor, HttpMethod.GET).getStatusCode())
                        .as(written).isEqualTo(HttpStatus.OK);
            }
            assertThat(get("/api/municipalities/Fushe-Kosove").path("municipality").asText()).isEqualTo("Fushë Kosovë");
            var unknown = exchange("/api/municipalities/Vushtrrria\u00A0", auditor, HttpMethod.GET);
            assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(JSON.readTree(unknown.getBody()).path("detail").asText())
                    .isEqualTo("'Vushtrrria\\u00A0' is not a municipality of the programme; did you mean Vushtrri?");
            for (String path : List.of("/api/projects?municipality=Vushtrrria\u00A0",
                    "/api/projects/no-such-project/trace?municipality=Vushtrrria\u00A0")) {
                var response = exchange(path, auditor, HttpMethod.GET);
                assertThat(response.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
                JsonNode error = JSON.readTree(response.getBody()).at("/errors/0");
                assertThat(error.path("field").asText()).as(path).isEqualTo("municipality");
                assertThat(error.path("message").asText()).as(path).startsWith("must be a municipality of the programme")
                        .endsWith("; did you mean Vushtrri?");
            }
        }

        /**
         * The programme works in Kosovo and Albania: a place is named with its country wherever the pages name it, and
         * Albanian headings name a municipality as both countries do (Kosovo's komuna, Albania's bashkia).
         */
        @Test
        void aPlaceIsNamedWithItsCountryAndItsHeadingFitsBothCountries() throws Exception {
            String id = newProjectId();
            producer.send(0, new ProjectRegistered(id, "komf", "KOMF", false, "Two countries", null, null, null, null,
                    List.of("Tiranë", "Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            producer.send(1, training(id, "t-1", "2024-03-12", "Tiranë", Participants.total(3)));
            awaitVersion(id, 1);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            String project = "/dashboard/projects/" + id;

            assertThat(page(auditor, project, "sq").body()).contains("<dt>Komunat / bashkitë</dt>",
                    ">Tiranë (Shqipëri)</a>", ">Gjilan (Kosovë)</a>", "<span>Tiranë (Shqipëri)</span>",
                    "<caption id=\"cap-municipality\">Sipas komunës / bashkisë</caption>").doesNotContain(">Tiranë</");
            assertThat(page(auditor, project).body()).contains(">Tiranë (Albania)</a>", ">Gjilan (Kosovo)</a>");
            assertThat(page(auditor, project + "/trace?municipality=Tiran%C3%AB", "sq").body())
                    .contains("<dt>Komuna / bashkia</dt>", "<dd>Tiranë (Shqipëri)</dd>", "<td>Tiranë (Shqipëri)</td>",
                            "<th scope=\"col\">Komuna / bashkia</th>");
            // The municipality's page and its line in the portfolio follow at the projection's next checkpoint.
            String tirana = "/dashboard/municipalities/Tiran%C3%AB";
            assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> page(auditor, tirana, "sq").body(),
                    body -> body.contains("data-project=\"" + id + "\"")))
                    .contains("<h1 data-municipality=\"Tiranë\">Tiranë (Shqipëri)</h1>");
            // The portfolio reads the programme's aggregate as it was up to a second ago (RecentAggregates), so it may
            // trail the municipality's page by that second.
            assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> readable(page(auditor, "/dashboard", "sq").body()),
                    body -> body.contains(" Tiranë (Shqipëri) "))).contains("Sipas komunës / bashkisë", " Gjilan (Kosovë) ");
        }
    }

    @Nested
    class Reports {

        /**
         * An officer finds what waits for review across the programme, and which approved reports changed since, without
         * opening every project; a recorder sees their organisation's only.
         */
        @Test
        void theProgrammesReportsAreListedByStatusAsFarAsTheCallerMaySee() throws Exception {
            String komf = registeredAndProjected("komf");
            String kec = registeredAndProjected("kec");
            producer.send(1, new PeriodSubmitted(komf, "2024-Q2", "Our second quarter"));
            producer.send(1, new PeriodSubmitted(kec, "2024-Q3", "Our third quarter"));
            String approved = anApprovedQuarterCorrectedSince();
            awaitVersion(komf, 1);
            awaitVersion(kec, 1);
            awaitVersion(approved, 6);

            JsonNode waiting = reports("officer-demo", "?limit=500");
            assertThat(mine(waiting, komf, kec, approved)).containsExactlyInAnyOrder(
                    komf + " 2024-Q2 submitted 0", kec + " 2024-Q3 submitted 0");
            JsonNode entry = stream(waiting.path("reports")).filter(r -> r.path("projectId").asText().equals(kec))
                    .findFirst().orElseThrow();
            assertThat(entry.path("organisation").asText()).isEqualTo("KEC");
            assertThat(entry.path("title").asText()).isEqualTo("Monitoring the Law on Child Protection");
            JsonNode report = get("/api/projects/" + kec + "/periods/2024-Q3");
            assertThat(entry.path("dueDate")).isEqualTo(report.path("dueDate"));
            assertThat(entry.path("name")).isEqualTo(report.path("name"));
            assertThat(entry.path("report").asText()).isEqualTo("/api/projects/" + kec + "/periods/2024-Q3");
            assertThat(mine(reports("officer-demo", "?status=approved&limit=500"), komf, kec, approved))
                    .containsExactly(approved + " 2024-Q1 approved 1");
            assertThat(mine(reports("recorder-komf", "?limit=500"), komf, kec, approved))
                    .containsExactly(komf + " 2024-Q2 submitted 0");

            // A page of one, then the next from its cursor: every report once.
            List<String> paged = new ArrayList<>();
            java.util.Set<String> cursors = new java.util.HashSet<>();
            String after = null;
            do {
                // The template encodes the cursor's '|' once.
                JsonNode page = reports("auditor-demo", "?limit=1" + (after == null ? "" : "&after=" + after));
                assertThat(page.path("reports").size()).isLessThanOrEqualTo(1);
                paged.addAll(mine(page, komf, kec, approved));
                after = page.path("next").isTextual() ? page.path("next").asText() : null;
                assertThat(after == null || cursors.add(after)).as("each page moves on: " + after).isTrue();
            } while (after != null);
            assertThat(paged).containsExactlyInAnyOrder(komf + " 2024-Q2 submitted 0", kec + " 2024-Q3 submitted 0");

            // A recorder pages through their organisation's reports only: each cursor is the key of the page's own last
            // report, never another organisation's (whose project, period and status it would tell).
            for (String status : List.of("submitted", "returned", "approved")) {
                after = null;
                do {
                    JsonNode page = reports("recorder-komf", "?status=" + status + "&limit=1"
                            + (after == null ? "" : "&after=" + after));
                    after = page.path("next").isTextual() ? page.path("next").asText() : null;
                    if (after != null) {
                        JsonNode last = page.path("reports").path(0);
                        assertThat(after).as(status + ": the cursor of a page of " + page.path("reports"))
                                .isEqualTo(last.path("projectId").asText() + "|" + last.path("periodId").asText());
                        assertThat(last.path("organisationId").asText()).isEqualTo("komf");
                    }
                } while (after != null);
            }

            // The same pages backwards, from the last one's previous: the same reports in the same order.
            List<String> forwards = new ArrayList<>();
            List<String> lastPage = List.of();
            String previous = null;
            after = null;
            do {
                JsonNode page = reports("auditor-demo", "?limit=2" + (after == null ? "" : "&after=" + after));
                lastPage = keys(page);
                forwards.addAll(lastPage);
                previous = page.path("previous").isTextual() ? page.path("previous").asText() : null;
                after = page.path("next").isTextual() ? page.path("next").asText() : null;
            } while (after != null);
            List<String> backwards = new ArrayList<>(lastPage);
            while (previous != null) {
                JsonNode page = reports("auditor-demo", "?limit=2&before=" + previous);
                backwards.addAll(0, keys(page));
                previous = page.path("previous").isTextual() ? page.path("previous").asText() : null;
            }
            assertThat(backwards).isEqualTo(forwards).contains(komf + "|2024-Q2", kec + "|2024-Q3");

            // Each status's total is how many reports it holds as far as the caller may see: kept as reports change
            // status, it says what the whole list says once it has caught up with it (an admin's, a recorder's own).
            for (String client : List.of("admin-demo", "recorder-komf")) {
                for (String status : List.of("submitted", "returned", "approved")) {
                    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                        JsonNode all = reports(client, "?status=" + status + "&limit=500");
                        assertThat(all.path("total").asLong()).as(client + " " + status)
                                .isEqualTo(all.path("reports").size());
                    });
                }
            }
            assertThat(reports("recorder-komf", "?limit=500").path("total").asLong())
                    .isLessThan(reports("admin-demo", "?limit=500").path("total").asLong());
            assertThat(reports("officer-demo", "?status=overdue&limit=1").path("total").isNull()).isTrue();

            var refused = exchange("/api/reports?status=open", Tokens.of("officer-demo"), HttpMethod.GET);
            assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(JSON.readTree(refused.getBody()).path("errors").findValuesAsText("field")).containsExactly("status");
            var badBefore = exchange("/api/reports?before=no-bar", Tokens.of("officer-demo"), HttpMethod.GET);
            assertThat(badBefore.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(badBefore.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(JSON.readTree(badBefore.getBody()).path("errors").findValuesAsText("field"))
                    .containsExactly("before");

            JsonNode api = JSON.readTree(exchange("/v3/api-docs", "", HttpMethod.GET).getBody());
            JsonNode operation = api.at("/paths/~1api~1reports/get");
            assertThat(operation.path("parameters").findValuesAsText("name")).contains("after", "before");
            assertThat(operation.path("description").asText()).contains("total", "previous");
            String page = operation.at("/responses/200/content/application~1json/schema/$ref").asText();
            assertThat(api.at(page.substring(1) + "/properties").fieldNames()).toIterable()
                    .contains("reports", "next", "previous", "total");
        }

        /**
         * A grants manager's question: which reports are late. A quarter ended and past its due date is overdue while
         * its report is not in (never submitted, or returned and not submitted again); one submitted or approved is not.
         * Paged project by project, each once, as far as the caller may see.
         */
        @Test
        void theReportsPastTheirDueDateAndNotInAreListedAsOverdue() throws Exception {
            String komf = registeredAndProjected("komf");
            producer.send(1, new PeriodSubmitted(komf, "2024-Q1", "First"));
            producer.send(2, new PeriodApproved(komf, "2024-Q1", LocalDate.parse("2024-01-01"),
                    LocalDate.parse("2024-03-31"), 1, "head-1", "Fine"));
            producer.send(3, new PeriodSubmitted(komf, "2024-Q2", "Second"));
            producer.send(4, new org.kronika.events.PeriodReturned(komf, "2024-Q2", "The sheets are missing"));
            producer.send(5, new PeriodSubmitted(komf, "2024-Q3", "Third"));
            String kec = registeredAndProjected("kec");
            awaitVersion(komf, 5);

            java.util.function.Function<JsonNode, List<String>> quarters = page -> mine(page, komf, kec).stream()
                    .filter(line -> line.contains(" 2024-Q")).toList();
            List<String> late = new ArrayList<>();
            java.util.Set<String> cursors = new java.util.HashSet<>();
            String after = null;
            do {
                JsonNode page = reports("auditor-demo", "?status=overdue&limit=3" + (after == null ? "" : "&after=" + after));
                assertThat(page.path("reports").size()).isLessThanOrEqualTo(3);
                late.addAll(quarters.apply(page));
                after = page.path("next").isTextual() ? page.path("next").asText() : null;
                assertThat(after == null || cursors.add(after)).as("each page moves on: " + after).isTrue();
            } while (after != null);
            assertThat(late).containsExactlyInAnyOrder(komf + " 2024-Q2 returned 0", komf + " 2024-Q4 open 0",
                    kec + " 2024-Q1 open 0", kec + " 2024-Q2 open 0", kec + " 2024-Q3 open 0", kec + " 2024-Q4 open 0");

            after = null;
            do {
                JsonNode page = reports("recorder-komf", "?status=overdue&limit=5" + (after == null ? "" : "&after=" + after));
                assertThat(stream(page.path("reports")).map(r -> r.path("organisationId").asText()))
                        .as("a recorder's own organisation's only").allMatch("komf"::equals);
                assertThat(mine(page, kec)).isEmpty();
                after = page.path("next").isTextual() ? page.path("next").asText() : null;
            } while (after != null);

            var bad = exchange("/api/reports?status=overdue&after=no-bar", Tokens.of("officer-demo"), HttpMethod.GET);
            assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(JSON.readTree(bad.getBody()).path("errors").findValuesAsText("field")).containsExactly("after");
            // Of the right shape but naming no period, it had the walk skip every overdue report of kec: 200, and
            // kec's reports were missing from the page as if none were late.
            for (String cursor : List.of("after=" + kec + "|2024-Q9", "before=" + kec + "|no-such-period")) {
                var unknown = exchange("/api/reports?status=overdue&" + cursor, Tokens.of("officer-demo"),
                        HttpMethod.GET);
                assertThat(unknown.getStatusCode()).as(cursor).isEqualTo(HttpStatus.BAD_REQUEST);
                assertThat(JSON.readTree(unknown.getBody()).path("errors").findValuesAsText("field")).as(cursor)
                        .containsExactly(cursor.substring(0, cursor.indexOf('=')));
            }
            assertThat(quarters.apply(reports("auditor-demo", "?status=overdue&limit=500&after=" + kec + "|2024-Q1")))
                    .as("a cursor the calendar knows still walks on").contains(kec + " 2024-Q2 open 0")
                    .doesNotContain(kec + " 2024-Q1 open 0");
            // A period of the calendar outside kec's days (its dates amended between two pages) is never among its
            // periods: the walk resumed at meeting it, and skipped every overdue report of kec.
            assertThat(quarters.apply(reports("auditor-demo", "?status=overdue&limit=500&after=" + kec + "|2023-Q4")))
                    .contains(kec + " 2024-Q1 open 0", kec + " 2024-Q4 open 0");
            assertThat(quarters.apply(reports("auditor-demo", "?status=overdue&limit=500&after=" + kec + "|2025-Q1")))
                    .noneMatch(line -> line.startsWith(kec + " "));
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            assertThat(page(officer, "/dashboard/reports?status=overdue").body())
                    .contains("aria-current=\"page\"", ">Overdue<", "data-status=\"overdue\"", "data-column=\"status\"");
        }

        /**
         * A reader following a project's count of overdue reports (in the portfolio's ranking or a municipality's
         * projects, one fragment) or a row of the list of overdue reports lands on the period on the project's page:
         * every period ended whose report is owed is listed there beside those submitted, with its due date, the
         * overdue ones marked, in either language. The text for no period only where none is listed.
         */
        @Test
        void theOverdueReportsTheCountAndTheListLeadToAreListedOnTheProjectsPage() throws Exception {
            // Mamushë is named by no other test: this project is its only one.
            String id = newProjectId();
            producer.send(0, new ProjectRegistered(id, "kec", "KEC", false, "Late reports", null, null, null, null,
                    List.of("Mamushë"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            producer.send(1, new PeriodSubmitted(id, "2024-Q2", "Our second quarter"));
            awaitVersion(id, 1);
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");

            String place = await().atMost(Duration.ofSeconds(30)).until(() -> page(officer,
                    "/dashboard/municipalities/Mamush%C3%AB").body(), body -> body.contains("data-project=\"" + id + "\""));
            String count = between(between(place, "data-project=\"" + id + "\"", "</tr>"),
                    "data-column=\"overdueReports\"", "</td>");
            assertThat(count).contains("data-value=\"3\"", href("/dashboard/projects/" + id + "#periods"));
            String project = page(officer, "/dashboard/projects/" + id).body();
            String periods = between(project, "<section id=\"periods\"", "<section id=\"timeline\"");
            for (String quarter : List.of("2024-Q1", "2024-Q3", "2024-Q4")) {
                assertThat(periods).as(quarter).contains("id=\"period-" + quarter + "\" data-period=\"" + quarter
                        + "\" data-overdue=\"true\"");
            }
            assertThat(periods).contains("id=\"period-2024-Q2\" data-period=\"2024-Q2\" data-overdue=\"false\"",
                    "data-due-date data-value=\"2024-04-30\"").doesNotContain("data-no-periods");
            assertThat(readable(between(periods, "id=\"period-2024-Q1\"", "</section>"))).contains("open overdue ",
                    "Overdue: it was due on ", "No report was submitted for this period yet.");
            assertThat(between(periods, "id=\"period-2024-Q2\"", "</section>")).contains(">submitted<")
                    .doesNotContain("data-period-overdue", "Overdue:");
            assertThat(readable(between(page(officer, "/dashboard/projects/" + id, "sq").body(),
                    "id=\"period-2024-Q1\"", "</section>"))).contains("me vonesë", "Me vonesë: afati ishte ",
                    "Për këtë periudhë ende nuk është dorëzuar asnjë raport.");

            // Each row of the list of overdue reports links to its period's row on the project's page.
            Map<String, String> late = reportRows(officer, "/dashboard/reports?status=overdue", "en");
            for (String quarter : List.of("2024-Q1", "2024-Q3", "2024-Q4")) {
                String link = "/dashboard/projects/" + id + "#period-" + quarter;
                assertThat(late.get(id + " " + quarter)).as(quarter).contains(href(link));
                assertThat(project).as(link).contains("id=\"period-" + quarter + "\"");
            }
            assertThat(late).doesNotContainKey(id + " 2024-Q2");

            // A project none of whose periods has ended, and which submitted nothing, has none to list.
            String later = newProjectId();
            producer.send(0, new ProjectRegistered(later, "kec", "KEC", false, "Later", null, null, null, null,
                    List.of("Mamushë"), LocalDate.of(2030, 1, 1), LocalDate.of(2030, 12, 31)));
            awaitVersion(later, 0);
            String none = between(page(officer, "/dashboard/projects/" + later).body(), "<section id=\"periods\"",
                    "<section id=\"timeline\"");
            assertThat(none).contains("data-no-periods").doesNotContain("id=\"period-");
        }

        /**
         * The officer's page of reports: what waits for review, what went back, what was approved with its changes since,
         * each linking to its report on the project's page, which shows a report not yet approved with its figures as
         * they stand and the version an approval of them names; a recorder sees their organisation's only.
         */
        @Test
        void theReportsPageListsWhatWaitsForReviewAndEachLinksToItsFiguresAsTheyStand() throws Exception {
            String komf = registeredAndProjected("komf");
            String kec = registeredAndProjected("kec");
            producer.send(1, training(komf, "t-1", "2024-04-10", "Gjilan", Participants.total(7)));
            producer.send(2, new PeriodSubmitted(komf, "2024-Q2", "Our second quarter"));
            producer.send(1, new PeriodSubmitted(kec, "2024-Q3", "Our third quarter"));
            String approved = anApprovedQuarterCorrectedSince();
            awaitVersion(komf, 2);
            awaitVersion(kec, 1);
            awaitVersion(approved, 6);
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");

            Map<String, String> waiting = reportRows(officer, "/dashboard/reports", "en");
            assertThat(waiting.get(komf + " 2024-Q2")).contains("href=\"/dashboard/projects/" + komf + "#period-2024-Q2\"",
                    "KOMF", "Q2 2024");
            assertThat(waiting).containsKey(kec + " 2024-Q3").doesNotContainKey(approved + " 2024-Q1");
            Map<String, String> done = reportRows(officer, "/dashboard/reports?status=approved", "sq");
            assertThat(done.get(approved + " 2024-Q1")).contains("data-column=\"changes\">1<");
            assertThat(done).doesNotContainKey(komf + " 2024-Q2");
            String recorder = DashboardSignIn.signIn(http.getRootUri(), "recorder");
            assertThat(reportRows(recorder, "/dashboard/reports", "en")).as("the recorder is KEC's")
                    .containsKey(kec + " 2024-Q3").doesNotContainKey(komf + " 2024-Q2");
            assertThat(page(officer, "/dashboard/reports?status=open").statusCode()).isEqualTo(400);
            assertThat(page(officer, "/dashboard").body()).contains("href=\"/dashboard/reports\"");

            // Each tab says how many it holds, as the API counts them for the same reader (overdue, never counted,
            // none); the list says which of them the page shows.
            long submitted = await().atMost(Duration.ofSeconds(30)).until(() -> reports("officer-demo", "?limit=500"),
                    all -> all.path("total").asLong() == all.path("reports").size()).path("total").asLong();
            long approvedTotal = reports("officer-demo", "?status=approved").path("total").asLong();
            String tabs = between(page(officer, "/dashboard/reports").body(), "<nav class=\"tabs\"", "</nav>");
            assertThat(readable(tabs)).contains("Waiting for review (" + submitted + ")",
                    "Approved (" + approvedTotal + ")").doesNotContain("Overdue (");
            assertThat(tabs).contains("data-tab=\"overdue\"").contains("data-count=\"" + submitted + "\"");
            assertThat(readable(page(officer, "/dashboard/reports", "sq").body()))
                    .contains("Në pritje të shqyrtimit (" + submitted + ")");
            String kecOnly = between(page(recorder, "/dashboard/reports").body(), "<nav class=\"tabs\"", "</nav>");
            assertThat(kecOnly).contains("data-count=\"" + reports("recorder-kec", "").path("total").asLong() + "\"");

            // From a page after the first report, the page before is the first page, and each says where it stands.
            String first = keys(reports("officer-demo", "?limit=1")).get(0);
            String second = page(officer, "/dashboard/reports?status=submitted&after="
                    + java.net.URLEncoder.encode(first, java.nio.charset.StandardCharsets.UTF_8) + "&at=1").body();
            assertThat(readable(second)).contains("Reports 2–" + Math.min(submitted, 51) + " of " + submitted);
            assertThat(second).contains("data-first", "rel=\"prev\"");
            java.util.regex.Matcher prev = java.util.regex.Pattern.compile("href=\"([^\"]+)\" rel=\"prev\"")
                    .matcher(second);
            assertThat(prev.find()).isTrue();
            assertThat(prev.group(1)).contains("before=", "at=2");
            String back = page(officer, prev.group(1).replace("&amp;", "&")).body();
            assertThat(readable(back)).contains("Reports 1–" + Math.min(submitted, 50) + " of " + submitted);
            assertThat(back).doesNotContain("rel=\"prev\"", "data-first");
            assertThat(page(officer, "/dashboard/reports?before=no-bar").statusCode()).isEqualTo(400);
            assertThat(page(officer, "/dashboard/reports?after=a%7Cb&at=-1").statusCode()).isEqualTo(400);

            String project = page(officer, "/dashboard/projects/" + komf).body();
            int at = project.indexOf("id=\"period-2024-Q2\"");
            assertThat(at).as("the report the list links to").isPositive();
            String section = project.substring(at, project.indexOf("</section>", at));
            assertThat(readable(section)).contains("Figures of the period as they stand, as of event 2: what an approval "
                    + "of them names (If-Match: &quot;2&quot;)", "Participants 7 ").doesNotContain("As approved");
            assertThat(section).contains("data-standing")
                    .as("no command service to send reviews to here: officers review through the API").doesNotContain(
                            "data-review");
            assertThat(readable(page(officer, "/dashboard/projects/" + komf, "sq").body()))
                    .contains("Shifrat e periudhës siç janë, deri te ngjarja 2");
        }

        /** The list leaves such a period out and commands refuse it: an "open" report of it would be one never due. */
        @Test
        void aPeriodOutsideTheProjectsDatesHasNoReport() throws Exception {
            String id = registeredAndProjected("komf");

            assertThat(get("/api/projects/" + id + "/periods").findValuesAsText("periodId")).contains("2024-Q1")
                    .doesNotContain("2022-Q1", "2025-Q1");
            for (String period : List.of("2022-Q1", "2025-Q1")) {
                var outside = exchange("/api/projects/" + id + "/periods/" + period, Tokens.of("auditor-demo"), HttpMethod.GET);
                assertThat(outside.getStatusCode()).as(period).isEqualTo(HttpStatus.NOT_FOUND);
                assertThat(outside.getHeaders().getContentType()).hasToString("application/problem+json");
                assertThat(JSON.readTree(outside.getBody()).path("detail").asText()).as(period)
                        .contains("2024-01-01 to 2024-12-31", period);
            }
            assertThat(get("/api/projects/" + id + "/periods/2024-Q1").path("status").asText()).isEqualTo("open");

            // A report once submitted stays the project's, with its discussion, when its end moves before the period.
            producer.send(1, new PeriodSubmitted(id, "2024-Q4", "Our last quarter"));
            producer.send(2, new org.kronika.events.PeriodReturned(id, "2024-Q4", "The project ends in September"));
            producer.send(3, new org.kronika.events.ProjectDetailsAmended(id, null, null, null, null, null, null,
                    LocalDate.of(2024, 9, 30), "Ends early"));
            awaitVersion(id, 3);
            assertThat(get("/api/projects/" + id + "/periods").findValuesAsText("periodId")).contains("2024-Q4")
                    .doesNotContain("2025-Q1");
            assertThat(get("/api/projects/" + id + "/periods/2024-Q4").path("status").asText()).isEqualTo("returned");
        }
    }

    @Nested
    class OpenApi {

        @Test
        void publishesAnOpenApiDocumentThatDescribesEveryResponse() throws Exception {
            JsonNode api = JSON.readTree(exchange("/v3/api-docs", "", HttpMethod.GET).getBody());
            assertThat(api.path("paths").fieldNames()).toIterable().contains("/api/projects", "/api/projects/{projectId}",
                    "/api/projects/{projectId}/history", "/api/portfolio", "/api/municipalities/{name}");
            assertThat(api.at("/paths/~1api~1projects~1{projectId}/get/responses/200/content/application~1json/schema/$ref")
                    .asText()).endsWith("ProjectView");
            assertThat(api.at("/components/schemas/ProjectView/properties/totals/$ref").asText()).endsWith("Totals");
            assertThat(exchange("/swagger-ui/index.html", "", HttpMethod.GET).getStatusCode()).isEqualTo(HttpStatus.OK);

            // Every refusal is problem+json in the one shape; every operation can refuse a parameter it does not take.
            assertThat(api.at("/components/schemas/Problem/required")).extracting(JsonNode::asText)
                    .contains("type", "title", "status", "detail");
            api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                String name = operation.getKey() + " " + path.getKey();
                List<String> problems = new ArrayList<>();
                operation.getValue().path("responses").fields().forEachRemaining(response -> {
                    String code = response.getKey();
                    if (code.startsWith("4") || code.startsWith("5")) {
                        assertThat(response.getValue().at("/content/application~1problem+json/schema/$ref").asText())
                                .as(name + " " + code).isEqualTo("#/components/schemas/Problem");
                        problems.add(code);
                    }
                    response.getValue().path("content").fields().forEachRemaining(media -> {
                        assertThat(media.getKey()).as(name + " " + code).isNotEqualTo("*/*");
                        JsonNode schema = media.getValue().path("schema");
                        JsonNode shown = schema.has("$ref") ? api.at(schema.path("$ref").asText().substring(1)) : schema;
                        assertThat(shown.path("type").asText().equals("object") && !shown.has("properties")
                                && !shown.has("additionalProperties")).as(name + " " + code + " is an empty object").isFalse();
                    });
                });
                assertThat(problems).as(name).contains("400");
                if (!operation.getValue().path("security").isArray()) {
                    assertThat(problems).as(name).contains("401", "403");
                    assertThat(operation.getValue().path("x-roles")).as(name + " roles").isNotEmpty();
                }
                if (path.getKey().contains("{")) {
                    assertThat(problems).as(name).contains("404");
                }
                // Every operation but the projector's lag reads the read store, which may not answer: admins' too.
                if (!path.getKey().equals("/api/admin/read-models/lag")) {
                    assertThat(problems).as(name).contains("503");
                    assertThat(operation.getValue().at("/responses/503/headers/Retry-After")).as(name).isNotEmpty();
                }
            }));
            // Downloads are files of their own type, and who may take them is said.
            String project = "/paths/~1api~1projects~1{projectId}";
            assertThat(api.at(project + "~1export.jsonl/get/responses/200/content/application~1x-ndjson/schema/format")
                    .asText()).isEqualTo("binary");
            assertThat(api.at(project + "~1export.csv/get/responses/200/content/text~1csv/schema/format").asText())
                    .isEqualTo("binary");
            assertThat(api.at(project + "~1figures.csv/get/responses/200/content/text~1csv/schema/format").asText())
                    .isEqualTo("binary");
            assertThat(api.at(project + "~1report.html/get/responses/200/content/text~1html/schema/format").asText())
                    .isEqualTo("binary");
            // What says whether the lines are the whole history is a header: documented as one, so a generated client
            // has it.
            for (String export : List.of("~1export.jsonl", "~1export.csv")) {
                assertThat(api.at(project + export + "/get/responses/200/headers").fieldNames()).toIterable().as(export)
                        .containsExactlyInAnyOrder("Kronika-History-Complete", "Kronika-History-Incomplete-Reason");
            }
            assertThat(api.at(project + "~1export.jsonl/get/responses/200/headers/Kronika-History-Complete/schema/type")
                    .asText()).isEqualTo("boolean");
            assertThat(api.at(project + "~1export.jsonl/get/x-roles")).extracting(JsonNode::asText)
                    .containsExactly("admin", "officer", "recorder", "auditor");
            assertThat(api.at("/paths/~1api~1admin~1read-models~1rebuilds/post/responses/409")).isNotEmpty();
            assertThat(OpenApiAgreement.javaOnlyPatterns(api)).as("patterns ECMAScript reads otherwise").isEmpty();
        }

        /**
         * A client generated from the document gets every type the service answers with its own members: no schema
         * stands for two types (three nested records called Correction were one schema, the measurement's), and every
         * operation has a name rather than a number.
         */
        @Test
        void everyTypeAnsweredHasASchemaOfItsOwnWithItsMembersAndEveryOperationAName() throws Exception {
            JsonNode api = JSON.readTree(exchange("/v3/api-docs", "", HttpMethod.GET).getBody());
            assertThat(OpenApiAgreement.typeDisagreements(api, context)).isEmpty();
            assertThat(OpenApiAgreement.numberedOperationIds(api)).isEmpty();
        }

        /**
         * What a client generated from the document keeps of a real answer is all of it: every answer about a project
         * holding every kind of statement (an activity corrected after its period's approval and flagged, one retracted,
         * a measurement corrected and one retracted), and the programme's figures, declare every field they hold, of the
         * JSON type it has.
         */
        @Test
        void everyFieldOfARealAnswerIsDeclaredInTheDocumentAsWhatItIs() throws Exception {
            String id = anApprovedQuarterCorrectedSince();
            producer.send(7, training(id, "t-2", "2024-04-12", "Prishtinë", Participants.bySex(10, 5, 5)));
            producer.send(8, new org.kronika.events.ActivityRetracted(id, "t-2", "Counted twice"));
            producer.send(9, new IndicatorDefined(id, "literacy", "Media literacy", "percent", "measured", "latest", 0,
                    60, List.of(), List.of()));
            producer.send(10, new IndicatorMeasured(id, "literacy", "m-x", LocalDate.parse("2024-05-10"), 40, "Gjilan",
                    Map.of(), null));
            producer.send(11, new IndicatorMeasured(id, "literacy", "m-y", LocalDate.parse("2024-05-20"), 150, "Gjilan",
                    Map.of(), null));
            producer.send(12, new MeasurementCorrected(id, "literacy", "m-y", LocalDate.parse("2024-05-20"), 15, "Gjilan",
                    Map.of(), null, "A zero too many"));
            producer.send(13, new MeasurementRetracted(id, "literacy", "m-x", "A pilot of the questionnaire"));
            awaitVersion(id, 13);

            JsonNode api = JSON.readTree(exchange("/v3/api-docs", "", HttpMethod.GET).getBody());
            String project = "/api/projects/{projectId}";
            String measurement = project + "/indicators/{indicatorId}/measurements/{measurementId}";
            String own = "/api/projects/" + id;
            List<Map.Entry<String, String>> answers = List.of(
                    Map.entry(project, own),
                    Map.entry(project + "/activities", own + "/activities?size=200"),
                    Map.entry(project + "/activities/{activityId}", own + "/activities/t-1"),
                    Map.entry(project + "/activities/{activityId}", own + "/activities/t-2"),
                    Map.entry(project + "/measurements", own + "/measurements"),
                    Map.entry(measurement, own + "/indicators/literacy/measurements/m-y"),
                    Map.entry(measurement, own + "/indicators/literacy/measurements/m-x"),
                    Map.entry(project + "/indicators", own + "/indicators"),
                    Map.entry(project + "/indicators/{indicatorId}", own + "/indicators/reached"),
                    Map.entry(project + "/history", own + "/history?limit=500"),
                    Map.entry(project + "/periods", own + "/periods"),
                    Map.entry(project + "/periods/{periodId}", own + "/periods/2024-Q1"),
                    Map.entry(project + "/trace", own + "/trace?indicator=reached"),
                    Map.entry(project + "/timeseries", own + "/timeseries"),
                    Map.entry(project + "/verification", own + "/verification"),
                    Map.entry("/api/projects", "/api/projects"),
                    Map.entry("/api/portfolio", "/api/portfolio"),
                    Map.entry("/api/portfolio/timeseries", "/api/portfolio/timeseries"),
                    Map.entry("/api/municipalities", "/api/municipalities"),
                    Map.entry("/api/municipalities/{name}", "/api/municipalities/Gjilan"),
                    Map.entry("/api/programme/reporting-periods", "/api/programme/reporting-periods"),
                    Map.entry("/api/programme/reporting-periods/{periodId}", "/api/programme/reporting-periods/2024-Q1"));
            List<String> undeclared = new ArrayList<>();
            for (var answer : answers) {
                JsonNode body = get(answer.getValue());
                assertThat(body).as(answer.getValue()).isNotNull();
                undeclared.addAll(OpenApiAgreement.undeclared(api, "get", answer.getKey(), body));
            }
            assertThat(undeclared).isEmpty();
        }

        /**
         * A client generated from the document sends what each query parameter's schema allows and nothing else: the
         * service takes every value it allows (its bounds, default, enum and example) and refuses, naming the
         * parameter, each it leaves out (past a bound, not a whole number or a date, too long). The controllers read
         * every parameter as a String, so the document called each of them any string, undescribed (page=x is 400).
         */
        @Test
        void everyQueryParameterTakesWhatItsSchemaAllowsAndIsRefusedNamingItOtherwise() throws Exception {
            String id = anApprovedQuarterCorrectedSince();
            awaitVersion(id, 6);
            JsonNode api = JSON.readTree(exchange("/v3/api-docs", "", HttpMethod.GET).getBody());
            // The service reads these two together: each is probed beside a value the other takes.
            Map<String, String> beside = Map.of("sequence", "&hash=" + "0".repeat(64), "hash", "&sequence=0");
            OpenApiAgreement.Probed probed = OpenApiAgreement.probeQueryParameters(api, (path, get, name, value) -> {
                String address = path.replace("{projectId}", id).replace("{name}", "Gjilan");
                String token = Tokens.of(get.path("x-roles").toString().contains("auditor") ? "auditor-demo" : "admin-demo");
                var answer = exchange(address + "?" + name + "=" + value + beside.getOrDefault(name, ""), token,
                        HttpMethod.GET);
                return new OpenApiAgreement.Answer(answer.getStatusCode().value(), answer.getBody());
            });
            assertThat(probed.parameters()).hasSize(44);
            assertThat(probed.disagreements()).isEmpty();
        }
    }

    @Nested
    class Traces {

        @Test
        void aTraceListsTheFactsAFigureIsMadeOfAndAddsUpToIt() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, reached(id, 100));
            producer.send(2, reaching(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
            producer.send(3, reaching(id, "t-2", "2024-08-02", "Prishtinë", Participants.bySex(10, 5, 5)));
            producer.send(4, correction(id, reaching(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(20, 15, 3))));
            JsonNode project = awaitVersion(id, 4);
            JsonNode progress = project.at("/indicators/0/progress");
            String trace = "/api/projects/" + id + "/trace";

            JsonNode indicator = get(trace + "?indicator=reached");
            assertThat(indicator.path("value").asDouble()).isEqualTo(progress.path("achieved").asDouble()).isEqualTo(30);
            JsonNode corrected = indicator.path("items").get(0);
            assertThat(corrected.path("id").asText()).isEqualTo("t-1");
            assertThat(corrected.path("sequences")).extracting(JsonNode::asInt).containsExactly(2, 4);
            assertThat(corrected.path("reasons")).extracting(JsonNode::asText).containsExactly("A late sign-in");
            for (JsonNode period : progress.path("byPeriod")) {
                assertThat(get(trace + "?indicator=reached&period=" + period.path("periodId").asText()).path("value")
                        .asDouble()).as(period.path("periodId").asText()).isEqualTo(period.path("achieved").asDouble());
            }
            assertThat(get(trace + "?indicator=reached&category=sex:unspecified").path("participants").asLong())
                    .isEqualTo(progress.at("/bySex/unspecified").asLong()).isEqualTo(2);
            assertThat(get(trace + "?category=sex:female").path("participants").asLong())
                    .isEqualTo(project.at("/totals/participants/bySex/female").asLong()).isEqualTo(20);
            assertThat(get(trace + "?municipality=Gjilan").path("items")).extracting(i -> i.path("id").asText())
                    .containsExactly("t-1");
            assertThat(get(trace).path("participants").asLong()).isEqualTo(project.at("/totals/participants/total").asLong());

            String auditor = Tokens.of("auditor-demo");
            var colour = exchange(trace + "?category=colour:red", auditor, HttpMethod.GET);
            assertThat(colour.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(JSON.readTree(colour.getBody()).at("/errors/0/message").asText())
                    .isEqualTo("must be one of [sex, ageBand, community, type] and a value, e.g. sex:female");
            // Age bands as commands, indicators and measurements spell them, and as the read models do.
            assertThat(get(trace + "?category=age-band:unspecified").path("participants").asLong())
                    .isEqualTo(get(trace + "?category=ageBand:unspecified").path("participants").asLong())
                    .as("no age band was given").isEqualTo(project.at("/totals/participants/total").asLong());
            assertThat(exchange(trace + "?indicator=unknown", auditor, HttpMethod.GET).getStatusCode())
                    .isEqualTo(HttpStatus.NOT_FOUND);
            // An indicator that counts no participants has no women among its values: 5 sessions held are no 5 women.
            producer.send(5, new IndicatorDefined(id, "sessions", "Sessions held", "count", "activities", "sum", 0, 10,
                    List.of(), List.of()));
            awaitVersion(id, 5);
            var byWomen = exchange(trace + "?indicator=sessions&category=sex:female", auditor, HttpMethod.GET);
            assertThat(byWomen.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(byWomen.getBody()).contains("category", "counts activities, not participants");
            assertThat(exchange(trace + "?indicator=sessions&category=type:training-delivered", auditor, HttpMethod.GET)
                    .getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(exchange(trace, Tokens.of("recorder-kec"), HttpMethod.GET).getStatusCode())
                    .isEqualTo(HttpStatus.FORBIDDEN);
        }

        /** A project's trace page lists its facts 50 at a time, as a programme's lists its projects; the totals are whole. */
        @Test
        void aProjectsTracePageListsItsFactsAPageAtATime() throws Exception {
            String id = newProjectId();
            producer.sendQuickly(0, registered(id, "komf"));
            for (int i = 1; i <= 60; i++) {
                producer.sendQuickly(i, training(id, "t-" + i, "2024-03-12", "Gjilan", Participants.total(2)));
            }
            producer.flush();
            awaitVersion(id, 60);
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            String trace = "/dashboard/projects/" + id + "/trace";

            String first = page(officer, trace).body();
            assertThat(java.util.regex.Pattern.compile("<tr data-item=").matcher(first).results().count()).isEqualTo(50);
            assertThat(first).contains("data-item=\"t-1\"", "Page 1 of 2", "href=\"" + trace + "?page=1\"")
                    .as("the totals are the whole figure's").contains("data-figure=\"participants\" data-value=\"120\"");
            String last = page(officer, trace + "?page=1").body();
            assertThat(java.util.regex.Pattern.compile("<tr data-item=").matcher(last).results().count()).isEqualTo(10);
            assertThat(last).contains("data-item=\"t-60\"", "Page 2 of 2").doesNotContain("data-item=\"t-1\"");
            // The API's answer is a page too, its totals the whole figure's: a long project's trace is never one answer.
            String api = "/api/projects/" + id + "/trace";
            JsonNode firstApi = get(api);
            assertThat(firstApi.path("items")).hasSize(50);
            assertThat(firstApi.path("participants").asLong()).isEqualTo(120);
            assertThat(firstApi.path("activities").asLong()).isEqualTo(60);
            assertThat(firstApi.path("totalItems").asLong()).isEqualTo(60);
            assertThat(firstApi.path("totalPages").asLong()).isEqualTo(2);
            assertThat(get(api + "?page=1").path("items")).extracting(i -> i.path("id").asText()).hasSize(10)
                    .contains("t-60").doesNotContain("t-1");
            assertThat(get(api + "?size=200").path("items")).hasSize(60);
            assertThat(get(api + "?page=7").path("items")).as("past the end").isEmpty();
            assertThat(exchange(api + "?size=201", Tokens.of("auditor-demo"), HttpMethod.GET).getStatusCode())
                    .isEqualTo(HttpStatus.BAD_REQUEST);
            // A bookmarked page outlives a list grown shorter (retractions): past the end is an empty page leading back.
            pagesOf(officer, trace, "page", "<tr data-item=", "Previous page", "Next page");
            // Past its end the figure is still what it is: the list says where it ends, never that nothing counts.
            String pastTheEnd = page(officer, trace + "?page=5").body();
            assertThat(pastTheEnd).contains("Page 6 is past the end: the list has 2 pages now.",
                    "data-figure=\"activities\" data-value=\"60\"").doesNotContain("Nothing counts towards this figure");
            assertThat(page(officer, trace + "?page=5", "sq").body()).contains("Faqja 6 është përtej fundit")
                    .doesNotContain("Asgjë nuk llogaritet");
            assertThat(page(officer, trace + "?page=" + Page.MAX_PAGE).statusCode()).isEqualTo(200);
            assertThat(page(officer, trace + "?page=" + (Page.MAX_PAGE + 1)).statusCode()).as("as far as the programme's")
                    .isEqualTo(400);
            // The programme's trace, whose pager is the same: its cells follow at the projection's next checkpoint.
            String programmeTrace = "/dashboard/trace?municipality=Gjilan";
            await().atMost(Duration.ofSeconds(30)).until(() -> page(officer, programmeTrace),
                    programme -> programme.statusCode() == 200 && programme.body().contains("data-project=\"" + id + "\""));
            var programmePastTheEnd = page(officer, programmeTrace + "&page=" + Page.MAX_PAGE);
            assertThat(programmePastTheEnd.statusCode()).isEqualTo(200);
            assertThat(programmePastTheEnd.body()).doesNotContain("data-project=\"" + id + "\"")
                    .contains("is past the end", "href=\"" + programmeTrace + "&amp;page=");
            // Its total row under no project at all said "Sum": it is every project's, on the pages there are.
            assertThat(programmePastTheEnd.body()).containsPattern("<th scope=\"row\" data-sum(=\"\")?>Total of all [0-9,]+ "
                    + "projects, on every page</th>");
            assertThat(page(officer, programmeTrace).body()).containsPattern("data-sum(=\"\")?>(Sum|Total of all [0-9,]+ "
                    + "projects, on every page)</th>");
        }

        /**
         * A programme's trace of a category of participants lists each project's people in it; which activities counted
         * them is each project's trace's to say, so it claims no count of activities (it once said 0 where the project's
         * said 1). A type of activity, which the programme counts, keeps its activities.
         */
        @Test
        void aProgrammesTraceOfACategoryOfParticipantsCountsTheActivitiesThatCountedThem() throws Exception {
            // Klinë is named by no other test: this project is its only one.
            String id = newProjectId();
            producer.send(0, new ProjectRegistered(id, "kec", "KEC", false, "Women's clubs", null, null, null, null,
                    List.of("Klinë"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            producer.send(1, training(id, "t-1", "2024-02-12", "Klinë", Participants.bySex(7, 4, 3)));
            producer.send(2, training(id, "t-2", "2024-02-19", "Klinë", Participants.bySex(5, 0, 5)));
            awaitVersion(id, 2);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            String women = "?municipality=Klin%C3%AB&category=sex%3Afemale";

            String programme = await().atMost(Duration.ofSeconds(30)).until(() -> page(auditor, "/dashboard/trace" + women)
                    .body(), body -> body.contains("data-project=\"" + id + "\""));
            // The second training counted no woman.
            assertThat(programme).contains("data-column=\"participants\" data-value=\"4\"",
                    "data-figure=\"participants\" data-value=\"4\"", "data-figure=\"activities\" data-value=\"1\"",
                    "data-column=\"activities\" data-value=\"1\"").doesNotContain("Next page");
            assertThat(readable(programme)).contains("Projects that make up this figure · Page 1 of 1");
            assertThat(page(auditor, "/dashboard/projects/" + id + "/trace" + women).body())
                    .contains("data-figure=\"activities\" data-value=\"1\"", "data-figure=\"participants\" data-value=\"4\"");
            // Above its numbers, the value column is headed by a noun, never a verb ("Llogaritet", "Counts").
            assertThat(page(auditor, "/dashboard/projects/" + id + "/trace" + women, "sq").body())
                    .contains("<th scope=\"col\" class=\"n\">Vlera</th>").doesNotContain("Llogaritet");
            assertThat(page(auditor, "/dashboard/projects/" + id + "/trace" + women).body())
                    .contains("<th scope=\"col\" class=\"n\">Value</th>").doesNotContain(">Counts<");
            // The programme's figures are written after the project's summary (awaitVersion), not with it.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page(auditor,
                    "/dashboard/trace?municipality=Klin%C3%AB&category=type%3Atraining-delivered").body())
                    .contains("data-figure=\"activities\" data-value=\"2\"", "data-column=\"activities\" data-value=\"2\""));
        }
    }

    @Nested
    class Dashboards {

        /**
         * Every paged page (the portfolio's projects, a municipality's, a project's timeline) at both its ends, past its
         * end and with nothing to list: never "Page 8 of 2" nor "Page 1 of 0", never a link outside its pages.
         */
        @Test
        void aPagedPageNeverShowsNorLinksToAPageThatIsNotThere() throws Exception {
            // Junik and Dragash are named by no other test: the recorder's 21 projects there are Junik's two pages of 20.
            for (int i = 0; i < 21; i++) {
                producer.sendQuickly(0, new ProjectRegistered(newProjectId(), "kec", "KEC", false, "Paged " + i, null, null,
                        null, null, List.of("Junik"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            }
            String busy = newProjectId();
            String quiet = newProjectId();
            producer.sendQuickly(0, registered(busy, "kec"));
            producer.sendQuickly(0, registered(quiet, "kec"));
            for (int i = 1; i <= Timeline.SIZE + 1; i++) {
                producer.sendQuickly(i, training(busy, "t-" + i, "2024-03-12", "Gjilan", Participants.total(2)));
            }
            producer.flush();
            awaitVersion(busy, Timeline.SIZE + 1);
            awaitVersion(quiet, 0);
            String recorder = DashboardSignIn.signIn(http.getRootUri(), "recorder");
            await().atMost(Duration.ofSeconds(30)).until(() -> page(recorder, "/dashboard/municipalities/Junik").body(),
                    junik -> junik.contains("Page 1 of 2"));
            // Whose figures these are, by the organisation's name as its projects registered it, not its id.
            assertThat(page(recorder, "/dashboard/municipalities/Junik", "sq").body()).contains("Vetëm organizata KEC")
                    .doesNotContain("Vetëm organizata kec");
            // Each list of projects is named by what it lists, then its page: a region named "Page 1 of 2" alone, or
            // as the period breakdown beside it, was no landmark a screen reader's list could tell apart.
            assertThat(readable(page(recorder, "/dashboard/municipalities/Junik").body()))
                    .contains("Projects here, by reporting period · Page 1 of 2");
            assertThat(readable(page(recorder, "/dashboard").body())).contains("Projects and their indicators · Page 1 of");

            pagesOf(recorder, "/dashboard", "page", "<tr data-project=", "Previous page", "Next page");
            pagesOf(recorder, "/dashboard/municipalities/Junik", "page", "<tr data-project=", "Previous page", "Next page");
            pagesOf(recorder, "/dashboard/projects/" + busy, "activities", "data-activity=", "Newer activities",
                    "Older activities");

            // A list of one page says so too, as a list of many does: the reader knows it is whole.
            String trace = "/dashboard/projects/" + busy + "/trace";
            assertThat(readable(page(recorder, trace).body())).contains("Activities and measurements · Page 1 of 1")
                    .doesNotContain("Previous page", "Next page");
            assertThat(readable(page(recorder, trace, "sq").body())).contains("Aktivitetet dhe matjet · Faqja 1 nga 1");
            assertThat(page(recorder, "/dashboard/projects/" + quiet + "/trace").body()).contains("Page 1 of 1");
            assertThat(page(recorder, "/dashboard/projects/" + busy + "?activities=1").body()).contains("Page 2 of 2");

            // With nothing to list: one page, past it too.
            String dragash = "/dashboard/municipalities/Dragash";
            assertThat(page(recorder, dragash).body()).contains("Page 1 of 1")
                    .doesNotContain("Page 1 of 0", "Previous page", "Next page");
            assertThat(page(recorder, dragash + "?page=3").body()).contains("Page 4 is past the end: the list has one page "
                    + "now.", href(dragash + "?page=0")).doesNotContain("Page 4 of", "Previous page", "Next page");
            String empty = "/dashboard/projects/" + quiet;
            assertThat(readable(page(recorder, empty).body())).contains("Activities, most recently recorded first · Page 1 of 1")
                    .doesNotContain("Page 1 of 0", "Newer activities", "Older activities");
            var pastEmpty = page(recorder, empty + "?activities=2");
            assertThat(pastEmpty.statusCode()).isEqualTo(200);
            assertThat(pastEmpty.body()).contains("Page 3 is past the end: the list has one page now.",
                    href(empty + "?activities=0")).doesNotContain("Page 3 of", "Newer activities", "Older activities");
            assertThat(page(recorder, empty + "?activities=2", "sq").body())
                    .contains("Faqja 3 është përtej fundit: lista tani ka një faqe.");
            assertThat(page(recorder, "/dashboard/projects/" + busy + "?activities=7", "sq").body()).as("Albanian's plural")
                    .contains("Faqja 8 është përtej fundit: lista tani ka 2 faqe.");

            // A page number that is none (negative, not a number, past any list's) is refused as the API refuses it.
            Map<String, String> paged = Map.of("/dashboard", "page", "/dashboard/municipalities/Junik", "page",
                    "/dashboard/projects/" + busy, "activities");
            for (var list : paged.entrySet()) {
                for (String wrong : List.of("-1", "two", String.valueOf(Page.MAX_PAGE + 1))) {
                    String path = list.getKey() + "?" + list.getValue() + "=" + wrong;
                    var refused = page(recorder, path);
                    assertThat(refused.statusCode()).as(path).isEqualTo(400);
                    assertThat(refused.body()).as(path).contains("the value of " + list.getValue() + " in its address");
                }
            }
            assertThat(page(recorder, "/dashboard?page=-1", "sq").body()).contains("vlera e page në adresën e saj");
            var api = exchange("/api/portfolio?page=-1", Tokens.of("recorder-kec"), HttpMethod.GET);
            assertThat(api.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
            assertThat(api.getBody()).contains("\"field\":\"page\"");
        }

        /**
         * A page's address that asks for what the page does not take is refused as the API refuses it, 400 naming the
         * parameter in the reader's language; what each page takes, and what signing in and the language switch send,
         * still open it.
         */
        @Test
        void aPageRefusesAQueryParameterItDoesNotTakeNamingItInTheReadersLanguage() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "kec"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(7, 4, 3)));
            awaitVersion(id, 1);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            String project = "/dashboard/projects/" + id;
            Map<String, String> refused = Map.of("/dashboard?foo=1", "foo", project + "?bogus=1", "bogus",
                    project + "?page=99", "page", "/dashboard/municipalities/Prishtin%C3%AB?bogus=1", "bogus",
                    "/dashboard/trace?bogus=1", "bogus", project + "/trace?activities=0", "activities",
                    project + "/history/1?page=0", "page", project + "/export.csv?asOf=2024-06-30", "asOf");
            for (var path : refused.entrySet()) {
                var response = page(auditor, path.getKey());
                assertThat(response.statusCode()).as(path.getKey()).isEqualTo(400);
                assertThat(response.headers().firstValue("Content-Type")).as(path.getKey()).hasValueSatisfying(type ->
                        assertThat(type).startsWith("text/html"));
                assertThat(response.body()).as(path.getKey()).contains("its address asks for " + path.getValue()
                        + ", which this page does not take.");
            }
            assertThat(page(auditor, "/dashboard?foo=1", "sq").body()).contains("adresa e saj kërkon foo");

            List<String> taken = List.of("/dashboard?page=0", "/dashboard?continue", project + "?activities=0",
                    project + "?continue", "/dashboard/municipalities/Prishtin%C3%AB?page=0",
                    "/dashboard/trace?period=2024-Q1&municipality=Gjilan&category=sex%3Afemale&page=0",
                    project + "/trace?period=2024-Q1&municipality=Gjilan&category=sex%3Afemale&page=0",
                    project + "/history/1", project + "/export.csv");
            for (String path : taken) {
                assertThat(page(auditor, path).statusCode()).as(path).isEqualTo(200);
            }
            // Where a failed sign-in lands: the page says why, rather than refuse the address it was sent to.
            var failed = page(auditor, "/dashboard/signed-out?failed");
            assertThat(failed.statusCode()).isEqualTo(200);
            assertThat(failed.body()).contains("Signing in did not succeed. Your account may have no Kronika role.");
            // The language switch's form, whose fields are in its body, returns to the page with its parameters.
            HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                    .matcher(page(auditor, project + "?activities=0").body()).results().findFirst().orElseThrow().group(1);
            var switched = browser.send(HttpRequest.newBuilder(URI.create(http.getRootUri() + "/dashboard/language"))
                    .header("Cookie", auditor).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("lang=sq&back=" + java.net.URLEncoder.encode(
                            project + "?activities=0", StandardCharsets.UTF_8) + "&_csrf=" + csrf)).build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(switched.statusCode()).isEqualTo(302);
            assertThat(switched.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .endsWith(project + "?activities=0"));
            // A crafted "back" holding a line break (which no header may hold) or a template's braces goes to the
            // portfolio, not to a 500.
            for (String back : List.of("/dashboard\r\nSet-Cookie: evil=1", "/dashboard/{x}")) {
                var crafted = browser.send(HttpRequest.newBuilder(URI.create(http.getRootUri() + "/dashboard/language"))
                        .header("Cookie", auditor).header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("lang=sq&back=" + java.net.URLEncoder.encode(back,
                                StandardCharsets.UTF_8) + "&_csrf=" + csrf)).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(crafted.statusCode()).as(back).isEqualTo(302);
                assertThat(crafted.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                        .endsWith("/dashboard"));
                assertThat(crafted.headers().allValues("Set-Cookie")).noneMatch(cookie -> cookie.contains("evil"));
            }
            // The last month there can be, and the first: a figure of nothing, not a server's error.
            for (String month : List.of("outside:9999-12", "outside:0001-01", "9999-12")) {
                assertThat(page(auditor, project + "/trace?period=" + month).statusCode()).as(month).isEqualTo(200);
                assertThat(exchange("/api/projects/" + project.substring(project.lastIndexOf('/') + 1) + "/trace?period="
                        + month, Tokens.of("auditor-demo"), HttpMethod.GET).getStatusCode()).as(month)
                        .isEqualTo(HttpStatus.OK);
            }
        }

        /** An address under the dashboards that no page answers is the "not found" page, as a missing project is. */
        @Test
        void anAddressUnderTheDashboardsThatNoPageAnswersIsTheNotFoundPageInTheReadersLanguage() throws Exception {
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            for (String path : List.of("/dashboard/nope", "/dashboard/projects/x/nope?bogus=1")) {
                var missing = page(auditor, path);
                assertThat(missing.statusCode()).as(path).isEqualTo(404);
                assertThat(missing.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(type ->
                        assertThat(type).startsWith("text/html"));
                assertThat(missing.body()).as(path).contains("There is no such page.");
            }
            assertThat(page(auditor, "/dashboard/nope", "sq").body()).contains("Kjo faqe nuk ekziston.");
            assertThat(page(auditor, "/dashboard/assets/nope.js").statusCode()).as("a script").isEqualTo(404);
            var api = exchange("/api/admin/nope", Tokens.of("admin-demo"), HttpMethod.GET);
            assertThat(api.getStatusCode()).as("the API's stay its own").isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(api.getHeaders().getContentType()).hasToString("application/problem+json");
        }

        /** "/dashboard/", as a reader may type it, is the portfolio; any page's address with a slash at its end is the page's. */
        @Test
        void aPagesAddressWithASlashAtItsEndMovesToTheAddressWithout() throws Exception {
            registeredAndProjected("komf"); // the read models are live: no page answers "not ready"
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            for (var moved : Map.of("/dashboard/", "/dashboard", "/dashboard/reports/?status=overdue",
                    "/dashboard/reports?status=overdue").entrySet()) {
                var answer = page(auditor, moved.getKey());
                assertThat(answer.statusCode()).as(moved.getKey()).isEqualTo(301);
                assertThat(answer.headers().firstValue("Location")).as(moved.getKey()).hasValue(moved.getValue());
                assertThat(page(auditor, moved.getValue()).statusCode()).as(moved.getValue()).isEqualTo(200);
            }
            assertThat(page(auditor, "/dashboard/nope/").statusCode()).as("moved, then not found").isEqualTo(301);
            assertThat(page(auditor, "/dashboard/assets/").statusCode()).as("no page").isEqualTo(404);
        }

        /** A page refused or not there is titled and headed as what it is, not as something gone wrong, in either language. */
        @Test
        void aPageRefusedOrNotThereIsTitledAsWhatItIs() throws Exception {
            String theirs = registeredAndProjected("komf");
            String recorder = DashboardSignIn.signIn(http.getRootUri(), "recorder");
            String project = "/dashboard/projects/" + theirs;

            var refused = page(recorder, project);
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("<title>Not allowed · Kronika</title>", "<h1>Not allowed</h1>",
                    "You may not see this page.").doesNotContain("Something went wrong");
            assertThat(page(recorder, project, "sq").body()).contains("<title>Nuk keni qasje · Kronika</title>",
                    "<h1>Nuk keni qasje</h1>", "Nuk keni leje ta shihni këtë faqe.").doesNotContain("Diçka shkoi keq");
            // An address the page cannot use is the reader's mistake, not something gone wrong on the server.
            var misread = page(recorder, "/dashboard?page=-1");
            assertThat(misread.statusCode()).isEqualTo(400);
            assertThat(misread.body()).contains("<title>Address not understood · Kronika</title>",
                    "<h1>Address not understood</h1>").doesNotContain("Something went wrong");
            assertThat(page(recorder, "/dashboard?page=-1", "sq").body()).contains("<h1>Adresa nuk kuptohet</h1>")
                    .doesNotContain("Diçka shkoi keq");
            for (String path : List.of("/dashboard/projects/no-such-project", "/dashboard/nope")) {
                var missing = page(recorder, path);
                assertThat(missing.statusCode()).as(path).isEqualTo(404);
                assertThat(missing.body()).as(path).contains("<title>Page not found · Kronika</title>",
                        "<h1>Page not found</h1>", "There is no such page.").doesNotContain("Something went wrong");
                assertThat(page(recorder, path, "sq").body()).as(path).contains("<title>Faqja nuk u gjet · Kronika</title>",
                        "<h1>Faqja nuk u gjet</h1>", "Kjo faqe nuk ekziston.").doesNotContain("Diçka shkoi keq");
            }
        }

        /**
         * A malformed address under the dashboards is a page in the reader's language, never the API's problem+json: an
         * event number that is none is the "not found" page, as a number no event has is; so is the live updates' stream
         * opened as a page (not a stream that never ends); and an address refused before any page is looked for (an
         * encoded slash, a NUL, a semicolon) is a page in the reader's language where it is known, in both where it is
         * not. The API's answers to the same (and its XML asked for as HTML) stay problem+json.
         */
        @Test
        void aMalformedAddressUnderTheDashboardsIsAPageInTheReadersLanguage() throws Exception {
            String id = registeredAndProjected("komf");
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            String project = "/dashboard/projects/" + id;
            for (String sequence : List.of("abc", "1.0", "%20", "99999999999999999999")) {
                var entry = browse(auditor, project + "/history/" + sequence, "en");
                assertThat(entry.statusCode()).as(sequence).isEqualTo(404);
                assertThat(entry.headers().firstValue("Content-Type")).as(sequence).hasValueSatisfying(type ->
                        assertThat(type).startsWith("text/html"));
                assertThat(entry.body()).as(sequence).contains("<html lang=\"en\"", "There is no such page.")
                        .doesNotContain("Failed to convert");
            }
            assertThat(browse(auditor, project + "/history/abc", "sq").body()).contains("Kjo faqe nuk ekziston.");
            var live = browse(auditor, project + "/live", "sq");
            assertThat(live.statusCode()).isEqualTo(404);
            assertThat(live.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("text/html"));
            assertThat(live.body()).contains("<html lang=\"sq\"", "Kjo faqe nuk ekziston.");
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri() + project
                    + "/live")).header("Cookie", auditor).header(HttpHeaders.ACCEPT, "text/html").build(),
                    HttpResponse.BodyHandlers.ofString()).body()).as("HTML alone").contains("There is no such page.");

            // Tomcat refuses the first two, the request firewall the third.
            for (String path : List.of("/dashboard/projects/a%2Fb", "/dashboard/municipalities/%00", "/dashboard/projects/a;b")) {
                var albanian = browse(auditor, path, "sq");
                assertThat(albanian.statusCode()).as(path).isEqualTo(400);
                assertThat(albanian.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(type ->
                        assertThat(type).startsWith("text/html"));
                assertThat(albanian.body()).as(path).contains("<html lang=\"sq\">", "Kjo adresë nuk mund të hapet",
                        "href=\"/dashboard\"").doesNotContain("This address", "refused before");
                assertThat(browse(auditor, path, "en").body()).as(path).contains("<html lang=\"en\">",
                        "This address cannot be opened").doesNotContain("Kjo adresë");
                assertThat(browse(Languages.COOKIE + "=sq", path, "en").body()).as(path + ", the language chosen")
                        .contains("<html lang=\"sq\">");
                assertThat(browse(auditor, path, "de").body()).as(path + ", in a language of neither")
                        .contains("Kjo adresë nuk mund të hapet", "This address cannot be opened");
            }
            for (String path : List.of("/api/projects/a%2Fb", "/api/municipalities/%00", "/api/projects/" + id + "/iati.xml")) {
                var api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.of("auditor-demo"))
                        .header(HttpHeaders.ACCEPT, "text/html").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(api.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(type ->
                        assertThat(type).startsWith("application/problem+json"));
            }
            // Refused by Tomcat (an encoded slash) or by the firewall (a semicolon), an API request's problem is titled
            // and addressed alike, as every other refusal is.
            for (String path : List.of("/api/projects/a%2Fb", "/api/projects/a;b")) {
                var api = asWritten(path, Tokens.of("auditor-demo"));
                assertThat(api.statusCode()).as(path).isEqualTo(400);
                JsonNode problem = JSON.readTree(api.body());
                assertThat(problem.path("title").asText()).as(path).isEqualTo("Request rejected");
                assertThat(problem.path("instance").asText()).as(path).isEqualTo(path);
            }
        }

        /**
         * Each activity on a project's timeline shows what its type states beyond its title, date, place and
         * participants, in the reader's language: a meeting's kind as a word of that language, a distribution's
         * quantity as the page writes numbers. A corrected activity shows its facts as corrected, not as first stated.
         */
        @Test
        void theTimelineShowsEachActivitysOwnFactsInTheReadersLanguageAsNowStated() throws Exception {
            String id = registeredAndProjected("komf");
            producer.send(1, hearing(id, "workshop"));
            producer.send(2, new MaterialsDistributed(id, "k-1", "Citizen Investment Kits distributed",
                    LocalDate.parse("2024-03-20"), "Prishtinë", null, null, List.of(), "Citizen Investment Kit", 1200));
            producer.send(3, published(new ActivityCorrected(id, "m-1", "meeting-held",
                    Received.data(hearing(id, "budget-hearing")), "It was the budget hearing")));
            awaitVersion(id, 3);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");

            String english = page(auditor, "/dashboard/projects/" + id).body();
            assertThat(facts(english, "m-1")).isEqualTo("kind: budget hearing · institution: Municipal Assembly of Gjilan");
            assertThat(facts(english, "k-1")).isEqualTo("item: Citizen Investment Kit · quantity: 1,200");
            String albanian = page(auditor, "/dashboard/projects/" + id, "sq").body();
            assertThat(facts(albanian, "m-1")).isEqualTo("lloji: dëgjim buxhetor · institucioni: Municipal Assembly of Gjilan");
            assertThat(facts(albanian, "k-1")).isEqualTo("artikulli: Citizen Investment Kit · sasia: 1\u00a0200");
        }

        /**
         * A training recorded before trainings stated how they were delivered has no deliveryMode on the topic, which
         * the contract reads as in person; one recorded since that states none says null and shows none. A correction
         * restating the old one as in person changed nothing about its mode.
         */
        @Test
        void aTrainingFromBeforeDeliveryModesIsInPersonAndOneStatingNoneShowsNone() throws Exception {
            String id = registeredAndProjected("komf");
            Map<String, Object> before = new java.util.LinkedHashMap<>(Received.data(
                    training(id, "t-old", "2024-03-12", "Gjilan", Participants.total(8))));
            assertThat(before).containsEntry("deliveryMode", null);
            before.remove("deliveryMode");
            before.put("projectId", id);
            producer.send(1, org.kronika.events.EventTypes.of(TrainingDelivered.class).cloudEventType(), id,
                    JSON.writeValueAsBytes(before));
            producer.send(2, training(id, "t-new", "2024-03-13", "Gjilan", Participants.total(8)));
            producer.send(3, published(new ActivityCorrected(id, "t-old", "training-delivered",
                    Received.data(new TrainingDelivered(id, "t-old", "Case management", LocalDate.parse("2024-03-12"),
                            "Gjilan", Participants.total(9), null, List.of(), null, 1, "in-person")),
                    "One more participant")));
            // A correction recorded before the member existed leaves it out too: in person, before and after.
            Map<String, Object> oldCorrection = new java.util.LinkedHashMap<>(Received.data(
                    training(id, "t-old", "2024-03-12", "Gjilan", Participants.total(10))));
            oldCorrection.remove("deliveryMode");
            oldCorrection.put("projectId", id);
            producer.send(4, org.kronika.events.EventTypes.of(ActivityCorrected.class).cloudEventType(), id,
                    JSON.writeValueAsBytes(Map.of("projectId", id, "activityId", "t-old", "activityType",
                            "training-delivered", "corrected", oldCorrection, "reason", "Recounted")));
            awaitVersion(id, 4);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");

            String page = page(auditor, "/dashboard/projects/" + id).body();
            assertThat(facts(page, "t-old")).contains("delivery mode: in person");
            assertThat(facts(page, "t-new")).doesNotContain("delivery mode");
            String corrected = between(page, "data-activity=\"t-old\"", "</li>");
            assertThat(corrected).contains("data-field=\"participants").doesNotContain("data-field=\"deliveryMode");
            JsonNode entries = get("/api/projects/" + id + "/history?after=2").path("entries");
            for (JsonNode correction : List.of(entries.at("/0/correction"), entries.at("/1/correction"))) {
                assertThat(correction.at("/before/deliveryMode").asText()).isEqualTo("in-person");
                assertThat(correction.at("/after/deliveryMode").asText()).isEqualTo("in-person");
            }
            assertThat(entries.at("/1/payload/corrected").has("deliveryMode")).as("the record as published").isFalse();
            var headers = new HttpHeaders();
            headers.setBearerAuth(Tokens.of("auditor-demo"));
            String report = readable(http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET,
                    new HttpEntity<>(headers), String.class).getBody());
            assertThat(report).containsPattern("participants: 9 → 10").doesNotContainPattern("delivery mode: [^→]{0,20}→");
        }

        /** A meeting held online says so on the timeline, in the reader's words, as a training does. */
        @Test
        void theTimelineShowsAMeetingsDeliveryModeAndAMonitoringVisitInTheReadersLanguage() throws Exception {
            String id = registeredAndProjected("komf");
            producer.send(1, new MeetingHeld(id, "v-1", "Monitoring the Law on Child Protection",
                    LocalDate.parse("2024-03-12"), "Gjilan", Participants.total(6), null, List.of(), "monitoring-visit",
                    "Municipality of Gjilan", "online"));
            awaitVersion(id, 1);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");

            assertThat(facts(page(auditor, "/dashboard/projects/" + id).body(), "v-1"))
                    .isEqualTo("kind: monitoring visit · institution: Municipality of Gjilan · delivery mode: online");
            assertThat(facts(page(auditor, "/dashboard/projects/" + id, "sq").body(), "v-1"))
                    .isEqualTo("lloji: vizitë monitorimi · institucioni: Municipality of Gjilan · mënyra e zhvillimit: "
                            + "në internet");
        }

        /**
         * Where nothing is recorded yet, a page says so, in either language, as its tables do: a project's progress, its
         * indicators and its timeline, a municipality's projects; and it draws no chart of nothing. Past the end of a
         * list that has items, it says that instead.
         */
        @Test
        void whereNothingIsRecordedYetAPageSaysSoAndDrawsNoEmptyChart() throws Exception {
            // Kllokot and Shtime are named by no other test: this project is Kllokot's only one, and Shtime has none.
            String id = newProjectId();
            producer.send(0, new ProjectRegistered(id, "kec", "KEC", false, "Nothing yet", null, null, null, null,
                    List.of("Kllokot"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            awaitVersion(id, 0);
            String auditor = DashboardSignIn.signIn(http.getRootUri(), "auditor");
            String project = "/dashboard/projects/" + id;

            String english = page(auditor, project).body();
            assertThat(readable(english)).contains("Progress against targets None yet: no indicator has a target and "
                            + "something counted towards it.", "Indicators Nothing recorded yet.",
                    "Activities, most recently recorded first · Page 1 of 1 Nothing recorded yet.");
            assertThat(english).as("no chart of nothing").doesNotContain("data-chart=");
            assertThat(readable(page(auditor, project, "sq").body())).contains("Përparimi drejt synimeve Ende asnjë:",
                    "Treguesit Ende nuk është regjistruar asgjë.",
                    "· Faqja 1 nga 1 Ende nuk është regjistruar asgjë.");

            await().atMost(Duration.ofSeconds(30)).until(() -> page(auditor, "/dashboard/municipalities/Kllokot").body(),
                    body -> body.contains("data-project=\"" + id + "\""));
            String none = page(auditor, "/dashboard/municipalities/Shtime").body();
            assertThat(readable(between(none, "<table data-projects>", "</table>"))).contains("Nothing recorded yet.");
            assertThat(none).doesNotContain("data-chart=");
            assertThat(readable(between(page(auditor, "/dashboard/municipalities/Shtime", "sq").body(),
                    "<table data-projects>", "</table>")))
                    .contains("Ende nuk është regjistruar asgjë.");
            String quiet = page(auditor, "/dashboard/municipalities/Kllokot").body();
            assertThat(readable(table(quiet, "type"))).contains("Nothing recorded yet.");
            assertThat(readable(between(quiet, "<table data-projects>", "</table>"))).doesNotContain("Nothing recorded yet.")
                    .as("no blank cell where there is no progress yet")
                    .contains("— None yet: no indicator has a target and something counted towards it.");
            assertThat(quiet).doesNotContain("data-chart=");
            // Its figures link to their trace, which no project counts towards yet: it says so, and whose they are.
            String trace = page(auditor, "/dashboard/trace?municipality=Kllokot").body();
            assertThat(readable(between(trace, "<table data-trace>", "</table>")))
                    .contains("Nothing counts towards this figure yet.").doesNotContain(id);
            assertThat(trace).contains("data-scope data-value=\"programme\"");
            assertThat(readable(page(auditor, "/dashboard/trace?municipality=Kllokot", "sq").body()))
                    .contains("Asgjë nuk llogaritet ende në këtë shifër.", "Të gjitha organizatat");
            assertThat(page(DashboardSignIn.signIn(http.getRootUri(), "recorder"), "/dashboard/trace?municipality=Kllokot")
                    .body()).contains("data-scope data-value=\"organisation:kec\"");

            String busy = newProjectId();
            producer.send(0, registered(busy, "kec"));
            producer.send(1, training(busy, "t-1", "2024-03-12", "Gjilan", Participants.total(2)));
            awaitVersion(busy, 1);
            String pastTheEnd = readable(between(page(auditor, "/dashboard/projects/" + busy + "?activities=3").body(),
                    "data-timeline-page", "</ol>"));
            assertThat(pastTheEnd).contains("Page 4 is past the end").doesNotContain("Nothing recorded yet.");
            assertThat(page(auditor, "/dashboard/projects/" + busy).body()).as("a chart of something, served hidden"
                    + " for the script to show as it draws it: no empty frame without the script")
                    .contains("data-chart=").containsPattern("<figure class=\"chart\" hidden>\\s*<figcaption")
                    .doesNotContainPattern("<figure class=\"chart\">");
        }
    }

    @Nested
    class SignIn {

        /**
         * The language a reader chose on the pages goes with them to sign in, as OpenID Connect's {@code ui_locales}:
         * the local authorization server's page speaks it though the browser asks for another.
         */
        @Test
        void signingInAsksTheIdentityProviderForTheLanguageTheReaderChose() throws Exception {
            HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager())
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            var authorize = browser.send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                            + "/oauth2/authorization/kronika")).header("Cookie", Languages.COOKIE + "=sq").build(),
                    HttpResponse.BodyHandlers.discarding());
            String authorization = authorize.headers().firstValue("Location").orElseThrow();
            assertThat(authorization).startsWith(TestInfrastructure.authServer() + "/oauth2/authorize?")
                    .contains("&ui_locales=sq");

            var toSignIn = browser.send(HttpRequest.newBuilder(URI.create(authorization)).header("Accept", "text/html")
                    .header(HttpHeaders.ACCEPT_LANGUAGE, "en").build(), HttpResponse.BodyHandlers.discarding());
            String signIn = toSignIn.headers().firstValue("Location").orElseThrow();
            var page = browser.send(HttpRequest.newBuilder(URI.create(signIn)).header("Accept", "text/html")
                    .header(HttpHeaders.ACCEPT_LANGUAGE, "en").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.body()).contains("<html lang=\"sq\">", "<h1>Identifikohuni në Kronika</h1>");
        }

        @Test
        void thePagesSignPeopleInWithPkceKeepTheTokensServerSideAndScopeEveryFigure() throws Exception {
            String theirs = newProjectId();
            String ours = newProjectId();
            producer.send(0, registered(theirs, "komf"));
            producer.send(0, registered(ours, "kec"));
            awaitVersion(theirs, 0);
            awaitVersion(ours, 0);
            String base = http.getRootUri();
            HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

            var anonymous = browser.send(HttpRequest.newBuilder(URI.create(base + "/dashboard")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(302);
            assertThat(anonymous.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .endsWith("/oauth2/authorization/kronika"));
            var authorize = browser.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/authorization/kronika")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(authorize.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .startsWith(TestInfrastructure.authServer() + "/oauth2/authorize?")
                    .contains("client_id=kronika-dashboard", "code_challenge=", "code_challenge_method=S256")
                    .as("no language chosen, none asked for").doesNotContain("ui_locales"));
            assertThat(authorize.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                    .startsWith("KRONIKA_SIGN_IN=").contains("HttpOnly", "SameSite=Lax"))
                    .as("signing in opens a session only once done").noneMatch(c -> c.startsWith("KRONIKA_SESSION="));
            // Behind a TLS-terminating proxy (here at 127.0.0.1, an internal address), the identity provider is told to
            // send the reader back to the public https address, the one registered with it.
            var proxied = browser.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/authorization/kronika"))
                    .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "kronika.example")
                    .header("X-Forwarded-Port", "443").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(proxied.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(
                    java.net.URLDecoder.decode(l, StandardCharsets.UTF_8))
                    .contains("redirect_uri=https://kronika.example/login/oauth2/code/kronika"));
            var api = browser.send(HttpRequest.newBuilder(URI.create(base + "/api/projects")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(api.statusCode()).as("the API takes bearer tokens only").isEqualTo(401);
            assertThat(api.headers().allValues("Set-Cookie")).as("and never opens a session").isEmpty();
            assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/language"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("lang=sq")).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("a form without its CSRF token").isEqualTo(403);

            String recorder = DashboardSignIn.signIn(base, "recorder");
            var portfolio = browser.send(HttpRequest.newBuilder(URI.create(base + "/dashboard"))
                    .header("Cookie", recorder).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(portfolio.statusCode()).isEqualTo(200);
            assertThat(portfolio.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'self'", "object-src 'none'", "frame-ancestors 'none'"));
            assertThat(portfolio.headers().firstValue("Referrer-Policy")).as("a project's address goes to no other site")
                    .hasValue("same-origin");
            assertThat(portfolio.headers().firstValue("Permissions-Policy")).hasValueSatisfying(policy ->
                    assertThat(policy).contains("camera=()", "geolocation=()"));
            assertThat(portfolio.body()).contains("data-project=\"" + ours + "\"").doesNotContain(theirs)
                    .contains("data-value=\"organisation:kec\"", "Organisation KEC only")
                    .as("scripts and styles are linked under their content's hash, so no cache serves an old one")
                    .containsPattern("/dashboard/assets/dashboard-[0-9a-f]{32}\\.js")
                    .containsPattern("/dashboard/assets/dashboard-[0-9a-f]{32}\\.css");
            String script = java.util.regex.Pattern.compile("/dashboard/assets/dashboard-[0-9a-f]{32}\\.js")
                    .matcher(portfolio.body()).results().findFirst().orElseThrow().group();
            assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + script)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            var refused = browser.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/projects/" + theirs))
                    .header("Cookie", recorder).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).as("switching language on a refusal stays on it")
                    .contains("name=\"back\" value=\"/dashboard/projects/" + theirs + "\"");
            for (String path : List.of("/live", "/trace", "/history/0", "/export.jsonl", "/export.csv", "/report.html")) {
                assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/projects/" + theirs + path))
                        .header("Cookie", recorder).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                        .as(path).isEqualTo(403);
            }
            assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/api/projects/" + ours))
                    .header("Cookie", recorder).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("a session cookie opens no API").isEqualTo(401);

            // Who recorded what is not for partners, by any method: HEAD runs the same handlers as GET.
            String partner = DashboardSignIn.signIn(base, "partner");
            for (String path : List.of("/history/0", "/export.jsonl", "/export.csv", "/report.html")) {
                for (String method : List.of("GET", "HEAD")) {
                    assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/projects/" + ours + path))
                            .header("Cookie", partner).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode()).as(method + " " + path).isEqualTo(403);
                }
                // Refused by the security rules, the page is the one a handler's refusal is: the whole layout, in the
                // reader's language, its language switch staying on the page asked for.
                var forbidden = browser.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/projects/" + ours + path
                        + "?continue")).header("Cookie", partner).header(HttpHeaders.ACCEPT_LANGUAGE, "sq").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(forbidden.statusCode()).as(path).isEqualTo(403);
                assertThat(forbidden.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(type ->
                        assertThat(type).startsWith("text/html"));
                assertThat(forbidden.body()).as(path).contains("<html lang=\"sq\"", "<a class=\"skip\" href=\"#main\">",
                        "data-role=\"partner\"", "action=\"/logout\"", "name=\"_csrf\"", "<footer>",
                        "data-status data-value=\"403\"", "Nuk keni leje ta shihni këtë faqe.",
                        "name=\"back\" value=\"/dashboard/projects/" + ours + path + "?continue\"");
            }
        }
    }

    /**
     * Until a person has signed in, the service keeps nothing for them: the page asked for and the sign-in under way
     * (state, nonce, PKCE verifier) are in signed cookies the browser holds, so anyone may ask for pages and start
     * sign-ins without end and no session is opened. The sign-in keeps every check it had.
     */
    @Nested
    class SignInsUnderWay {

        @Test
        void askingForPagesAndStartingSignInsOpensNoSession() throws Exception {
            HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            double opened = sessionsCreated();
            for (int i = 0; i < 200; i++) {
                String path = i % 2 == 0 ? "/oauth2/authorization/kronika" : "/dashboard/projects/" + i + "?page=0";
                var answer = anonymous.send(HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                        .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.discarding());
                assertThat(answer.statusCode()).as(path).isEqualTo(302);
                assertThat(answer.headers().allValues("Set-Cookie")).as(path)
                        .noneMatch(cookie -> cookie.startsWith("KRONIKA_SESSION="));
            }
            assertThat(sessionsCreated()).as("sessions opened").isEqualTo(opened);
        }

        /**
         * Nor do the pages shown without a sign-in, though each carries the language switch: signed out (or failed
         * to sign in), a form refused for its ended sign-in, a refusal opened by its address, a language that is
         * none. Their switch asks by GET, with no CSRF token for a session to hold, and still switches; a form
         * posted without a session is refused as before, holding no token for one either.
         */
        @Test
        void pagesShownWithoutASignInOpenNoSessionAndTheirLanguageSwitchStillSwitches() throws Exception {
            HttpClient anonymous = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            String signedOut = encoded("/dashboard/signed-out?failed");
            java.util.function.Function<String, HttpRequest.Builder> asked = path -> HttpRequest.newBuilder(URI.create(
                    http.getRootUri() + path)).header("Accept", "text/html");
            Map<String, HttpRequest> pages = new java.util.LinkedHashMap<>();
            for (String path : List.of("/dashboard/signed-out", "/dashboard/signed-out?failed", "/dashboard/forbidden",
                    "/dashboard/language?lang=xx&back=" + signedOut, "/dashboard/language?lang=sq&back=" + signedOut)) {
                pages.put(path, asked.apply(path).build());
            }
            pages.put("a review, to /dashboard/not-sent", asked.apply("/dashboard/projects/any/periods/2024-Q1/review")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("decision=approve&version=0&_csrf=forged")).build());
            pages.put("a language posted, to /dashboard/not-sent", asked.apply("/dashboard/language")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("lang=sq&back=" + signedOut)).build());
            Map<String, Integer> answers = Map.of("/dashboard/signed-out", 200, "/dashboard/signed-out?failed", 200,
                    "/dashboard/forbidden", 403, "/dashboard/language?lang=xx&back=" + signedOut, 400,
                    "/dashboard/language?lang=sq&back=" + signedOut, 302, "a review, to /dashboard/not-sent", 403,
                    "a language posted, to /dashboard/not-sent", 403);
            double opened = sessionsCreated();
            for (var page : pages.entrySet()) {
                for (int i = 0; i < 200; i++) {
                    var answer = anonymous.send(page.getValue(), HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(page.getKey()).isEqualTo(answers.get(page.getKey()));
                    assertThat(answer.headers().allValues("Set-Cookie")).as(page.getKey())
                            .noneMatch(cookie -> cookie.startsWith("KRONIKA_SESSION="));
                    if (answer.statusCode() != 302) {
                        assertThat(answer.body()).as(page.getKey()).doesNotContain("_csrf")
                                .contains("<form method=\"get\" action=\"/dashboard/language\"");
                    }
                }
            }
            assertThat(sessionsCreated()).as("sessions opened").isEqualTo(opened);

            // The switch as a browser sends it from the page, to the page, in the language chosen.
            var switched = anonymous.send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                    + "/dashboard/language?back=" + signedOut + "&lang=sq")).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(switched.statusCode()).isEqualTo(302);
            assertThat(switched.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .endsWith("/dashboard/signed-out?failed"));
            assertThat(switched.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                    .startsWith(Languages.COOKIE + "=sq;"));
            var shown = anonymous.send(HttpRequest.newBuilder(URI.create(http.getRootUri() + "/dashboard/signed-out"
                    + "?failed")).header("Cookie", Languages.COOKIE + "=sq").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(shown.body()).contains("<html lang=\"sq\"", "name=\"back\" value=\"/dashboard/signed-out?failed\"");
        }

        @Test
        void aSignInReturnsToThePageAskedForInANewSessionAndOnlyWithItsOwnState() throws Exception {
            String id = registeredAndProjected("kec");
            String project = "/dashboard/projects/" + id + "?activities=0";
            java.net.CookieManager cookies = new java.net.CookieManager();
            HttpClient browser = HttpClient.newBuilder().cookieHandler(cookies)
                    .followRedirects(HttpClient.Redirect.NEVER).build();
            var asked = browser.send(HttpRequest.newBuilder(URI.create(http.getRootUri() + project))
                    .header("Accept", "text/html").build(), HttpResponse.BodyHandlers.discarding());
            assertThat(asked.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                    .startsWith("KRONIKA_RETURN=").contains("Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=600"));
            var started = browser.send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                    + "/oauth2/authorization/kronika")).header("Accept", "text/html").build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(started.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                    .startsWith("KRONIKA_SIGN_IN=").contains("Path=/login/oauth2/code/", "HttpOnly", "SameSite=Lax",
                            "Max-Age=600").doesNotContain("Secure"));
            String authorization = started.headers().firstValue("Location").orElseThrow();
            assertThat(authorization).contains("code_challenge_method=S256", "nonce=", "state=");
            String callback = signedInAtTheProvider(browser, authorization, "officer");
            String state = java.net.URLDecoder.decode(callback.replaceAll(".*[?&]state=([^&]*).*", "$1"),
                    StandardCharsets.UTF_8);
            String signInCookie = cookieHeader(cookies, "/login/oauth2/code/kronika", "KRONIKA_SIGN_IN");

            // A return whose state is not the sign-in's (forged, or another sign-in's), or whose cookie was altered or
            // is missing, signs no one in.
            String forgedState = callback.replace("state=" + callback.replaceAll(".*[?&]state=([^&]*).*", "$1"),
                    "state=" + encoded(state + "x"));
            String tampered = signInCookie.substring(0, signInCookie.length() - 3)
                    + (signInCookie.endsWith("AAA") ? "BBB" : "AAA");
            for (var forged : List.of(List.of(forgedState, signInCookie), List.of(callback, tampered),
                    List.of(callback, ""))) {
                var refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(forged.get(0)))
                        .header("Cookie", forged.get(1) + "; " + Languages.COOKIE + "=en").build(),
                        HttpResponse.BodyHandlers.discarding());
                assertThat(refused.statusCode()).as(forged.toString()).isEqualTo(302);
                assertThat(refused.headers().firstValue("Location")).as(forged.toString()).hasValueSatisfying(l ->
                        assertThat(l).endsWith("/dashboard/signed-out?failed"));
                assertThat(refused.headers().allValues("Set-Cookie")).as(forged.toString())
                        .noneMatch(cookie -> cookie.startsWith("KRONIKA_SESSION="));
                if (forged.get(0).equals(forgedState)) {
                    // A stray return (a stale tab, the back button, a link from elsewhere) leaves the sign-in under
                    // way to its own return: cleared, the browser's real return would fail too.
                    assertThat(refused.headers().allValues("Set-Cookie")).as("the sign-in under way is kept")
                            .noneMatch(cookie -> cookie.startsWith("KRONIKA_SIGN_IN="));
                }
            }

            // A session the browser had before is not the one signed in: a new id. No page opens one without a
            // sign-in, so a session planted in the browser is one its planter signed in to themselves.
            String before = DashboardSignIn.signIn(http.getRootUri(), "partner");
            var signedIn = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(callback))
                    .header("Cookie", signInCookie + "; " + cookieHeader(cookies, project, "KRONIKA_RETURN") + "; "
                            + before).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(signedIn.statusCode()).isEqualTo(302);
            assertThat(signedIn.headers().firstValue("Location")).as("back to the page asked for")
                    .hasValueSatisfying(l -> assertThat(l).endsWith(project));
            String session = signedIn.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith("KRONIKA_SESSION=")).findFirst().orElseThrow().split(";")[0];
            assertThat(session).isNotEqualTo(before);
            assertThat(signedIn.headers().allValues("Set-Cookie")).as("the sign-in under way is cleared")
                    .anySatisfy(cookie -> assertThat(cookie).startsWith("KRONIKA_SIGN_IN=;").contains("Max-Age=0"));
            assertThat(page(session, project).statusCode()).isEqualTo(200);
            assertThat(page(before, "/dashboard/session").statusCode()).as("the id planted is signed in no more")
                    .isEqualTo(401);
        }

        /**
         * The API takes bearer tokens only and keeps no session: a call that also carries the dashboards' cookie
         * leaves that session as it was, whoever's the token and whatever the answer.
         */
        @Test
        void anApiCallCarryingTheDashboardsCookieLeavesItsSessionAlone() throws Exception {
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            for (var call : List.of(List.of("/api/projects", "officer-demo"), List.of("/api/projects", "partner-demo"),
                    List.of("/api/projects/any/history", "partner-demo"))) {
                var answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                                + call.get(0))).header("Cookie", officer).header(HttpHeaders.AUTHORIZATION, "Bearer "
                                + Tokens.of(call.get(1))).build(), HttpResponse.BodyHandlers.discarding());
                assertThat(answer.statusCode()).as(call.toString()).isIn(200, 403);
                assertThat(answer.headers().allValues("Set-Cookie")).as(call.toString()).isEmpty();
                assertThat(page(officer, "/dashboard/session").statusCode()).as(call.toString()).isEqualTo(204);
            }
        }

        /** The provider's sign-in form filled in: answers the address it sends the browser back to, with the code. */
        private String signedInAtTheProvider(HttpClient browser, String authorization, String user) throws Exception {
            var toForm = browser.send(HttpRequest.newBuilder(URI.create(authorization)).header("Accept", "text/html")
                    .build(), HttpResponse.BodyHandlers.discarding());
            String formAddress = toForm.headers().firstValue("Location").orElseThrow();
            var form = browser.send(HttpRequest.newBuilder(URI.create(formAddress)).header("Accept", "text/html")
                    .build(), HttpResponse.BodyHandlers.ofString());
            var posted = browser.send(HttpRequest.newBuilder(URI.create(formAddress)).header("Accept", "text/html")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + user + "&_csrf="
                            + encoded(csrfToken(form.body())))).build(), HttpResponse.BodyHandlers.discarding());
            String next = posted.headers().firstValue("Location").orElseThrow();
            while (!next.startsWith(http.getRootUri() + "/login/oauth2/code/")) {
                next = browser.send(HttpRequest.newBuilder(URI.create(next)).header("Accept", "text/html").build(),
                        HttpResponse.BodyHandlers.discarding()).headers().firstValue("Location").orElseThrow();
            }
            return next;
        }

        private String cookieHeader(java.net.CookieManager cookies, String path, String name) throws Exception {
            return cookies.get(URI.create(http.getRootUri() + path), Map.of()).getOrDefault("Cookie", List.of())
                    .stream().flatMap(header -> java.util.Arrays.stream(header.split("; ")))
                    .filter(cookie -> cookie.startsWith(name + "=")).findFirst().orElseThrow();
        }

        private double sessionsCreated() {
            return meters.get("tomcat.sessions.created").functionCounter().count();
        }
    }

    /**
     * A form sent once its sign-in has ended (the session gone with its CSRF token: an idle timeout, a restart,
     * another instance, a deleted cookie) is not done, and its page says so in the reader's language, shows what was
     * typed and leads back to the page it was sent from through signing in; one sent signed in with a token not its
     * session's is not done either. Neither is "Not allowed", which stays the answer to a signed-in person refused a
     * page. Reviews go to no command service here, so a review that passed the checks would be answered by its
     * handler, "no such page": that answer tells a form handled from one refused before its handler.
     */
    @Nested
    class FormsAfterTheSignIn {

        private static final String SIGNED_OUT = "Your sign-in had ended when this form was sent";
        private static final String STALE = "This form came from a page of an earlier sign-in, so nothing was done.";
        private static final String NOT_ALLOWED = "You may not see this page.";

        @Test
        void aReviewSentOnceTheSessionEndedIsNotDoneAndLeadsBackThroughSigningInWithWhatWasTyped() throws Exception {
            String id = registeredAndProjected("kec");
            String project = "/dashboard/projects/" + id;
            String review = project + "/periods/2024-Q1/review";
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            String token = csrfToken(page(officer, project).body());
            String fields = "decision=return&version=0&comment=" + encoded("Say who came & when <b>")
                    + "&back=" + encoded(project + "#period-2024-Q1") + "&_csrf=" + token;
            assertThat(post(officer, review, fields, "en").statusCode()).as("signed in, the form reaches its handler")
                    .isEqualTo(404);

            // The cookie deleted, or the session ended on the server (signed out here) while the page stayed open.
            signOut(officer, token);
            for (String cookie : java.util.Arrays.asList(null, officer)) {
                var notSent = post(cookie, review, fields, "en");
                assertThat(notSent.statusCode()).as(cookie).isEqualTo(403);
                assertThat(notSent.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                        assertThat(type).startsWith("text/html"));
                assertThat(notSent.body()).as(cookie).contains("<title>Not sent · Kronika</title>", SIGNED_OUT,
                                ">\nSay who came &amp; when &lt;b&gt;</textarea>",
                                "href=\"" + project + "#period-2024-Q1\" data-back>Sign in again and return to the page</a>",
                                "name=\"back\" value=\"" + project + "#period-2024-Q1\"")
                        .doesNotContain(NOT_ALLOWED, "data-viewer");
            }
            assertThat(post(null, review, fields, "sq").body()).contains("<title>Nuk u dërgua · Kronika</title>",
                    "Identifikimi juaj kishte përfunduar kur u dërgua ky formular",
                    "Identifikohuni përsëri dhe kthehuni te faqja");
            // Where it leads: the page, which without a session is signing in, then back to it.
            var back = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build().send(HttpRequest
                    .newBuilder(URI.create(http.getRootUri() + project)).build(), HttpResponse.BodyHandlers.discarding());
            assertThat(back.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l)
                    .endsWith("/oauth2/authorization/kronika"));

            // Posted from a page elsewhere, the form is not done either, and the page shows none of its text: it is
            // another site's, not the reader's. A browser names the site a form came from, an older one its origin;
            // one that names neither gets the page without the text too.
            String lure = fields.replace("Say+who+came", "Your+account+is+locked");
            for (var elsewhere : List.<java.util.function.UnaryOperator<HttpRequest.Builder>>of(
                    request -> request.header("Sec-Fetch-Site", "cross-site").header("Origin", "https://evil.example"),
                    request -> request.header("Sec-Fetch-Site", "same-site"),
                    request -> request.header("Origin", "https://evil.example"),
                    request -> request)) {
                var forged = post(null, elsewhere.apply(HttpRequest.newBuilder(URI.create(http.getRootUri() + review))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(lure))));
                assertThat(forged.statusCode()).isEqualTo(403);
                assertThat(forged.body()).contains(SIGNED_OUT).doesNotContain("Your account is locked", "</textarea>");
            }
            var ownOrigin = post(null, HttpRequest.newBuilder(URI.create(http.getRootUri() + review))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", http.getRootUri())
                    .POST(HttpRequest.BodyPublishers.ofString(fields)));
            assertThat(ownOrigin.body()).as("an older browser's form from the site's own page")
                    .contains(">\nSay who came &amp; when &lt;b&gt;</textarea>");

            // Opened by a link, not forwarded by a refusal, the page shows no text of whoever made the link.
            String link = "/dashboard/not-sent?comment=" + encoded("Your account is locked, call us") + "&back="
                    + encoded(project);
            var anonymously = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                    + link)).build(), HttpResponse.BodyHandlers.ofString());
            for (var linked : List.of(anonymously, page(DashboardSignIn.signIn(http.getRootUri(), "officer"), link))) {
                String cookie = linked.request().headers().firstValue("Cookie").isPresent() ? "signed in" : "anonymous";
                assertThat(linked.statusCode()).as(cookie).isEqualTo(302);
                assertThat(linked.headers().firstValue("Location")).as(cookie).hasValueSatisfying(location ->
                        assertThat(location).endsWith("/dashboard"));
                assertThat(linked.body()).as(cookie).doesNotContain("Your account is locked");
            }
        }

        @Test
        void aFormWithAForgedTokenIsNotDoneAndALanguageIsNotChangedWithoutItsSessionsToken() throws Exception {
            String id = registeredAndProjected("kec");
            String project = "/dashboard/projects/" + id;
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            String token = csrfToken(page(officer, project).body());
            String review = project + "/periods/2024-Q1/review";

            // Another session's token, one made up (whose bytes are no text once unmasked), none.
            String anothers = csrfToken(page(DashboardSignIn.signIn(http.getRootUri(), "officer"), project).body());
            for (String forged : List.of("&_csrf=" + anothers, "&_csrf=" + "A".repeat(token.length() / 2) + "_".repeat(token.length() / 2),
                    "")) {
                var refused = post(officer, review, "decision=approve&version=0" + forged, "en");
                assertThat(refused.statusCode()).as(forged).isEqualTo(403);
                assertThat(refused.body()).as(forged + ": its language switch does not lead to the form's address")
                        .contains("name=\"back\" value=\"/dashboard\"");
                assertThat(refused.body()).as(forged).contains(STALE, "data-viewer",
                        "href=\"/dashboard\" data-back>Return to the page</a>").doesNotContain(SIGNED_OUT, NOT_ALLOWED);
            }
            assertThat(post(officer, review, "decision=approve&version=0&_csrf=" + token, "en").statusCode())
                    .as("with its token, the same form reaches its handler").isEqualTo(404);
            // The page of that refusal: its language switch leads back by GET to the page the form was sent from,
            // not to the form's address, which answers the form alone (a 405); without a page named, the portfolio.
            var fromItsPage = post(officer, HttpRequest.newBuilder(URI.create(http.getRootUri() + review))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                    .header("Referer", http.getRootUri() + project + "?activities=2")
                    .POST(HttpRequest.BodyPublishers.ofString("decision=approve&version=0&_csrf=" + token)));
            assertThat(fromItsPage.body()).contains("name=\"back\" value=\"" + project + "?activities=2\"")
                    .doesNotContain("name=\"back\" value=\"" + review);
            var fromElsewhere = post(officer, HttpRequest.newBuilder(URI.create(http.getRootUri() + review))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "same-origin")
                    .header("Referer", "https://elsewhere.example" + project)
                    .POST(HttpRequest.BodyPublishers.ofString("decision=approve&version=0&_csrf=" + token)));
            assertThat(fromElsewhere.body()).contains("name=\"back\" value=\"/dashboard\"");

            String language = "lang=sq&back=" + encoded(project);
            for (String cookie : java.util.Arrays.asList(officer, null)) {
                var switched = post(cookie, "/dashboard/language", language + "&_csrf=forged", "en");
                assertThat(switched.statusCode()).as(cookie).isEqualTo(403);
                assertThat(switched.body()).as(cookie).contains(cookie == null ? SIGNED_OUT : STALE,
                        "href=\"" + project + "\" data-back");
                assertThat(switched.headers().allValues("Set-Cookie")).as("the language stays as it was")
                        .noneMatch(set -> set.startsWith(Languages.COOKIE + "="));
            }
            var switched = post(officer, "/dashboard/language", language + "&_csrf=" + token, "en");
            assertThat(switched.statusCode()).isEqualTo(302);
            assertThat(switched.headers().allValues("Set-Cookie")).anyMatch(set -> set.startsWith(Languages.COOKIE + "=sq"));
        }

        /**
         * A language form without a language Kronika speaks (none, or one it does not) changes nothing, and a browser
         * is answered as a form's refused field is: a page in the reader's language, naming the field, whose own
         * switch returns to the page the form came from. A client that asks for no HTML gets the API's problem+json.
         */
        @Test
        void aLanguageFormWithoutALanguageIsAPageForABrowserAndProblemJsonForAClient() throws Exception {
            String project = "/dashboard/projects/" + registeredAndProjected("kec");
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            String token = csrfToken(page(officer, project).body());
            for (String language : List.of("", "lang=&", "lang=de&")) {
                String fields = language + "back=" + encoded(project) + "&_csrf=" + token;
                var refused = post(officer, HttpRequest.newBuilder(URI.create(http.getRootUri() + "/dashboard/language"))
                        .header("Content-Type", "application/x-www-form-urlencoded").header(HttpHeaders.ACCEPT_LANGUAGE, "sq")
                        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
                        .POST(HttpRequest.BodyPublishers.ofString(fields)));
                assertThat(refused.statusCode()).as(language).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).as(language).hasValueSatisfying(type ->
                        assertThat(type).startsWith("text/html"));
                assertThat(refused.body()).as(language).contains("<html lang=\"sq\"", "<h1>Formulari nuk u pranua</h1>",
                        "vlera e lang që dërgoi formulari", "name=\"back\" value=\"" + project + "\"", "data-viewer");
                assertThat(refused.headers().allValues("Set-Cookie")).as("the language stays as it was")
                        .noneMatch(set -> set.startsWith(Languages.COOKIE + "="));

                var client = post(officer, HttpRequest.newBuilder(URI.create(http.getRootUri() + "/dashboard/language"))
                        .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(fields)));
                assertThat(client.statusCode()).as(language).isEqualTo(400);
                assertThat(client.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                JsonNode problem = JSON.readTree(client.body());
                assertThat(problem.at("/errors/0/field").asText()).as(language).isEqualTo("lang");
                assertThat(problem.path("detail").asText()).as(language).isEqualTo("lang: must be one of [sq, en]");
                assertThat(client.headers().allValues("Set-Cookie")).noneMatch(set -> set.startsWith(Languages.COOKIE + "="));
            }
            assertThat(post(officer, "/dashboard/language", "lang=sq&_csrf=" + token, "en").statusCode())
                    .as("the same form with a language").isEqualTo(302);
        }

        /** Refused a page by the rules, whatever the method, a signed-in person is still not allowed it. */
        @Test
        void aSignedInPersonRefusedByTheRulesIsStillNotAllowed() throws Exception {
            String id = registeredAndProjected("kec");
            String partner = DashboardSignIn.signIn(http.getRootUri(), "partner");
            String token = csrfToken(page(partner, "/dashboard").body());

            var refused = post(partner, "/dashboard/projects/" + id + "/history/0", "_csrf=" + token, "sq");
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("<h1>Nuk keni qasje</h1>", "Nuk keni leje ta shihni këtë faqe.")
                    .doesNotContain("Nuk u dërgua");
        }

        private void signOut(String session, String token) throws Exception {
            assertThat(post(session, "/logout", "_csrf=" + token, "en").statusCode()).isEqualTo(302);
        }

        private HttpResponse<String> post(String cookie, String path, String form, String language) throws Exception {
            var request = HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header(HttpHeaders.ACCEPT_LANGUAGE, language).POST(HttpRequest.BodyPublishers.ofString(form));
            // As a browser sends a form from the site's own page.
            return post(cookie, request.header("Sec-Fetch-Site", "same-origin"));
        }

        private HttpResponse<String> post(String cookie, HttpRequest.Builder request) throws Exception {
            return HttpClient.newHttpClient().send((cookie == null ? request : request.header("Cookie", cookie))
                    .build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    @Nested
    class LiveUpdates {

        /**
         * A page's live refresh is no visit: the dispatcher's flash manager leaves a form's outcome to the page the
         * form's redirect leads to (VisitFlashMapsTest), and the script the pages load marks its refreshes for it.
         * DashboardBrowserTest gives the two requests their bad order in a browser.
         */
        @Test
        void aLiveRefreshIsMarkedAsOneAndTakesNoFormsOutcome() throws Exception {
            assertThat(context.getBean(org.springframework.web.servlet.DispatcherServlet.FLASH_MAP_MANAGER_BEAN_NAME))
                    .isInstanceOf(org.kronika.query.dashboard.live.VisitFlashMaps.class);
            String portfolio = page(DashboardSignIn.signIn(http.getRootUri(), "recorder"), "/dashboard").body();
            String script = java.util.regex.Pattern.compile("/dashboard/assets/dashboard-[0-9a-f]{32}\\.js")
                    .matcher(portfolio).results().findFirst().orElseThrow().group();
            assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri() + script))
                    .build(), HttpResponse.BodyHandlers.ofString()).body())
                    .contains("'" + org.kronika.query.dashboard.live.VisitFlashMaps.LIVE_REFRESH + "': 'true'");
        }

        /**
         * Without the page's script (or a browser's EventSource) nothing follows the project: the line that says the
         * page is live is served hidden, and the script shows it once it follows (DashboardBrowserTest). It said so
         * to every reader.
         */
        @Test
        void aProjectPageServesItsLiveLineHiddenForItsScriptToShow() throws Exception {
            String id = registeredAndProjected("kec");
            assertThat(projectPage(DashboardSignIn.signIn(http.getRootUri(), "recorder"), id))
                    .containsPattern("<p[^>]*id=\"live-status\"[^>]*\\shidden\\b");
        }

        /**
         * A page's live updates end with its sign-in: after signing out, it hears of no new version. The check a page
         * makes when its stream is refused tells an ended sign-in (sent to sign in) from anything else.
         */
        @Test
        void aPagesLiveUpdatesEndWhenItsPersonSignsOutAndItsSignInCheckSaysSo() throws Exception {
            String id = registeredAndProjected("kec");
            String base = http.getRootUri();
            String session = DashboardSignIn.signIn(base, "recorder");
            HttpClient browser = HttpClient.newHttpClient();
            List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
            var ended = browser.sendAsync(HttpRequest.newBuilder(URI.create(base + "/dashboard/projects/" + id + "/live"))
                            .header("Cookie", session).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> response.body().forEach(heard::add));
            await().atMost(Duration.ofSeconds(15)).until(() -> heard.contains("data:0"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.total(4)));
            await().atMost(Duration.ofSeconds(15)).until(() -> heard.contains("data:1"));
            assertThat(signInCheck(browser, session).statusCode()).as("signed in").isEqualTo(204);

            String page = browser.send(HttpRequest.newBuilder(URI.create(base + "/dashboard")).header("Cookie", session)
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"")
                    .matcher(page);
            assertThat(csrf.find()).as("the page's sign-out form").isTrue();
            HttpResponse<String> signedOut = browser.send(HttpRequest.newBuilder(URI.create(base + "/logout"))
                    .header("Cookie", session).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + csrf.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(signedOut.statusCode()).isEqualTo(302);
            producer.send(2, training(id, "t-2", "2024-03-12", "Gjilan", Participants.total(4)));
            awaitVersion(id, 2);

            ended.get(15, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(heard).as("the stream ended without telling the signed-out page").doesNotContain("data:2");
            for (String cookie : java.util.Arrays.asList(session, null)) {
                // Refused, not sent to sign in: that would keep the check, the stream or the refresh as the page to
                // return to after a sign-in the reader may have under way in another tab.
                HttpRequest.Builder reconnect = HttpRequest.newBuilder(URI.create(base + "/dashboard/projects/" + id
                        + "/live")).header("Accept", "text/event-stream");
                HttpRequest.Builder refresh = HttpRequest.newBuilder(URI.create(base + "/dashboard/projects/" + id))
                        .header("Accept", "text/html").header("Kronika-Live-Refresh", "true");
                List<HttpResponse<String>> answers = new ArrayList<>(List.of(signInCheck(browser, cookie)));
                for (HttpRequest.Builder request : List.of(reconnect, refresh)) {
                    answers.add(browser.send((cookie == null ? request : request.header("Cookie", cookie)).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
                assertThat(answers).as("signed out, or never signed in").allSatisfy(answer -> {
                    assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(401);
                    assertThat(answer.headers().allValues("Set-Cookie")).as(answer.uri().toString())
                            .noneMatch(set -> set.startsWith("KRONIKA_RETURN="));
                });
            }
            assertThat(browser.send(HttpRequest.newBuilder(URI.create(base + "/dashboard/projects/" + id)).build(),
                    HttpResponse.BodyHandlers.ofString()).headers().allValues("Set-Cookie"))
                    .as("a page asked for is still kept, to return to").anyMatch(set -> set.startsWith("KRONIKA_RETURN="));
        }

        /**
         * A page closed while its project stays quiet has its stream dropped by the next heartbeats (whose write to the
         * closed connection fails), not kept until the project's next event: the open streams' gauge says so.
         */
        @Test
        void aClosedPagesStreamIsDroppedThoughItsProjectHasNoNewEvent() throws Exception {
            String id = registeredAndProjected("kec");
            String session = DashboardSignIn.signIn(http.getRootUri(), "recorder");
            var streams = meters.get("kronika.dashboard.live.streams").gauge();
            double before = streams.value();
            // A page as a browser closes it: its connection closed, nothing more written to it.
            java.io.InputStream page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            http.getRootUri() + "/dashboard/projects/" + id + "/live")).header("Cookie", session)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream()).body();
            try (page) {
                var lines = new java.io.BufferedReader(new java.io.InputStreamReader(page, StandardCharsets.UTF_8));
                String line = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                    String read;
                    while ((read = lines.readLine()) != null && !read.equals("data:0")) {
                        // The first event's name.
                    }
                    return read;
                });
                assertThat(line).isEqualTo("data:0");
                assertThat(streams.value()).isEqualTo(before + 1);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> streams.value() == before);
        }

        /**
         * A session's tabs beyond its share (5 by default): its oldest stream is told it was replaced, which its page
         * takes as a reason not to reconnect, and ended; the others stay, and all are let go once their pages close.
         */
        @Test
        void aSessionOpeningMoreStreamsThanItsShareHasItsOldestEndedAndToldSo() throws Exception {
            String id = registeredAndProjected("kec");
            String session = DashboardSignIn.signIn(http.getRootUri(), "recorder");
            var streams = meters.get("kronika.dashboard.live.streams").gauge();
            var replaced = meters.get("kronika.dashboard.live.replaced").functionCounter();
            await().atMost(Duration.ofSeconds(15)).until(() -> streams.value() == 0);
            double replacedBefore = replaced.count();
            List<HttpResponse<java.io.InputStream>> pages = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    pages.add(liveStream(id, session));
                }
                assertThat(pages).extracting(HttpResponse::statusCode).containsOnly(200);
                assertThat(linesToTheEnd(pages.get(0))).as("the oldest, ended").containsSubsequence(
                        "event:replaced", "data:newer-page");
                assertThat(streams.value()).isEqualTo(5);
                assertThat(replaced.count()).isEqualTo(replacedBefore + 1);
            } finally {
                for (var page : pages) {
                    page.body().close();
                }
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> streams.value() == 0);
        }

        /**
         * However many people open streams, an instance keeps at most its bound open and refuses the next with 503
         * and when to try again; closed pages free their places.
         */
        @Test
        void anInstanceWithItsMostStreamsOpenRefusesTheNextWith503AndRetryAfter() throws Exception {
            String id = registeredAndProjected("kec");
            var streams = meters.get("kronika.dashboard.live.streams").gauge();
            var refused = meters.get("kronika.dashboard.live.refused").functionCounter();
            await().atMost(Duration.ofSeconds(15)).until(() -> streams.value() == 0);
            double refusedBefore = refused.count();
            List<HttpResponse<java.io.InputStream>> pages = new ArrayList<>();
            try {
                String session = null;
                for (int i = 0; i < LIVE_STREAMS_MAX; i++) {
                    // Each session within its share: only the instance's bound refuses.
                    session = i % 4 == 0 ? DashboardSignIn.signIn(http.getRootUri(), "recorder") : session;
                    pages.add(liveStream(id, session));
                }
                assertThat(pages).extracting(HttpResponse::statusCode).containsOnly(200);
                assertThat(streams.value()).isEqualTo(LIVE_STREAMS_MAX);

                HttpResponse<java.io.InputStream> full = liveStream(id,
                        DashboardSignIn.signIn(http.getRootUri(), "auditor"));
                try (var body = full.body()) {
                    assertThat(full.statusCode()).isEqualTo(503);
                    assertThat(full.headers().firstValue(HttpHeaders.RETRY_AFTER)).hasValue("30");
                    assertThat(new String(body.readAllBytes(), StandardCharsets.UTF_8)).as("problem+json")
                            .contains("\"status\":503", "\"title\":\"Too many live streams\"");
                }
                assertThat(refused.count()).isEqualTo(refusedBefore + 1);
                assertThat(streams.value()).isEqualTo(LIVE_STREAMS_MAX);
            } finally {
                for (var page : pages) {
                    page.body().close();
                }
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> streams.value() == 0);
            HttpResponse<java.io.InputStream> again = liveStream(id, DashboardSignIn.signIn(http.getRootUri(), "auditor"));
            try (var body = again.body()) {
                assertThat(again.statusCode()).as("a place freed").isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(15)).until(() -> streams.value() == 0);
        }

        /** A HEAD has its body thrown away unwritten: it is answered with the stream's headers, and holds no place. */
        @Test
        void aHeadOfTheStreamIsAnsweredWithoutOpeningOne() throws Exception {
            String id = registeredAndProjected("kec");
            String session = DashboardSignIn.signIn(http.getRootUri(), "recorder");
            var streams = meters.get("kronika.dashboard.live.streams").gauge();
            await().atMost(Duration.ofSeconds(15)).until(() -> streams.value() == 0);

            HttpResponse<String> head = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            http.getRootUri() + "/dashboard/projects/" + id + "/live")).header("Cookie", session)
                    .header("Accept", "text/event-stream").method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(head.statusCode()).isEqualTo(200);
            assertThat(head.headers().firstValue(HttpHeaders.CONTENT_TYPE)).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(streams.value()).isZero();
        }

        private HttpResponse<java.io.InputStream> liveStream(String id, String session) throws Exception {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                            http.getRootUri() + "/dashboard/projects/" + id + "/live")).header("Cookie", session)
                    .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        }

        private List<String> linesToTheEnd(HttpResponse<java.io.InputStream> stream) {
            var lines = new java.io.BufferedReader(new java.io.InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> lines.lines().toList());
        }
    }

    @Nested
    class AuditReport {

        @Test
        void theAuditReportSpeaksTheReadersLanguage() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(1200, 700, 500)));
            producer.send(2, new IndicatorDefined(id, "literacy", "Media literacy", "percent", "measured", "latest", 0, 60,
                    List.of(), List.of()));
            producer.send(3, new IndicatorMeasured(id, "literacy", "m-1", LocalDate.parse("2024-03-20"), 45, null, null,
                    null));
            producer.send(4, online(id, "in-person"));
            producer.send(5, correction(id, online(id, "online")));
            // Reductions: half the way from 60 down to 10, and one with nothing measured yet.
            producer.send(6, new IndicatorDefined(id, "out", "Out of school", "percent", "measured", "latest", 60, 10,
                    List.of(), List.of()));
            producer.send(7, new IndicatorMeasured(id, "out", "m-2", LocalDate.parse("2024-03-21"), 35, null, null, null));
            producer.send(8, new IndicatorDefined(id, "gone", "Dropped out", "percent", "measured", "latest", 30, 0,
                    List.of(), List.of()));
            producer.send(9, new org.kronika.events.MeasurementCorrected(id, "literacy", "m-1",
                    LocalDate.parse("2024-03-20"), 50, null, null, null, "Recounted"));
            producer.send(10, new org.kronika.events.IndicatorRedefined(id, "literacy", null, 70.0, null, null,
                    "Donor raised the target", List.of(new MunicipalityTarget("Prishtinë", 70))));
            producer.send(11, new org.kronika.events.MeasurementCorrected(id, "literacy", "m-1",
                    LocalDate.parse("2024-03-20"), 50, "Gjilan", Map.of("sex:female", 4.1), null, "Split by sex"));
            producer.send(12, new org.kronika.events.ProjectDetailsAmended(id, "Child protection monitoring", null, null,
                    null, null, List.of("Prishtinë", "Gjilan", "Ferizaj"), null, "A wider scope"));
            awaitVersion(id, 12);
            var headers = new HttpHeaders();
            headers.setBearerAuth(Tokens.of("auditor-demo"));
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, "sq-AL,sq;q=0.9,en;q=0.5");
            String albanian = http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET,
                    new HttpEntity<>(headers), String.class).getBody();
            assertThat(albanian).contains("<html lang=\"sq\"", "Raporti i auditimit", "Trajnim i zhvilluar",
                    "1\u00a0200 pjesëmarrës", "<li>Prishtinë (Kosovë)</li>", "<td>përqindje</td>", "U mat Media literacy: 45%",
                    "(1 pjesëmarrës)", "<td class=\"n\">ende pa matje</td>",
                    "Aktiviteti t-2 (One-to-one coaching): mënyra e zhvillimit: me prani fizike \u2192 në internet. Arsyeja: A late sign-in",
                    "Matja m-1 për Media literacy: vlera: 45% \u2192 50%. Arsyeja: Recounted",
                    // A measurement's breakdown by its dimension and category, and its place, as the page names them.
                    "Matja m-1 për Media literacy: gjinia: femra: \u2014 \u2192 4,1; komuna / bashkia: \u2014 \u2192 "
                            + "Gjilan (Kosovë). Arsyeja: Split by sex",
                    // An amendment's fields before and after, as a redefinition's, and its reason on a line of its own.
                    "<td><ul><li>komunat / bashkitë: Prishtinë (Kosovë), Gjilan (Kosovë) \u2192 Prishtinë (Kosovë), "
                            + "Gjilan (Kosovë), Ferizaj (Kosovë)</li><li>titulli: Monitoring the Law on Child Protection "
                            + "\u2192 Child protection monitoring</li></ul><p>Arsyeja: A wider scope</p></td>")
                    .doesNotContain("1200.0", "<td>percent</td>", "breakdown.", "</ul>. ");
            everyTableScrollsInItsOwnRegionNamedByItsCaption(albanian);
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, "de");
            assertThat(http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET, new HttpEntity<>(headers),
                    String.class).getBody()).as("a language Kronika does not speak falls back to English")
                    .contains("<html lang=\"en\"", "Audit report", "1,200 participants", "<td>percent</td>",
                            "Measured Media literacy: 45%", "(1 participant)", "<td class=\"n\">50%</td>",
                            "<td class=\"n\">nothing measured yet</td>",
                            // What a redefinition changed, before and after, as a correction says it.
                            "Media literacy: target: 60% \u2192 70%; targets by municipality: \u2014 \u2192 Prishtinë "
                                    + "(Kosovo) 70%. Reason: Donor raised the target",
                            "Measurement m-1 of Media literacy: sex: female: \u2014 \u2192 4.1; municipality: \u2014 "
                                    + "\u2192 Gjilan (Kosovo). Reason: Split by sex",
                            "<li>title: Monitoring the Law on Child Protection \u2192 Child protection monitoring</li>"
                                    + "</ul><p>Reason: A wider scope</p>")
                    .doesNotContain("1 participants", "breakdown.", "</ul>. ");

            // The project's page writes the contract's words and the units in the reader's language too.
            var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                    + "/dashboard/projects/" + id)).header("Cookie", DashboardSignIn.signIn(http.getRootUri(), "officer"))
                    .header(HttpHeaders.ACCEPT_LANGUAGE, "sq").build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains("<dd>përqindje</dd>", "<del>me prani fizike</del>", "<ins>në internet</ins>",
                    "1 pjesëmarrës", "ende pa matje", "<th scope=\"col\" class=\"n\">Vlera</th>")
                    // The online coaching's place in the timeline: national level, as the trace names it, not nothing.
                    .containsPattern("One-to-one coaching</strong>\\s*<div class=\"meta\">[\\s\\S]*?· <span>"
                            + "Kombëtar, online ose jashtë vendit</span>")
                    .doesNotContain("<ins>online</ins>", "Llogaritet");
            // The amendment as the audit report shows it: each field it changed, before and after, and its reason.
            assertThat(page).contains("Ndryshimet e të dhënave të projektit", "data-amendment=\"12\"",
                            "<del>Monitoring the Law on Child Protection</del>", "<ins>Child protection monitoring</ins>",
                            "<del>Prishtinë (Kosovë), Gjilan (Kosovë)</del>",
                            "<ins>Prishtinë (Kosovë), Gjilan (Kosovë), Ferizaj (Kosovë)</ins>", "Arsyeja: A wider scope")
                    .containsPattern("<th scope=\"row\">komunat / bashkitë</th>")
                    .containsPattern("href=\"/dashboard/projects/" + id + "/history/12\"");
            everyTableScrollsInItsOwnRegionNamedByItsCaption(page);

            // Times read as clocks there read: 24-hour, in the programme's time zone, naming it (CET or CEST), in the
            // page and the report alike; what machines read stays UTC.
            String recordedAt = get("/api/projects/" + id + "/history?limit=2").at("/entries/1/recordedAt").asText();
            String clock = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss zzz", java.util.Locale.ENGLISH)
                    .format(Instant.parse(recordedAt).atZone(java.time.ZoneId.of("Europe/Tirane")));
            assertThat(clock).matches("\\d\\d:\\d\\d:\\d\\d CES?T");
            assertThat(page).contains(clock).containsPattern("data-whole-check data-value=\"[^\"]+Z\"")
                    .doesNotContain(" UTC", "e pasdites", "e paradites");
            assertThat(albanian).contains(clock).doesNotContain(" UTC", "e pasdites", "e paradites");
        }
    }

    @Nested
    class PeriodReports {

        @Test
        void aPeriodsReportShowsItsStatusDiscussionAndItsFiguresAsApprovedAndAsCorrectedSince() throws Exception {
            String id = anApprovedQuarterCorrectedSince();
            // An indicator defined after the approval, with a value in the approved quarter: a figure of its own.
            producer.send(7, new IndicatorDefined(id, "hearings-score", "Hearing score", "score", "measured", "latest", 0,
                    10, List.of(), List.of()));
            producer.send(8, new IndicatorMeasured(id, "hearings-score", "m-1", LocalDate.parse("2024-03-20"), 7, "Gjilan",
                    null, null));
            producer.send(9, new ApprovedPeriodChanged(id, List.of("2024-Q1"), 8, "indicator-measured", "m-1",
                    "Measured late"));
            awaitVersion(id, 9);

            JsonNode periods = get("/api/projects/" + id + "/periods");
            assertThat(periods).extracting(p -> p.path("periodId").asText())
                    .containsExactly("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4");
            assertThat(periods.at("/0/status").asText()).isEqualTo("approved");
            assertThat(periods.at("/0/changes").asInt()).isEqualTo(2);
            assertThat(periods.at("/1/status").asText()).isEqualTo("open");

            JsonNode report = get("/api/projects/" + id + "/periods/2024-Q1");
            assertThat(report.path("status").asText()).isEqualTo("approved");
            assertThat(report.path("discussion")).extracting(s -> s.path("kind").asText())
                    .containsExactly("submitted", "approved");
            assertThat(report.at("/approval/headSequence").asInt()).isEqualTo(3);
            assertThat(report.at("/asApproved/indicators/0/achieved").asDouble()).isEqualTo(10.0);
            assertThat(report.at("/asCorrectedSince/indicators/0/achieved").asDouble()).isEqualTo(12.0);
            assertThat(report.at("/changes/0/itemId").asText()).isEqualTo("t-1");
            assertThat(report.at("/changes/0/reason").asText()).isEqualTo("A late sign-in");
            // Each indicator's own breakdowns of the period, in both views.
            assertThat(report.at("/asApproved/indicators/0/byMunicipality/Gjilan").asDouble()).isEqualTo(10.0);
            assertThat(report.at("/asApproved/indicators/0/bySex/female").asLong()).isEqualTo(6);
            assertThat(report.at("/asCorrectedSince/indicators/0/bySex/female").asLong()).isEqualTo(7);
            // The figures export holds both views beside each other, one figure a row.
            assertThat(exchange("/api/projects/" + id + "/figures.csv", Tokens.of("partner-demo"), HttpMethod.GET).getBody())
                    .containsPattern("2024-Q1,approved,4,3,head-3,2,true,,indicators\\.[^,]+\\.bySex\\.female,6,7\r\n")
                    .contains("2024-Q1,approved,4,3,head-3,2,true,,totals.participants.total,10,12\r\n",
                            "2024-Q1,approved,4,3,head-3,2,true,,indicators.hearings-score.achieved,,7\r\n");
            // The downloads are saved under the project's name, not all as export.csv; a CSV starts with UTF-8's
            // byte-order mark, so a spreadsheet reads "ë" as it is, not "Ã«"; the verifier's JSON Lines has none.
            var auditor = new HttpHeaders();
            auditor.setBearerAuth(Tokens.of("auditor-demo"));
            for (var download : Map.of("figures.csv", "figures.csv", "export.csv", "history.csv", "export.jsonl",
                    "history.jsonl").entrySet()) {
                var saved = http.exchange("/api/projects/" + id + "/" + download.getKey(), HttpMethod.GET,
                        new HttpEntity<>(auditor), byte[].class);
                assertThat(saved.getHeaders().getContentDisposition().isAttachment()).as(download.getKey()).isTrue();
                assertThat(saved.getHeaders().getContentDisposition().getFilename()).as(download.getKey())
                        .isEqualTo(id + "-" + download.getValue());
                String body = new String(saved.getBody(), java.nio.charset.StandardCharsets.UTF_8);
                if (download.getKey().endsWith(".csv")) {
                    assertThat(saved.getBody()).as(download.getKey()).startsWith(0xEF, 0xBB, 0xBF);
                    assertThat(body.substring(1)).as(download.getKey()).doesNotStartWith("\uFEFF");
                } else {
                    assertThat(body).as(download.getKey()).startsWith("{");
                }
            }

            var unknown = exchange("/api/projects/" + id + "/periods/2031-Q9", Tokens.of("auditor-demo"), HttpMethod.GET);
            assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(unknown.getHeaders().getContentType()).hasToString("application/problem+json");
            assertThat(unknown.getBody()).contains("2031-Q9");
            var partner = exchange("/api/projects/" + id + "/periods/2024-Q1", Tokens.of("partner-demo"), HttpMethod.GET);
            assertThat(partner.getStatusCode()).isEqualTo(HttpStatus.OK);
            assertThat(JSON.readTree(partner.getBody()).at("/discussion/0/by").isNull()).isTrue();
            // Nor a link into the history they may not open, as their pages give none.
            assertThat(JSON.readTree(partner.getBody()).at("/discussion/0/history").isNull()).isTrue();
            assertThat(JSON.readTree(exchange("/api/projects/" + id + "/periods/2024-Q1", Tokens.of("auditor-demo"),
                    HttpMethod.GET).getBody()).at("/discussion/0/history").asText()).contains("/history");

            // The audit report shows the period's report, as approved beside as corrected, in the reader's language.
            var headers = new HttpHeaders();
            headers.setBearerAuth(Tokens.of("auditor-demo"));
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, "sq");
            // Each part of a breakdown is named by its dimension and category in the reader's language; an approval
            // whose event names nobody says when, not "by" no one.
            assertThat(http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET, new HttpEntity<>(headers),
                    String.class).getBody()).contains("Periudhat raportuese", "Siç u miratua",
                    "Siç është korrigjuar që atëherë", "Statusi: <b>i miratuar</b>", "A late sign-in", "head-3",
                    "<td>Reached · pjesëmarrës, gjinia: femra</td>", "<td>Reached · komuna / bashkia: Gjilan (Kosovë)</td>", "<td>numër</td>",
                    "Periudha T1 2024. Koment: Our first quarter", "Ngjarja 5: Aktiviteti t-1 (Case management) u korrigjua. Arsyeja: A late sign-in",
                    "Aktiviteti t-1 (Case management): pjesëmarrës: femra: 6 \u2192 7")
                    .doesNotContain("· female", "nga ;", "u korrigjua i ");
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
            assertThat(http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET, new HttpEntity<>(headers),
                    String.class).getBody()).contains("Reporting periods", "As approved", "As corrected since",
                    "Changes since approval", "Our first quarter", "<td>Reached · municipality: Gjilan (Kosovo)</td>",
                    "<td>Reached · participants, sex: female</td>", "it approved the history up to event 3, head hash:",
                    "Period Q1 2024. Comment: Our first quarter", "Period Q1 2024. Comment: Fine",
                    "Activity t-1 (Case management): participants: female: 6 \u2192 7; participants: male: 4 \u2192 5; participants: 10 \u2192 12",
                    "Event 5: Activity t-1 (Case management) corrected. Reason: A late sign-in",
                    "Period Q1 2024. Activity t-1 corrected. Reason: A late sign-in")
                    // The project id the command side publishes inside a correction is no field of the activity.
                    .doesNotContain("by ;", "corrected of", "projectId", "project id")
                    .satisfies(QueryServiceTest::everyTableScrollsInItsOwnRegionNamedByItsCaption);

            // The project's page shows the report approved, both views of its figures and the change since.
            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                    + "/dashboard/projects/" + id)).header("Cookie", officer).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("data-period=\"2024-Q1\"", "data-value=\"approved\"", "data-as-approved",
                    "A late sign-in");
            // The indicator's own breakdown of the period, part by part under it, as the audit report has it.
            assertThat(readable(asApprovedTable(page.body()))).contains("Reached · participants, sex: female 6 ",
                    "7 ", "Reached · municipality: Gjilan (Kosovo) ");
            assertThat(page.body()).contains("data-part=\"sex:female\"", "class=\"part\"");
            // Matched by id, the indicator defined since has nothing as approved and its value as corrected.
            assertThat(page.body()).containsPattern("data-indicator=\"hearings-score\">\\s*<th scope=\"row\">Hearing "
                    + "score</th>\\s*<td class=\"n\">\u2014</td>\\s*<td class=\"n\">\u2014</td>\\s*<td class=\"n\"><a [^>]*>7");

            JsonNode api = JSON.readTree(exchange("/v3/api-docs", "", HttpMethod.GET).getBody());
            assertThat(api.at("/paths/~1api~1projects~1{projectId}~1periods~1{periodId}/get/responses/200/content/application~1json"
                    + "/schema/$ref").asText()).endsWith("PeriodReportView");
        }

        /**
         * A period reopened after its approval flags no change after that, so its report must not say "no change since
         * approval" beside figures that differ from the approved ones: the API, the audit report in either language and
         * the project's page say it was reopened, when and why, and that changes since are not flagged.
         */
        @Test
        void aPeriodReopenedAfterItsApprovalSaysSoAndNeverNoChangeSinceApproval() throws Exception {
            String id = newProjectId();
            producer.send(0, registered(id, "komf"));
            producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.bySex(18, 14, 3)));
            producer.send(2, training(id, "t-2", "2024-03-12", "Prishtinë", Participants.bySex(10, 5, 5)));
            producer.send(3, new PeriodSubmitted(id, "2024-Q1", "Our first quarter"));
            producer.send(4, new PeriodApproved(id, "2024-Q1", LocalDate.parse("2024-01-01"),
                    LocalDate.parse("2024-03-31"), 3, "head-3", "Fine"));
            producer.send(5, new org.kronika.events.PeriodReopened(id, "2024-Q1", "An audit finding."));
            producer.send(6, training(id, "t-3", "2024-03-20", "Gjilan", Participants.bySex(5, 3, 2)));
            awaitVersion(id, 6);

            JsonNode listed = get("/api/projects/" + id + "/periods").get(0);
            assertThat(listed.path("status").asText()).isEqualTo("open");
            assertThat(listed.path("reopened").asBoolean()).isTrue();
            JsonNode report = get("/api/projects/" + id + "/periods/2024-Q1");
            assertThat(report.at("/asApproved/totals/activities").asInt()).isEqualTo(2);
            assertThat(report.at("/asCorrectedSince/totals/activities").asInt()).isEqualTo(3);
            assertThat(report.at("/reopened/sequence").asInt()).isEqualTo(5);
            assertThat(report.at("/reopened/comment").asText()).isEqualTo("An audit finding.");

            var headers = new HttpHeaders();
            headers.setBearerAuth(Tokens.of("auditor-demo"));
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
            assertThat(http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET, new HttpEntity<>(headers),
                    String.class).getBody()).contains("Reopened on ", ": An audit finding. Changes since then are not "
                            + "flagged until the period is approved again",
                    "No change was flagged from the approval to the reopening.", "Period Q1 2024. Reason: An audit finding.")
                    .doesNotContain("No change since approval", "..");
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, "sq");
            assertThat(http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET, new HttpEntity<>(headers),
                    String.class).getBody()).contains("Rihapur më ", ": An audit finding. Ndryshimet që atëherë nuk "
                            + "shënohen", "Asnjë ndryshim nuk u shënua nga miratimi deri te rihapja.")
                    .doesNotContain("Asnjë ndryshim që nga miratimi", "..");

            var page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri()
                    + "/dashboard/projects/" + id)).header("Cookie", DashboardSignIn.signIn(http.getRootUri(), "officer"))
                    .header(HttpHeaders.ACCEPT_LANGUAGE, "en").build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains("data-reopened", "An audit finding. Changes since then are not flagged",
                    "No change was flagged from the approval to the reopening.")
                    .doesNotContain("No change since approval", "finding..");
        }

        /**
         * Approved, a change flagged, reopened and approved again: the report keeps its first approval, with exactly the
         * figures it approved, the change flagged while it stood and the reopening, in the API, on the project's page in
         * either language and in the audit report; the last approval's own changes start afresh.
         */
        @Test
        void aReportApprovedAgainAfterAReopeningKeepsItsFirstApprovalAndWhatWasFlaggedUnderIt() throws Exception {
            String id = newProjectId();
            sendFirstQuarterApproved(id);
            producer.send(4, training(id, "t-2", "2024-03-20", "Gjilan", Participants.total(12)));
            producer.send(5, new org.kronika.events.ApprovedPeriodChanged(id, List.of("2024-Q1"), 4,
                    "training-delivered", "t-2", "A sheet found late"));
            producer.send(6, new org.kronika.events.PeriodReopened(id, "2024-Q1", "The late sheet needs review."));
            producer.send(7, new PeriodSubmitted(id, "2024-Q1", "With the late sheet"));
            producer.send(8, new PeriodApproved(id, "2024-Q1", LocalDate.parse("2024-01-01"),
                    LocalDate.parse("2024-03-31"), 7, "head-7", "Fine now"));
            awaitVersion(id, 8);

            JsonNode report = get("/api/projects/" + id + "/periods/2024-Q1");
            assertThat(report.at("/approval/sequence").asInt()).isEqualTo(8);
            assertThat(report.at("/asApproved/totals/participants/total").asInt()).isEqualTo(42);
            assertThat(report.path("changes")).as("none since the last approval").isEmpty();
            assertThat(report.path("earlierApprovals")).singleElement().satisfies(first -> {
                assertThat(first.at("/approval/sequence").asInt()).isEqualTo(3);
                assertThat(first.at("/approval/headSequence").asInt()).isEqualTo(2);
                assertThat(first.at("/approval/headHash").asText()).isEqualTo("head-2");
                assertThat(first.at("/asApproved/totals/participants/total").asInt()).isEqualTo(30);
                assertThat(first.path("changes")).extracting(c -> c.path("changeSequence").asInt(),
                        c -> c.path("item").asText(), c -> c.path("reason").asText())
                        .containsExactly(tuple(4, "Case management", "A sheet found late"));
                assertThat(first.at("/reopened/sequence").asInt()).isEqualTo(6);
            });
            JsonNode api = JSON.readTree(exchange("/v3/api-docs", "", HttpMethod.GET).getBody());
            assertThat(api.at("/components/schemas/PeriodReportView/properties/earlierApprovals/type").asText())
                    .isEqualTo("array");

            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            String english = page(officer, "/dashboard/projects/" + id).body();
            int earlier = english.indexOf("data-earlier-approvals");
            assertThat(earlier).as("the earlier approvals follow the last one").isGreaterThan(
                    english.indexOf("data-as-approved"));
            assertThat(readable(english.substring(earlier))).contains("Earlier approvals",
                    "Approved on ", "it approved the history up to event 2, head hash: head-2",
                    "Activities 1 2 ", "Participants 30 42 ",
                    "Reopened on ", ": The late sheet needs review.",
                    "Changes flagged from the approval to the reopening",
                    "Event 4: Activity t-2 (Case management) recorded (Training delivered). Reason: A sheet found late")
                    .doesNotContain("Changes since then are not flagged");
            assertThat(readable(english.substring(0, earlier))).contains("up to event 7, head hash: head-7",
                    "No change since approval.").doesNotContain("A sheet found late");
            assertThat(readable(page(officer, "/dashboard/projects/" + id, "sq").body())).contains(
                    "Miratimet e mëparshme", "Rihapur më ", ": The late sheet needs review.");

            var headers = new HttpHeaders();
            headers.setBearerAuth(Tokens.of("auditor-demo"));
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
            String audit = http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET,
                    new HttpEntity<>(headers), String.class).getBody();
            int earlierInAudit = audit.indexOf("Earlier approvals");
            assertThat(earlierInAudit).isPositive();
            assertThat(readable(audit.substring(earlierInAudit))).contains("up to event 2, head hash: head-2",
                    "Reopened on ", "Event 4: Activity t-2 (Case management) recorded");

            // Each approved figure is traced to the facts the history up to its head left, beside the same figure today.
            String trace = "/api/projects/" + id + "/trace?period=2024-Q1";
            JsonNode approvedFirst = get(trace + "&version=2");
            assertThat(approvedFirst.path("version").asInt()).isEqualTo(2);
            assertThat(approvedFirst.path("participants").asInt()).isEqualTo(30);
            assertThat(approvedFirst.path("items")).extracting(i -> i.path("id").asText()).containsExactly("t-1");
            JsonNode today = get(trace);
            assertThat(today.path("version").asInt()).isEqualTo(8);
            assertThat(today.path("participants").asInt()).isEqualTo(42);
            assertThat(today.path("knownAt").isNull()).isTrue();
            String firstApprovedAt = report.at("/earlierApprovals/0/approval/at").asText();
            JsonNode knownThen = get(trace + "&knownAt=" + firstApprovedAt);
            assertThat(knownThen.path("version").asInt()).as("the approval itself, the last event by then").isEqualTo(3);
            assertThat(knownThen.path("knownAt").asText()).isEqualTo(firstApprovedAt);
            assertThat(knownThen.path("participants").asInt()).isEqualTo(30);
            // Nothing recorded since: its current version, and an instant from its last event on, are today's trace,
            // answered while every replay permit is taken.
            String lastRecordedAt = get("/api/projects/" + id).path("lastRecordedAt").asText();
            JsonNode atSeven = get(trace + "&version=7");
            assertThat(atSeven.path("version").asInt()).isEqualTo(7);
            JsonNode ofAllTimeAtSeven = get("/api/projects/" + id + "/trace?version=7");
            assertThat(ofAllTimeAtSeven.path("version").asInt()).isEqualTo(7);
            assertThat(ofAllTimeAtSeven.path("items")).extracting(i -> i.path("id").asText()).contains("t-1", "t-2");
            // Its totals from the project as known then, its items from the months they happened in as they stood.
            assertThat(ofAllTimeAtSeven.path("activities").asInt()).isEqualTo(ofAllTimeAtSeven.path("items").size());
            long itemsParticipants = 0;
            for (JsonNode item : ofAllTimeAtSeven.path("items")) {
                itemsParticipants += item.path("participants").asLong();
            }
            assertThat(ofAllTimeAtSeven.path("participants").asLong()).isEqualTo(itemsParticipants).isPositive();
            var permits = context.getBean(org.kronika.query.replay.ReplayPermits.class);
            List<org.kronika.query.fixtures.HeldReplay> held = new ArrayList<>();
            try {
                for (int i = 0; i < permits.size(); i++) {
                    held.add(org.kronika.query.fixtures.HeldReplay.of(permits));
                }
                // A figure of all time at a past version is read from the project taken back to it and the months
                // its page reaches into as they stood then; the period's figure from the period's facts as they
                // stood then: neither replays every fact.
                assertThat(get("/api/projects/" + id + "/trace?version=7")).isEqualTo(ofAllTimeAtSeven);
                // A figure no month counts, an indicator's of a category, is judged before it is replayed: one the
                // project did not have is 404, not a replay refused.
                assertThat(exchange("/api/projects/" + id + "/trace?version=7&indicator=unheard-of&category=sex:female",
                        Tokens.of("auditor-demo"), HttpMethod.GET).getStatusCode().value()).isEqualTo(404);
                assertThat(get(trace + "&version=7")).isEqualTo(atSeven);
                assertThat(get(trace + "&version=8")).isEqualTo(today);
                var knownNow = (com.fasterxml.jackson.databind.node.ObjectNode) get(trace + "&knownAt="
                        + lastRecordedAt);
                assertThat(Instant.parse(knownNow.path("knownAt").asText())).isEqualTo(Instant.parse(lastRecordedAt));
                assertThat(knownNow.putNull("knownAt")).isEqualTo(today);
            } finally {
                for (var replay : held) {
                    replay.close();
                }
            }
            for (String bad : List.of("&version=9", "&version=-1", "&version=two", "&version=2&knownAt=" + firstApprovedAt,
                    "&knownAt=yesterday")) {
                ResponseEntity<String> refused = exchange(trace + bad, Tokens.of("auditor-demo"), HttpMethod.GET);
                assertThat(refused.getStatusCode().value()).as(bad).isEqualTo(400);
                assertThat(JSON.readTree(refused.getBody()).at("/errors/0/field").asText()).as(bad)
                        .isEqualTo(bad.contains("version") ? "version" : "knownAt");
            }
            assertThat(exchange(trace + "&knownAt=2000-01-01T00:00:00Z", Tokens.of("auditor-demo"), HttpMethod.GET)
                    .getStatusCode().value()).as("nothing of it recorded by then").isEqualTo(404);
            // An instant to come was answered with today's figures labelled as known then: cited, they could not be
            // found again at the same address later.
            String toCome = Instant.now().plusSeconds(3600).toString();
            for (String address : List.of(trace + "&knownAt=" + toCome, "/api/projects/" + id + "?knownAt=" + toCome,
                    "/api/projects/" + id + "/iati.xml?knownAt=" + toCome, "/api/iati.xml?knownAt=" + toCome)) {
                ResponseEntity<String> refused = exchange(address, Tokens.of("auditor-demo"), HttpMethod.GET);
                assertThat(refused.getStatusCode().value()).as(address).isEqualTo(400);
                assertThat(JSON.readTree(refused.getBody()).at("/errors/0/field").asText()).as(address)
                        .isEqualTo("knownAt");
                assertThat(JSON.readTree(refused.getBody()).at("/errors/0/message").asText()).as(address)
                        .startsWith("must not be after now (");
            }

            String firstApprovalOnPage = english.substring(earlier);
            String approvedLink = "/dashboard/projects/" + id + "/trace?period=2024-Q1&amp;version=2";
            assertThat(firstApprovalOnPage).contains("href=\"" + approvedLink + "\"",
                    "href=\"/dashboard/projects/" + id + "/trace?period=2024-Q1\"");
            String asApproved = page(officer, approvedLink.replace("&amp;", "&")).body();
            assertThat(readable(asApproved)).contains("As the history up to event 2 left it", "The same figure today",
                    "Participants 30");
            assertThat(asApproved).contains("data-item=\"t-1\"").doesNotContain("data-item=\"t-2\"");
        }

        /**
         * More changes flagged since the last approval than one read returns: the API said its list lacked some, but
         * the project's page and the audit report (the copy an auditor keeps) listed the latest as if they were all.
         */
        @Test
        void changesSinceTheLastApprovalCutShortAreSaidToBeSoOnThePageAndInTheAuditReport() throws Exception {
            String id = newProjectId();
            sendFirstQuarterApproved(id);
            int sequence = 4;
            for (int change = 0; change <= org.kronika.query.report.PeriodReports.MAX_ENTRIES; change++) {
                producer.send(sequence, correction(id, training(id, "t-1", "2024-03-12", "Gjilan",
                        Participants.total(31 + change))));
                producer.send(sequence + 1, new org.kronika.events.ApprovedPeriodChanged(id, List.of("2024-Q1"),
                        sequence, "activity-corrected", "t-1", "Sheet " + change));
                sequence += 2;
            }
            awaitVersion(id, sequence - 1);
            assertThat(get("/api/projects/" + id + "/periods/2024-Q1").path("changesComplete").asBoolean()).isFalse();

            String officer = DashboardSignIn.signIn(http.getRootUri(), "officer");
            for (String language : List.of("en", "sq")) {
                String html = page(officer, "/dashboard/projects/" + id, language).body();
                int approval = html.indexOf("data-as-approved");
                assertThat(approval).isPositive();
                assertThat(html.substring(approval)).contains("data-changes-cut");
            }
            assertThat(readable(page(officer, "/dashboard/projects/" + id).body())).contains(
                    "Only the latest changes flagged since this approval are listed here");
            var headers = new HttpHeaders();
            headers.setBearerAuth(Tokens.of("auditor-demo"));
            headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
            String audit = readable(http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET,
                    new HttpEntity<>(headers), String.class).getBody());
            assertThat(audit).contains("Only the latest changes flagged since this approval are listed here",
                    "Sheet 1000").doesNotContain("Reason: Sheet 0,");
        }
    }

    /** A page's words as read: its markup taken out without a space in its place, each run of white space one. */
    private static String words(String html) {
        return html.replaceAll("<[^>]*>", "").replaceAll("\\s+", " ");
    }

    /** The activity-status code of the project's IATI file, now or at the moment the query names. */
    private String iatiStatus(String projectId, String moment) {
        ResponseEntity<String> file = exchange("/api/projects/" + projectId + "/iati.xml" + moment,
                Tokens.of("auditor-demo"), HttpMethod.GET);
        assertThat(file.getStatusCode()).as(file.getBody()).isEqualTo(HttpStatus.OK);
        var code = java.util.regex.Pattern.compile("<activity-status code=\"(\\d)\"").matcher(file.getBody());
        assertThat(code.find()).as(file.getBody()).isTrue();
        return code.group(1);
    }

    private String projectPage(String session, String projectId) throws Exception {
        return page(session, "/dashboard/projects/" + projectId).body();
    }

    private HttpResponse<String> entryPage(String session, String projectId, long sequence) throws Exception {
        return page(session, "/dashboard/projects/" + projectId + "/history/" + sequence);
    }

    /** Every row of a page of reports and the pages after it, by "project period". */
    private Map<String, String> reportRows(String session, String path, String language) throws Exception {
        Map<String, String> rows = new java.util.LinkedHashMap<>();
        java.util.regex.Pattern row = java.util.regex.Pattern.compile(
                "<tr data-project=\"([^\"]+)\" data-period=\"([^\"]+)\">(.*?)</tr>", java.util.regex.Pattern.DOTALL);
        java.util.regex.Pattern next = java.util.regex.Pattern.compile("href=\"([^\"]+)\" rel=\"next\"");
        for (String at = path; at != null; ) {
            HttpResponse<String> page = page(session, at, language);
            assertThat(page.statusCode()).as(at).isEqualTo(200);
            var rowsFound = row.matcher(page.body());
            while (rowsFound.find()) {
                assertThat(rows.put(rowsFound.group(1) + " " + rowsFound.group(2), rowsFound.group(3)))
                        .as("listed once").isNull();
            }
            var nextFound = next.matcher(page.body());
            at = nextFound.find() ? nextFound.group(1).replace("&amp;", "&") : null;
        }
        return rows;
    }

    private JsonNode reports(String client, String query) throws Exception {
        ResponseEntity<String> response = exchange("/api/reports" + query, Tokens.of(client), HttpMethod.GET);
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(response.getBody());
    }

    /** A page's reports as their keys, "project|period", in its order. */
    private static List<String> keys(JsonNode page) {
        return stream(page.path("reports")).map(r -> r.path("projectId").asText() + "|" + r.path("periodId").asText())
                .toList();
    }

    /** The entries of these projects as "project period status changes". */
    private static List<String> mine(JsonNode page, String... projects) {
        return stream(page.path("reports")).filter(r -> List.of(projects).contains(r.path("projectId").asText()))
                .map(r -> r.path("projectId").asText() + " " + r.path("periodId").asText() + " "
                        + r.path("status").asText() + " " + r.path("changes").asLong()).toList();
    }

    private static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }

    /** A figure of the audit report that a mean or latest value of nothing would give as 0. */
    private static final String NOTHING_MEASURED_CELL = "<td class=\"n\" title=\"Nothing measured\"><span "
            + "aria-hidden=\"true\">—</span><span class=\"vh\">Nothing measured</span></td>";

    /** The project's audit report, in English, as an auditor downloads it. */
    private String auditReport(String id) {
        var headers = new HttpHeaders();
        headers.setBearerAuth(Tokens.of("auditor-demo"));
        headers.set(HttpHeaders.ACCEPT_LANGUAGE, "en");
        return http.exchange("/api/projects/" + id + "/report.html", HttpMethod.GET, new HttpEntity<>(headers),
                String.class).getBody();
    }

    /** A period report's table of its figures as approved beside as corrected. */
    private static String asApprovedTable(String html) {
        int at = html.indexOf("data-as-approved");
        assertThat(at).as("a table of figures as approved").isNotNegative();
        return html.substring(at, html.indexOf("</table>", at));
    }

    /** One breakdown's table of a page. */
    private static String table(String html, String breakdown) {
        int at = html.indexOf("data-breakdown=\"" + breakdown + "\"");
        assertThat(at).as(breakdown).isNotNegative();
        return html.substring(at, html.indexOf("</table>", at));
    }

    /**
     * A paged page at its first page, at its last and past its end, in English and Albanian: each says which page it
     * is of how many there are and links only to pages there are.
     *
     * @param row      what each item of the list starts with
     * @param previous the text of the link to the page before, {@code next} of the one after
     */
    private void pagesOf(String session, String path, String parameter, String row, String previous, String next)
            throws Exception {
        String link = path + "?" + parameter + "=";
        String first = page(session, path).body();
        java.util.regex.Matcher of = java.util.regex.Pattern.compile("Page 1 of (\\d+)").matcher(first);
        assertThat(of.find()).as(path).isTrue();
        int pages = Integer.parseInt(of.group(1));
        assertThat(pages).as(path + " has pages to go to").isGreaterThan(1);
        assertThat(first).as(path).contains(row, next, href(link + 1)).doesNotContain(previous, href(link + "-1"));

        String last = page(session, link + (pages - 1)).body();
        assertThat(last).as(path).contains(row, "Page " + pages + " of " + pages, previous, href(link + (pages - 2)))
                .doesNotContain(next, href(link + pages));

        var past = page(session, link + (pages + 6));
        assertThat(past.statusCode()).as(path).isEqualTo(200);
        assertThat(past.body()).as(path).contains("Page " + (pages + 7) + " is past the end: the list has " + pages
                        + " pages now.", href(link + (pages - 1)))
                .doesNotContain(row, "Page " + (pages + 7) + " of", previous, next, href(link + (pages + 5)),
                        href(link + (pages + 7)));
        assertThat(page(session, link + (pages + 6), "sq").body()).as(path).contains("Faqja " + (pages + 7)
                + " është përtej fundit: lista tani ka " + pages + " faqe.", href(link + (pages - 1)));
        assertThat(page(session, path, "sq").body()).as(path).contains("Faqja 1 nga " + pages);
    }

    /**
     * Every table of a page is in its own scrolling region, so a wide one never widens a phone's page, and is named
     * by its caption (which names the region too), after the heading of what it belongs to where several regions
     * would otherwise share a name (each indicator's "Participants by sex").
     */
    private static void everyTableScrollsInItsOwnRegionNamedByItsCaption(String html) {
        long tables = java.util.regex.Pattern.compile("<table[\\s>]").matcher(html).results().count();
        long wrapped = java.util.regex.Pattern.compile("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\"\\s+"
                + "aria-labelledby=\"(?:[^\" ]+ )*([^\" ]+)\">\\s*<table[^>]*>\\s*<caption id=\"\\1\"").matcher(html)
                .results().count();
        assertThat(tables).as("tables").isPositive();
        assertThat(wrapped).as("tables in a region named by their caption").isEqualTo(tables);
    }

    /** A page's words as a reader reads them: without its markup, each run of white space one space. */
    private static String readable(String html) {
        return html.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ");
    }

    private static String href(String link) {
        return "href=\"" + link.replace("&", "&amp;") + "\"";
    }

    private HttpResponse<String> page(String session, String path) throws Exception {
        return page(session, path, "en");
    }

    private HttpResponse<String> page(String session, String path, String language) throws Exception {
        return page(session, path, language, null);
    }

    /** A page as a client with that session asks for it, with its Accept header if given. */
    private HttpResponse<String> page(String session, String path, String language, String accept) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(http.getRootUri() + path)).header("Cookie", session)
                .header(HttpHeaders.ACCEPT_LANGUAGE, language);
        if (accept != null) {
            request.header(HttpHeaders.ACCEPT, accept);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token a page's forms carry. */
    private static String csrfToken(String html) {
        return java.util.regex.Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(html).results()
                .findFirst().orElseThrow().group(1);
    }

    private static String encoded(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** The check as the page's script makes it: not following the answer, and asking for no page. */
    private HttpResponse<String> signInCheck(HttpClient browser, String cookie) throws Exception {
        HttpRequest.Builder check = HttpRequest.newBuilder(URI.create(http.getRootUri() + "/dashboard/session"))
                .header("Accept", "application/json");
        return browser.send((cookie == null ? check : check.header("Cookie", cookie)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------------------------------------------------

    private JsonNode health() throws Exception {
        return JSON.readTree(exchange("/actuator/health", "", HttpMethod.GET).getBody());
    }

    /** The two copies of a history were published at different instants; nothing else may differ. */
    private static JsonNode withoutRecordingTimes(JsonNode node) throws Exception {
        return JSON.readTree(node.toString().replaceAll("\"recordedAt\":\"[^\"]*\"", "\"recordedAt\":null"));
    }

    /** As a browser asks for a page: for HTML above all, in {@code language}. */
    private HttpResponse<String> browse(String cookie, String path, String language) throws Exception {
        return page(cookie, path, language, "text/html,application/xhtml+xml,*/*;q=0.8");
    }

    /** The project's registration as a raw record, with the CloudEvents headers given beside the required ones. */
    private static void sendRegistered(String id, String organisation, Map<String, String> headers) throws Exception {
        var record = new ProducerRecord<String, byte[]>(TOPIC, id,
                Received.JSON.writeValueAsBytes(registered(id, organisation)));
        Map<String, String> all = new java.util.HashMap<>(headers);
        all.putAll(Map.of("ce_specversion", "1.0", "ce_id", "e-" + id, "ce_type", "org.kronika.project-registered.v1",
                "ce_source", "/test", "ce_subject", id, "ce_time", Instant.now().toString(), "ce_sequence", "0"));
        for (var header : all.entrySet()) {
            record.headers().add(header.getKey(), header.getValue().getBytes(StandardCharsets.UTF_8));
        }
        producer.sendRaw(record);
    }

    /** The line of an activity's own facts on a project's page, as a reader reads it. */
    private static String facts(String page, String activityId) {
        return readable(between(between(page, "data-activity=\"" + activityId + "\"", "</li>"), "data-facts>", "</div>"))
                .replace("data-facts>", "").strip();
    }

    /** A meeting of 30 people held in Gjilan as {@code kind}: activity m-1. */
    private static MeetingHeld hearing(String id, String kind) {
        return new MeetingHeld(id, "m-1", "Hearing on the municipal budget", LocalDate.parse("2024-03-12"), "Gjilan",
                Participants.total(30), null, List.of(), kind, "Municipal Assembly of Gjilan");
    }

    /** The part of a page from {@code start} to the {@code end} after it. */
    private static String between(String html, String start, String end) {
        int at = html.indexOf(start);
        assertThat(at).as(start).isNotNegative();
        return html.substring(at, html.indexOf(end, at));
    }

    private static void sendQuickly(org.kronika.query.stream.ReceivedEvent event) {
        try {
            producer.sendQuickly(event.sequence(), (org.kronika.events.ProjectEvent) event.event());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode awaitVersion(String projectId, int version) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> get("/api/projects/" + projectId),
                summary -> summary != null && summary.path("version").asInt() == version);
    }

    private JsonNode get(String path) throws Exception {
        ResponseEntity<String> response = exchange(path, Tokens.of("auditor-demo"), HttpMethod.GET);
        return response.getStatusCode() == HttpStatus.OK ? JSON.readTree(response.getBody()) : null;
    }

    /** A GET sent as written: the test's RestTemplate encodes a path's '%' and ';' again, and asks another question. */
    private HttpResponse<String> asWritten(String path, String token) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(http.getRootUri() + path))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private ResponseEntity<String> exchange(String path, String token, HttpMethod method) {
        var headers = new HttpHeaders();
        headers.set(HttpHeaders.AUTHORIZATION, token.isEmpty() ? "" : "Bearer " + token);
        return http.exchange(path, method, new HttpEntity<>(headers), String.class);
    }

    private static String newProjectId() {
        return "p-" + UUID.randomUUID();
    }

    /** A new project of the organisation, registered on the topic and awaited until the read models have it. */
    private String registeredAndProjected(String organisation) throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id, organisation));
        awaitVersion(id, 0);
        return id;
    }

    /**
     * A new project whose first quarter, with one training of 10 people reached (6 women), was approved at event 3
     * ("head-3") and corrected since, to 12 (7 women), flagged as changed after approval: events 0 to 6.
     */
    private static String anApprovedQuarterCorrectedSince() throws Exception {
        String id = newProjectId();
        producer.send(0, registered(id, "komf"));
        producer.send(1, reached(id, 100));
        producer.send(2, reaching(id, "t-1", "2024-02-10", "Gjilan", Participants.bySex(10, 6, 4)));
        producer.send(3, new PeriodSubmitted(id, "2024-Q1", "Our first quarter"));
        producer.send(4, new PeriodApproved(id, "2024-Q1", LocalDate.parse("2024-01-01"),
                LocalDate.parse("2024-03-31"), 3, "head-3", "Fine"));
        producer.send(5, published(correction(id, reaching(id, "t-1", "2024-02-10", "Gjilan", Participants.bySex(12, 7, 5)))));
        producer.send(6, new ApprovedPeriodChanged(id, List.of("2024-Q1"), 5, "activity-corrected", "t-1",
                "A late sign-in"));
        return id;
    }

    private static ProjectRegistered registered(String id, String organisation) {
        return new ProjectRegistered(id, organisation, organisation.toUpperCase(), false,
                "Monitoring the Law on Child Protection", null, null, null, null, List.of("Prishtinë", "Gjilan"),
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    }

    private static TrainingDelivered training(String id, String activityId, String on, String municipality,
                                              Participants participants) {
        return new TrainingDelivered(id, activityId, "Case management", LocalDate.parse(on), municipality,
                participants, null, List.of(), null, 1);
    }

    /** People reached, broken down by sex: fed by every activity that names it. */
    private static IndicatorDefined reached(String id, double target) {
        return new IndicatorDefined(id, "reached", "Reached", "count", "participants", "sum", 0, target, List.of(),
                List.of("sex"));
    }

    private static TrainingDelivered reaching(String id, String activityId, String on, String municipality,
                                              Participants participants) {
        return new TrainingDelivered(id, activityId, "Case management", LocalDate.parse(on), municipality,
                participants, null, List.of("reached"), null, 1);
    }

    /** A training of one person, with no municipality: given {@code mode}, at national level. */
    private static TrainingDelivered online(String id, String mode) {
        return new TrainingDelivered(id, "t-2", "One-to-one coaching", LocalDate.parse("2024-03-13"), null,
                Participants.total(1), null, List.of(), null, 1, mode);
    }

    /** A project of one training in 2024-Q1 of 30 people (event 1), the quarter submitted and approved (event 3). */
    private void sendFirstQuarterApproved(String id) throws Exception {
        producer.send(0, registered(id, "komf"));
        producer.send(1, training(id, "t-1", "2024-03-12", "Gjilan", Participants.total(30)));
        producer.send(2, new PeriodSubmitted(id, "2024-Q1", "Our first quarter"));
        producer.send(3, new PeriodApproved(id, "2024-Q1", LocalDate.parse("2024-01-01"),
                LocalDate.parse("2024-03-31"), 2, "head-2", "Fine"));
    }

    private static ActivityCorrected correction(String id, TrainingDelivered corrected) {
        return new ActivityCorrected(id, corrected.activityId(), "training-delivered", Received.data(corrected),
                "A late sign-in");
    }

    /** As the command side publishes it: the corrected activity whole (EventData.of), its project id too. */
    private static ActivityCorrected published(ActivityCorrected correction) {
        Map<String, Object> corrected = new java.util.LinkedHashMap<>(correction.corrected());
        corrected.put("projectId", correction.projectId());
        return new ActivityCorrected(correction.projectId(), correction.activityId(), correction.activityType(),
                corrected, correction.reason());
    }
}
