package org.kronika.local;

import org.kronika.infra.embedded.LocalTokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path on real components: HTTP command → PostgreSQL event store → Kafka topic → MongoDB read model →
 * HTTP query. Subclasses decide where the components come from.
 */
abstract class EndToEndContract {

    private static final String TOPIC = "kronika.project-events";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** Exports and checkpoints as an auditor saves them, removed after each test. */
    @TempDir
    Path scratch;

    abstract LocalKronika kronika();

    private LocalTokens clients;

    LocalTokens clients() {
        if (clients == null) {
            clients = new LocalTokens(kronika().authServerUrl());
        }
        return clients;
    }

    abstract String postgresUser();

    abstract String postgresPassword();

    @Test
    void aCommandTravelsThroughPostgresKafkaAndMongoBackToHttp() throws Exception {
        String projectId = "e2e-" + UUID.randomUUID();
        var registered = post("/api/projects", Map.of("projectId", projectId, "organisationId", "kec",
                "organisation", "Kosova Education Center (KEC)",
                "title", "Media literacy clubs", "municipalities", List.of("Prishtinë", "Ferizaj"),
                "startDate", "2024-01-01", "endDate", "2025-12-31"));
        assertThat(registered.statusCode()).isEqualTo(201);
        var training = post("/api/projects/" + projectId + "/activities/training-delivered", Map.of(
                "activityId", "club-training-1", "title", "Training package for the Media Clubs",
                "occurredOn", LocalDate.of(2024, 10, 3).toString(), "municipality", "Ferizaj", "sessions", 1,
                "participants", Map.of("total", 30, "bySex", Map.of("female", 17, "male", 12))));
        assertThat(training.statusCode()).isEqualTo(201);

        JsonNode summary = await().atMost(Duration.ofSeconds(30)).until(() -> getJson(kronika().queryServiceUrl()
                + "/api/projects/" + projectId), s -> s != null && s.path("version").asInt() == 1);
        assertThat(summary.at("/totals/activities").asInt()).isEqualTo(1);
        assertThat(summary.at("/totals/participants/bySex/female").asInt()).isEqualTo(17);
        JsonNode history = getJson(kronika().queryServiceUrl() + "/api/projects/" + projectId + "/history");
        assertThat(history.path("entries")).hasSize(2);

        assertThat(rowsInEventStore(projectId)).as("PostgreSQL event store").isEqualTo(2);
        assertThat(recordsOnTopic(projectId)).as("Kafka topic").isEqualTo(2);
        try (var mongo = MongoClients.create(kronika().mongoUri())) {
            var db = mongo.getDatabase("kronika");
            assertThat(db.getCollection(live(db, "projects")).countDocuments(Filters.eq("_id", projectId))).isEqualTo(1);
            assertThat(db.getCollection(live(db, "history")).countDocuments(Filters.eq("projectId", projectId))).isEqualTo(2);
        }
    }

    @Test
    void theDemoProjectsAreProjectedWithTotalsComputedFromTheDemoFile() throws Exception {
        Map<String, DemoExpectations.Project> expected = DemoExpectations.compute();
        assertThat(expected).hasSize(10);
        for (var project : expected.entrySet()) {
            String id = project.getKey();
            DemoExpectations.Project want = project.getValue();
            JsonNode summary = await().atMost(Duration.ofSeconds(90)).until(
                    () -> getJson(kronika().queryServiceUrl() + "/api/projects/" + id),
                    s -> s != null && s.at("/totals/activities").asInt() == want.activities()
                            && s.at("/totals/participants/total").asInt() == want.participants());
            for (JsonNode indicator : summary.path("indicators")) {
                String indicatorId = indicator.path("indicatorId").asText();
                assertThat(indicator.at("/progress/achieved").asDouble()).as(id + " / " + indicatorId)
                        .isCloseTo(want.indicators().get(indicatorId), org.assertj.core.data.Offset.offset(1e-9));
            }
            assertThat(summary.path("indicators")).hasSize(want.indicators().size());
        }
        for (String id : expected.keySet()) {
            JsonNode verdict = getJson(kronika().queryServiceUrl() + "/api/projects/" + id + "/verification");
            assertThat(verdict.path("verified").asBoolean()).as("hash chain of " + id + ": " + verdict).isTrue();
            assertThat(verdict.path("events").asLong()).as(id).isPositive();
        }
        JsonNode all = getJson(kronika().queryServiceUrl() + "/api/projects?size=200").path("items");
        List<String> listed = new ArrayList<>();
        all.forEach(project -> listed.add(project.path("projectId").asText()));
        assertThat(listed).containsAll(expected.keySet());
        long invented = 0;
        for (JsonNode project : all) {
            invented += project.path("organisationInvented").asBoolean() ? 1 : 0;
        }
        assertThat(invented).as("the two seed projects without an organisation name").isEqualTo(2);
    }

    @Test
    void everyDocumentedEndpointAnswersEveryRoleAsTheAccessMatrixSays() throws Exception {
        String projectId = "matrix-" + UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> values = Map.of("projectId", projectId, "indicatorId", "aware-of-budgeting",
                "activityId", "budget-hearing-gjilan-1", "name", "Gjilan", "periodId", "2024-Q1",
                "measurementId", "survey-1", "plannedActivityId", "hearings");
        // The project the matrix reads and writes belongs to KEC: recorder-kec is "own", recorder-komf "other".
        var registered = post("/api/projects", Map.of("projectId", projectId, "organisationId", "kec",
                "organisation", "Kosova Education Center (KEC)", "title", "Access matrix", "municipalities", List.of("Gjilan", "Kamenicë", "Viti"),
                "startDate", "2024-01-01", "endDate", "2025-06-30"));
        assertThat(registered.statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> getJson(kronika().queryServiceUrl() + "/api/projects/"
                + projectId) != null);

        AccessMatrix matrix = new AccessMatrix(clients());
        int calls = matrix.check("command", kronika().commandServiceUrl(), values)
                + matrix.check("query", kronika().queryServiceUrl(), values);
        assertThat(calls).isEqualTo(AccessMatrix.rules().size() * AccessMatrix.CALLERS.size());
    }

    @Test
    void everyHostileRequestIsRefusedWithProblemJsonAndChangesNothing() throws Exception {
        String projectId = "hostile-" + UUID.randomUUID().toString().substring(0, 8);
        assertThat(post("/api/projects", Map.of("projectId", projectId, "organisationId", "kec",
                "organisation", "Kosova Education Center (KEC)", "title", "Hostile input target", "municipalities", List.of("Ferizaj"),
                "startDate", "2024-01-01", "endDate", "2024-12-31")).statusCode()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> getJson(kronika().queryServiceUrl() + "/api/projects/"
                + projectId) != null);

        Map<String, String> tokens = Map.of("recorder", clients().token("recorder-kec"),
                "otherRecorder", clients().token("recorder-komf"), "admin", clients().token("admin-demo"),
                "auditor", clients().token("auditor-demo"), "partner", clients().token("partner-demo"),
                "officer", clients().token("officer-demo"));
        String issuer = kronika().jwtIssuer();
        List<HostileCorpus.Attack> corpus = new ArrayList<>(HostileCorpus.build(projectId, tokens, issuer));
        var realKey = (com.nimbusds.jose.jwk.RSAKey) com.nimbusds.jose.jwk.JWKSet.parse(
                Files.readString(kronika().signingKeyFile())).getKeys().get(0);
        String activities = "/api/projects/" + projectId + "/activities/training-delivered";
        String training = "{\"title\":\"T\",\"occurredOn\":\"2024-03-12\",\"municipality\":\"Ferizaj\",\"sessions\":1}";
        var later = java.time.Instant.now().plusSeconds(600);
        for (var claims : List.of(
                HostileCorpus.claims(issuer, "kronika", "recorder", "kec", java.time.Instant.now().minusSeconds(60)),
                HostileCorpus.claims(issuer, "another-service", "recorder", "kec", later),
                HostileCorpus.claims("http://evil.example", "kronika", "recorder", "kec", later),
                HostileCorpus.claims(issuer, "kronika", "superuser", "kec", later),
                HostileCorpus.claims(issuer, "kronika", "recorder", null, later),
                HostileCorpus.claims(issuer, "kronika", "recorder", "komf", later))) {
            corpus.add(new HostileCorpus.Attack("real key, " + claims.toJSONObject(), "command", "POST", activities,
                    HostileCorpus.sign(realKey, claims), "application/json", training));
        }
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(200);

        long eventsBefore = totalEvents();
        Map<String, Long> readModelsBefore = readModelCounts();
        List<String> failures = new ArrayList<>();
        for (HostileCorpus.Attack attack : corpus) {
            String base = attack.service().equals("command") ? kronika().commandServiceUrl() : kronika().queryServiceUrl();
            RawHttp.Response response = RawHttp.send(base, attack.method(), attack.path(), attack.token(),
                    attack.contentType(), attack.body());
            if (response.status() < 400 || response.status() >= 500 || response.contentType() == null
                    || !response.contentType().startsWith("application/problem+json")) {
                failures.add(attack.name() + " -> " + response.status() + " " + response.contentType() + " "
                        + response.body().substring(0, Math.min(200, response.body().length())));
            }
        }
        assertThat(failures).as("hostile requests not answered 4xx problem+json (of " + corpus.size() + ")").isEmpty();
        assertThat(totalEvents()).as("events in PostgreSQL").isEqualTo(eventsBefore);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(readModelCounts()).isEqualTo(readModelsBefore));
    }

    /** A collection of the live generation of read models. */
    private static String live(com.mongodb.client.MongoDatabase db, String collection) {
        var pointer = db.getCollection("read_models").find(Filters.eq("_id",
                "live-v" + org.kronika.query.config.ReadModelsConfig.SCHEMA_VERSION)).first();
        assertThat(pointer).as("a live generation of read models").isNotNull();
        return "g" + pointer.getInteger("generation") + "_" + collection;
    }

    @Test
    void theDashboardsAnswerWithFiguresComputedFromTheDemoFile() throws Exception {
        Map<String, DemoDashboards.Organisation> expected = DemoDashboards.compute();
        assertThat(expected).hasSize(10);
        for (var organisation : expected.entrySet()) {
            if (organisation.getKey().equals("kec")) {
                continue; // the other end-to-end tests record for KEC too
            }
            String token = clients().token("recorder-" + organisation.getKey());
            JsonNode portfolio = await().atMost(Duration.ofSeconds(60)).until(
                    () -> getJson(kronika().queryServiceUrl() + "/api/portfolio", token),
                    p -> p != null && p.at("/totals/activities").asLong() == organisation.getValue().overall().activities);
            assertThat(portfolio.path("scope").asText()).isEqualTo("organisation:" + organisation.getKey());
            same(organisation.getKey(), portfolio.path("totals"), organisation.getValue().overall());
            assertThat(periods(portfolio.path("byPeriod"))).as(organisation.getKey())
                    .isEqualTo(organisation.getValue().overall().participantsByPeriod);
            Map<String, Long> places = new java.util.TreeMap<>();
            portfolio.path("byMunicipality").forEach(m -> {
                if (m.path("activities").asLong() > 0) {
                    places.put(m.path("municipality").asText(), m.path("participants").asLong());
                }
            });
            Map<String, Long> wantedPlaces = new java.util.TreeMap<>();
            organisation.getValue().byMunicipality().forEach((place, figures) -> wantedPlaces.put(place, figures.participants));
            // What no municipality holds was done at national level or online: a place of its own, "(none)".
            long nationalActivities = organisation.getValue().overall().activities - organisation.getValue()
                    .byMunicipality().values().stream().mapToLong(f -> f.activities).sum();
            if (nationalActivities > 0) {
                wantedPlaces.put("(none)", organisation.getValue().overall().participants - organisation.getValue()
                        .byMunicipality().values().stream().mapToLong(f -> f.participants).sum());
            }
            assertThat(places).as(organisation.getKey() + " by municipality").isEqualTo(wantedPlaces);
            for (var place : organisation.getValue().byMunicipality().entrySet()) {
                JsonNode municipality = getJson(kronika().queryServiceUrl() + "/api/municipalities/"
                        + java.net.URLEncoder.encode(place.getKey(), StandardCharsets.UTF_8).replace("+", "%20"), token);
                same(organisation.getKey() + " in " + place.getKey(), municipality.path("totals"), place.getValue());
                assertThat(periods(municipality.path("byPeriod"))).isEqualTo(place.getValue().participantsByPeriod);
            }
        }
        // The programme as a whole adds up its projects, each as its own summary counts it.
        JsonNode projects = getJson(kronika().queryServiceUrl() + "/api/projects?size=200").path("items");
        long activities = 0;
        long participants = 0;
        for (JsonNode project : projects) {
            activities += project.path("activities").asLong();
            participants += project.path("participants").asLong();
        }
        long sumActivities = activities;
        long sumParticipants = participants;
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode programme = getJson(kronika().queryServiceUrl() + "/api/portfolio?size=200");
            assertThat(programme.at("/totals/activities").asLong()).isEqualTo(sumActivities);
            assertThat(programme.at("/totals/participants/total").asLong()).isEqualTo(sumParticipants);
            assertThat(programme.at("/ranking/totalItems").asInt()).isEqualTo(projects.size());
        });
    }

    private static void same(String what, JsonNode totals, DemoDashboards.Figures figures) {
        assertThat(totals.path("activities").asLong()).as(what + " activities").isEqualTo(figures.activities);
        assertThat(totals.at("/participants/total").asLong()).as(what + " participants").isEqualTo(figures.participants);
        assertThat(counts(totals.at("/participants/bySex"))).as(what + " by sex").isEqualTo(figures.bySex);
        assertThat(counts(totals.at("/participants/byAgeBand"))).as(what + " by age").isEqualTo(figures.byAgeBand);
        assertThat(counts(totals.at("/participants/byCommunity"))).as(what + " by community").isEqualTo(figures.byCommunity);
        Map<String, Long> byType = new java.util.TreeMap<>();
        totals.path("byType").fields().forEachRemaining(e -> byType.put(e.getKey(), e.getValue().path("activities").asLong()));
        assertThat(byType).as(what + " by type").isEqualTo(figures.activitiesByType);
    }

    private static Map<String, Long> counts(JsonNode node) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        node.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return counts;
    }

    /** Participants per period, leaving out the periods without any activity. */
    private static Map<String, Long> periods(JsonNode series) {
        Map<String, Long> periods = new java.util.TreeMap<>();
        series.forEach(p -> {
            if (p.at("/tally/activities").asLong() > 0) {
                periods.put(p.path("periodId").asText(), p.at("/tally/participants/total").asLong());
            }
        });
        return periods;
    }

    private long totalEvents() throws Exception {
        try (var connection = DriverManager.getConnection(kronika().postgresUrl(), postgresUser(), postgresPassword());
             var rs = connection.createStatement().executeQuery("SELECT count(*) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Map<String, Long> readModelCounts() {
        try (var mongo = MongoClients.create(kronika().mongoUri())) {
            var db = mongo.getDatabase("kronika");
            return Map.of("summaries", db.getCollection(live(db, "projects")).countDocuments(),
                    "activities", db.getCollection(live(db, "activities")).countDocuments(),
                    "history", db.getCollection(live(db, "history")).countDocuments(),
                    "rejected", db.getCollection("rejected_records").countDocuments());
        }
    }

    @Test
    void everyDemoExportVerifiesWithTheCommandLineVerifierAsDoesTheWholeTopic() throws Exception {
        var expected = DemoExpectations.compute();
        for (String id : expected.keySet()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> getJson(kronika().queryServiceUrl() + "/api/projects/"
                    + id) != null);
        }
        for (String id : expected.keySet()) {
            var export = http.send(HttpRequest.newBuilder(URI.create(kronika().queryServiceUrl() + "/api/projects/" + id
                            + "/export.jsonl")).header("Authorization", "Bearer " + clients().token("auditor-demo")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(export.statusCode()).isEqualTo(200);
            var file = Files.createTempFile(scratch, id, ".jsonl");
            Files.writeString(file, export.body());
            var out = new java.io.ByteArrayOutputStream();
            int exit = org.kronika.verifier.VerifyCli.run(new String[]{"--file", file.toString()},
                    new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
            assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("OK      " + id);

            List<String> hashes = export.body().lines()
                    .map(line -> line.replaceAll(".*\"hash\":\"([0-9a-f]{64})\".*", "$1")).toList();
            // The CSV carries every event's hash; the printable report names the head of the verified chain.
            for (var check : Map.of("export.csv", hashes, "report.html", List.of(hashes.get(hashes.size() - 1)))
                    .entrySet()) {
                var response = http.send(HttpRequest.newBuilder(URI.create(kronika().queryServiceUrl() + "/api/projects/"
                                + id + "/" + check.getKey())).header("Authorization", "Bearer "
                                + clients().token("auditor-demo")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(check.getKey()).isEqualTo(200);
                assertThat(response.body()).as(check.getKey()).contains(check.getValue());
            }
        }
        var out = new java.io.ByteArrayOutputStream();
        int exit = org.kronika.verifier.VerifyCli.run(new String[]{"--kafka", kronika().kafkaBootstrapServers()},
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("OK")).count())
                .isGreaterThanOrEqualTo(expected.size());
    }

    /**
     * An auditor's path with what the services serve and nothing else: the latest checkpoint and the key set from
     * the command service, a project's export from the query service, and the verifier CLI.
     */
    @Test
    void theServedCheckpointAndKeySetCatchACutOrRecomputedExportAndAcceptTheIntactOne() throws Exception {
        String id = "kec-media-clubs";
        JsonNode checkpoint = await().atMost(Duration.ofSeconds(120)).until(() -> getJson(kronika().commandServiceUrl()
                + "/api/checkpoints"), c -> c != null && signedSequence(c, id) >= 0);
        long signed = signedSequence(checkpoint, id);
        var keySet = http.send(HttpRequest.newBuilder(URI.create(kronika().commandServiceUrl()
                + "/api/checkpoints/keys")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(keySet.statusCode()).as("public, no token").isEqualTo(200);
        var folder = java.nio.file.Files.createTempDirectory(scratch, "auditor");
        var jws = java.nio.file.Files.writeString(folder.resolve("checkpoint.jws"), checkpoint.path("jws").asText());
        var keys = java.nio.file.Files.writeString(folder.resolve("jwks.json"), keySet.body());

        List<Map<String, Object>> events = org.kronika.verifier.Copies.parse(await().atMost(Duration.ofSeconds(60))
                .until(() -> export(id), body -> body != null && body.lines().count() > signed));
        // The export names its project itself: against a checkpoint, the auditor says which one it must be.
        assertThat(verifier(folder, events, "--project", id, "--checkpoint", jws, "--keys", keys))
                .as("the intact export").startsWith("CHECKPOINT signed").contains("OK      " + id).endsWith("exit 0");
        assertThat(verifier(folder, events.subList(0, (int) signed), "--project", id, "--checkpoint", jws, "--keys",
                keys)).as("cut before the signed head").contains("CUT").contains(id).endsWith("exit 1");
        assertThat(verifier(folder, events.subList(0, (int) signed)))
                .as("the same cut copy without the checkpoint: its chain alone looks whole").endsWith("exit 0");
        assertThat(verifier(folder, org.kronika.verifier.Copies.rechained(events, 1, "Forged"), "--project", id,
                "--checkpoint", jws, "--keys", keys)).as("changed and every hash recomputed").contains("CHANGED")
                .endsWith("exit 1");

        var payload = org.kronika.events.checkpoint.SignedCheckpoints.parse(checkpoint.path("jws").asText());
        String forged = org.kronika.events.checkpoint.SignedCheckpoints.sign(
                org.kronika.events.checkpoint.Checkpoint.fromJson(json.readValue(payload.payloadJson(), Map.class)),
                checkpoint.path("keyId").asText(), org.kronika.events.checkpoint.SignedCheckpoints.newKey().getPrivate());
        assertThat(verifier(folder, events, "--project", id, "--checkpoint", java.nio.file.Files.writeString(
                folder.resolve("forged.jws"), forged), "--keys", keys))
                .as("the same checkpoint signed by another key under the served kid")
                .contains("does not verify").doesNotContain("OK      ");
    }

    /**
     * The issue's "done when": an auditor takes the served report of an approved period, the served checkpoint, the
     * key set and the project's export, and the verifier recomputes every approved figure from the events up to the
     * approved head (so the query side's figures must equal the verifier's own fold, figure by figure); a
     * correction after approval is then listed as changed since, with its reason, and the approved figures still
     * verify.
     */
    @Test
    void anApprovedReportsFiguresAreRecomputedByTheVerifierFromTheServedExportCheckpointAndKeys() throws Exception {
        String id = "e2e-approved-" + UUID.randomUUID();
        String project = "/api/projects/" + id;
        assertThat(post("/api/projects", Map.of("projectId", id, "organisationId", "kec",
                "organisation", "Kosova Education Center (KEC)", "title", "Media literacy clubs",
                "municipalities", List.of("Prizren", "Ferizaj"), "startDate", "2024-01-01", "endDate", "2025-12-31"))
                .statusCode()).isEqualTo(201);
        for (Map<String, Object> indicator : List.of(
                Map.<String, Object>of("indicatorId", "people", "name", "Young people trained", "unit", "count",
                        "counts", "participants", "aggregation", "sum", "baseline", 0, "target", 120,
                        "periodTargets", List.of(Map.of("periodId", "2024-Q3", "target", 45)), "dimensions", List.of("sex")),
                Map.<String, Object>of("indicatorId", "sessions", "name", "Trainings held", "unit", "count",
                        "counts", "activities", "aggregation", "sum", "baseline", 0, "target", 12),
                Map.<String, Object>of("indicatorId", "score", "name", "Media literacy score", "unit", "score",
                        "counts", "measured", "aggregation", "average", "baseline", 2, "target", 7))) {
            assertThat(postAs("admin-demo", project + "/indicators", indicator).statusCode()).as(indicator.toString())
                    .isEqualTo(201);
        }
        assertThat(post(project + "/activities/training-delivered", training("t-1", "2024-07-09", "Prizren", 21,
                Map.of("female", 12, "male", 8), Map.of("15-17", 9, "18-24", 12))).statusCode()).isEqualTo(201);
        assertThat(post(project + "/activities/training-delivered", training("t-2", "2024-09-30", null, 14,
                Map.of("female", 6, "male", 8), Map.of())).statusCode()).isEqualTo(201);
        assertThat(post(project + "/activities/training-delivered", training("t-0", "2024-05-14", "Ferizaj", 11,
                Map.of("female", 5), Map.of())).statusCode()).isEqualTo(201);
        for (var measured : List.of(List.of("s-1", "2024-07-31", 3.5), List.of("s-2", "2024-09-15", 4.25))) {
            assertThat(post(project + "/indicators/score/measurements", Map.of("measurementId", measured.get(0),
                    "measuredOn", measured.get(1), "value", measured.get(2))).statusCode()).isEqualTo(201);
        }
        assertThat(post(project + "/periods/2024-Q3/submissions", Map.of("comment", "Every Q3 training recorded"))
                .statusCode()).isEqualTo(200);
        String reportUrl = kronika().queryServiceUrl() + project + "/periods/2024-Q3";
        // The officer reads the submitted report and approves the version of the figures read, as If-Match.
        JsonNode submitted = await().atMost(Duration.ofSeconds(60)).until(() -> getJson(reportUrl),
                r -> r != null && r.path("status").asText().equals("submitted"));
        assertThat(postAs("officer-demo", project + "/periods/2024-Q3/approvals", Map.of("comment", "Matches the sheets"),
                submitted.path("version").asLong()).statusCode()).isEqualTo(200);

        JsonNode approvedReport = await().atMost(Duration.ofSeconds(60)).until(() -> getJson(reportUrl),
                r -> r != null && r.path("status").asText().equals("approved") && r.path("asApproved").isObject());
        long approval = approvedReport.at("/approval/sequence").asLong();
        JsonNode checkpoint = await().atMost(Duration.ofSeconds(120)).until(() -> getJson(kronika().commandServiceUrl()
                + "/api/checkpoints"), c -> c != null && signedSequence(c, id) >= approval);
        var folder = Files.createTempDirectory(scratch, "auditor");
        Path jws = Files.writeString(folder.resolve("checkpoint.jws"), checkpoint.path("jws").asText());
        Path keys = Files.writeString(folder.resolve("jwks.json"), http.send(HttpRequest.newBuilder(URI.create(
                kronika().commandServiceUrl() + "/api/checkpoints/keys")).build(), HttpResponse.BodyHandlers.ofString())
                .body());
        Path approvedFile = Files.writeString(folder.resolve("report-approved.json"), approvedReport.toString());

        String atApproval = checkReport(folder, approvedFile, approval + 1, jws, keys);
        assertThat(atApproval).as("the report as served at approval")
                .contains("APPROVED " + id + " 2024-Q3 (2024-07-01 to 2024-09-30) by event " + approval)
                .contains("FIGURE  totals.participants.total = 35", "FIGURE  totals.participants.byAgeBand.15-17 = 9",
                        "FIGURE  byMunicipality.(none).participants = 14", "FIGURE  indicators.people.achieved = 35",
                        "FIGURE  indicators.people.cumulative = 46", "FIGURE  indicators.sessions.achieved = 2",
                        "FIGURE  indicators.score.achieved = 3.875",
                        "FIGURE  indicators.people.byMunicipality.Prizren = 21",
                        "FIGURE  indicators.people.byMunicipality.(none) = 14",
                        "FIGURE  indicators.people.bySex.female = 18", "FIGURE  indicators.people.byAgeBand.18-24 = 12",
                        "FIGURE  indicators.score.byMunicipality.(none) = 3.875")
                .contains("AS APPROVED OK").contains("CHANGED SINCE APPROVAL: 0 changes")
                .contains("AS CORRECTED SINCE OK").contains("DISCUSSION OK: 2 steps")
                .doesNotContain("MISMATCH").endsWith("exit 0");
        assertThat(atApproval.lines().filter(l -> l.startsWith("FIGURE")).count()).as("every figure of the report")
                .isEqualTo(org.kronika.verifier.ReportCheck.flatten(approvedReport.path("asApproved")).size())
                .isGreaterThan(25);

        // A correction after approval: flagged with its reason, listed as changed since; as approved still holds.
        var corrected = training("t-1", "2024-07-09", "Prizren", 24, Map.of("female", 14, "male", 9),
                Map.of("15-17", 10, "18-24", 13));
        assertThat(post(project + "/activities/t-1/corrections", Map.of("reason", "Three names on a second sheet",
                "corrected", corrected)).statusCode()).isEqualTo(200);
        JsonNode correctedReport = await().atMost(Duration.ofSeconds(60)).until(() -> getJson(reportUrl),
                r -> r != null && r.path("changes").size() == 1);
        Path correctedFile = Files.writeString(folder.resolve("report-corrected.json"), correctedReport.toString());
        String since = checkReport(folder, correctedFile, approval + 3, jws, keys);
        assertThat(since).as("the report served after the correction")
                .contains("AS APPROVED OK").contains("FIGURE  indicators.people.achieved = 35")
                .contains("CHANGED SINCE APPROVAL: 1 change")
                .contains("SINCE   event " + (approval + 1) + " activity-corrected t-1, flagged by event "
                        + (approval + 2) + ": Three names on a second sheet")
                .contains("NOW     indicators.people.achieved = 38 (approved: 35)")
                .contains("AS CORRECTED SINCE OK").contains("DISCUSSION OK: 2 steps")
                .doesNotContain("MISMATCH").endsWith("exit 0");
        // The figures export next to the event exports holds both views, each figure as the verifier names it.
        String csv = new String(getBytes(kronika().queryServiceUrl() + project + "/figures.csv"), StandardCharsets.UTF_8);
        String row = "2024-Q3,approved," + approval + "," + (approval - 1) + ","
                + approvedReport.at("/approval/headHash").asText() + ",1,true,,";
        List<String> nowLines = since.lines().filter(l -> l.startsWith("NOW     ")).toList();
        assertThat(nowLines).hasSizeGreaterThan(25);
        for (String line : nowLines) {
            var figure = java.util.regex.Pattern.compile("NOW     (\\S+) = (.*?)(?: \\(approved: (.*)\\))?").matcher(line);
            assertThat(figure.matches()).as(line).isTrue();
            String now = figure.group(2);
            String then = figure.group(3) == null ? now : figure.group(3);
            assertThat(csv).as(line).contains(row + figure.group(1) + "," + cell(then) + "," + cell(now) + "\r\n");
        }
        assertThat(checkReport(folder, approvedFile, approval + 3, jws, keys))
                .as("the report kept from the approval, against today's export")
                .contains("AS APPROVED OK").contains("CHANGED SINCE APPROVAL: 1 change").endsWith("exit 0");

        // Figures changed in the kept report, or the export cut before the signed approval: both fail.
        String forged = approvedReport.toString().replace("\"achieved\":35.0", "\"achieved\":36.0");
        assertThat(forged).isNotEqualTo(approvedReport.toString());
        assertThat(checkReport(folder, Files.writeString(folder.resolve("forged.json"), forged), approval + 3, jws, keys))
                .contains("MISMATCH indicators.people.achieved: the report says 36").endsWith("exit 1");
        List<Map<String, Object>> events = org.kronika.verifier.Copies.parse(export(id));
        assertThat(verifier(folder, events.subList(0, (int) approval), "--report", approvedFile, "--checkpoint", jws,
                "--keys", keys)).contains("CUT     " + id).endsWith("exit 1");
    }

    /**
     * The verifier's fold of the event contract and the query side's figures agree on every demo project and every
     * period it overlaps (quarters and the other calendars): all kinds of indicators and aggregations, items,
     * measurements, corrections and retractions, compared figure by figure.
     */
    @Test
    void everyDemoPeriodsFiguresAreWhatTheVerifiersOwnFoldOfTheExportGives() throws Exception {
        int compared = 0;
        for (String id : DemoExpectations.compute().keySet()) {
            DemoExpectations.Project want = DemoExpectations.compute().get(id);
            await().atMost(Duration.ofSeconds(90)).until(() -> getJson(kronika().queryServiceUrl() + "/api/projects/"
                    + id), s -> s != null && s.at("/totals/activities").asInt() == want.activities());
            List<JsonNode> periods = new ArrayList<>();
            for (JsonNode period : getJson(kronika().queryServiceUrl() + "/api/projects/" + id + "/periods")) {
                periods.add(getJson(kronika().queryServiceUrl() + "/api/projects/" + id + "/periods/"
                        + period.path("periodId").asText()));
            }
            // Read after the reports, so that it holds at least the events their figures are of.
            Path export = Files.createTempFile(scratch, id, ".jsonl");
            Files.writeString(export, export(id));
            for (JsonNode period : periods) {
                JsonNode figures = period.path("asCorrectedSince");
                assertThat(org.kronika.verifier.ReportCheck.differences(figures, export))
                        .as(id + " " + period.path("periodId").asText()).isEmpty();
                compared += org.kronika.verifier.ReportCheck.flatten(figures).size();
            }
        }
        assertThat(compared).as("figures compared").isGreaterThan(1000);
    }

    private static Map<String, Object> training(String activityId, String on, String municipality, int total,
                                                Map<String, Integer> bySex, Map<String, Integer> byAgeBand) {
        Map<String, Object> training = new HashMap<>(Map.of("activityId", activityId, "title", "Media literacy module",
                "occurredOn", on, "sessions", 1, "indicatorIds", List.of("people", "sessions"),
                "participants", Map.of("total", total, "bySex", bySex, "byAgeBand", byAgeBand)));
        training.put("municipality", municipality);
        return training;
    }

    /** A value as the figures CSV writes it: the verifier's "(none)" is an empty cell. */
    private static String cell(String printed) {
        return printed.equals("(none)") ? "" : printed;
    }

    /** The verifier on the report and the project's served export once it holds {@code events} events. */
    private String checkReport(Path folder, Path report, long events, Path jws, Path keys) throws Exception {
        String projectId = json.readTree(Files.readString(report)).path("projectId").asText();
        String export = await().atMost(Duration.ofSeconds(60)).until(() -> export(projectId),
                body -> body != null && body.lines().count() == events);
        return verifier(folder, org.kronika.verifier.Copies.parse(export), "--report", report, "--checkpoint", jws,
                "--keys", keys);
    }

    /** The sequence a checkpoint signed for a project, or -1. */
    private static long signedSequence(JsonNode checkpoint, String projectId) {
        for (JsonNode head : checkpoint.path("heads")) {
            if (head.path("projectId").asText().equals(projectId)) {
                return head.path("sequence").asLong();
            }
        }
        return -1;
    }

    private String export(String projectId) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(kronika().queryServiceUrl() + "/api/projects/"
                        + projectId + "/export.jsonl")).header("Authorization", "Bearer " + clients().token("auditor-demo"))
                .build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? response.body() : null;
    }

    /** The verifier's output for these events as an export file, and its exit code as a last line. */
    private static String verifier(java.nio.file.Path folder, List<Map<String, Object>> events, Object... arguments)
            throws Exception {
        var file = java.nio.file.Files.createTempFile(folder, "export", ".jsonl");
        java.nio.file.Files.writeString(file, org.kronika.verifier.Copies.lines(events));
        List<String> args = new ArrayList<>(List.of("--file", file.toString()));
        for (Object argument : arguments) {
            args.add(argument.toString());
        }
        var out = new java.io.ByteArrayOutputStream();
        int exit = org.kronika.verifier.VerifyCli.run(args.toArray(String[]::new),
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8) + "exit " + exit;
    }

    @Test
    void aFigureReportedBeforeACorrectionCanBeReproducedFromTheDemoData() throws Exception {
        // The Tirana training was first recorded with 20 participants, then corrected to 18.
        String id = "cgj-tirana-gbv-response";
        String base = kronika().queryServiceUrl() + "/api/projects/" + id;
        JsonNode now = await().atMost(Duration.ofSeconds(60)).until(() -> getJson(base),
                s -> s != null && s.at("/totals/corrected").asInt() == 1);
        assertThat(now.at("/totals/participants/total").asInt()).isEqualTo(18);

        JsonNode correction = getJson(base + "/history?type=activity-corrected").path("entries").get(0);
        var correctedAt = java.time.Instant.parse(correction.path("recordedAt").asText());
        JsonNode asReported = getJson(base + "?knownAt=" + correctedAt.minusMillis(1));
        assertThat(asReported.at("/totals/participants/total").asInt()).as("as known before the correction")
                .isEqualTo(20);
        assertThat(getJson(base + "?knownAt=" + correctedAt).at("/totals/participants/total").asInt()).isEqualTo(18);

        String trainedOn = correction.at("/payload/corrected/occurredOn").asText();
        var dayBefore = java.time.LocalDate.parse(trainedOn).minusDays(1);
        assertThat(getJson(base + "?asOf=" + dayBefore).at("/totals/activities").asInt()).isZero();
        assertThat(getJson(base + "?asOf=" + trainedOn).at("/totals/activities").asInt()).isEqualTo(1);
    }

    @Test
    void theDemosClosedOutGrantSaysSoEverywhereAndRecordsNothingMore() throws Exception {
        // The Tirana grant ended in 2023; its four quarters' reports are approved and an officer closed it out.
        String id = "cgj-tirana-gbv-response";
        String base = kronika().queryServiceUrl() + "/api/projects/" + id;
        JsonNode project = await().atMost(Duration.ofSeconds(90)).until(() -> getJson(base),
                p -> p != null && "closed".equals(p.path("status").asText()));
        assertThat(project.at("/closure/periodIds")).extracting(JsonNode::asText)
                .containsExactly("2023-Q1", "2023-Q2", "2023-Q3", "2023-Q4");
        assertThat(project.at("/closure/endDate").asText()).isEqualTo("2023-12-31");
        assertThat(getJson(kronika().queryServiceUrl() + "/api/projects?status=closed&size=200").path("items"))
                .extracting(entry -> entry.path("projectId").asText()).contains(id);
        assertThat(getJson(kronika().queryServiceUrl() + "/api/projects?status=ended&size=200").path("items"))
                .extracting(entry -> entry.path("projectId").asText()).doesNotContain(id);
        assertThat(new String(getBytes(base + "/iati.xml"), StandardCharsets.UTF_8))
                .contains("<activity-status code=\"4\"");

        // Its own recorder can no longer add to it; nothing is recorded.
        var refused = postAs("recorder-center-for-gender-justice", "/api/projects/" + id
                + "/activities/training-delivered", Map.of("activityId", "cgj-after-closure", "title", "Late training",
                "occurredOn", "2023-11-20", "municipality", "Tiranë", "sessions", 1, "participants", Map.of("total", 5)));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        assertThat(json.readTree(refused.body()).path("title").asText()).isEqualTo("Project closed");
        assertThat(getJson(base).path("version")).isEqualTo(project.path("version"));

        // An auditor sees from the export alone that the closure is its history's last event.
        Path export = Files.createTempFile(scratch, id, ".jsonl");
        Files.writeString(export, export(id));
        var out = new java.io.ByteArrayOutputStream();
        int exit = org.kronika.verifier.VerifyCli.run(new String[]{"--file", export.toString()},
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("CLOSED  " + id)
                .contains("nothing was recorded after it");
    }

    @Test
    void everyEventOnTheTopicIsACloudEventWhoseDataValidatesAgainstItsPublishedSchema() throws Exception {
        var factory = com.networknt.schema.JsonSchemaFactory.getInstance(com.networknt.schema.SpecVersion.VersionFlag.V202012);
        var config = com.networknt.schema.SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Map<String, com.networknt.schema.JsonSchema> schemas = new java.util.HashMap<>();
        List<String> invalid = new ArrayList<>();
        int checked = 0;
        await().atMost(Duration.ofSeconds(60)).until(() -> getJson(kronika().queryServiceUrl()
                + "/api/projects/cgj-tirana-gbv-response") != null);
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kronika().kafkaBootstrapServers()),
                new StringDeserializer(), new io.cloudevents.kafka.CloudEventDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (var record : consumer.poll(Duration.ofMillis(200))) {
                    io.cloudevents.CloudEvent event = record.value();
                    assertThat(event.getSpecVersion().toString()).isEqualTo("1.0");
                    assertThat(event.getId()).isNotBlank();
                    // A project's stream, or the programme's own (its reporting calendar).
                    assertThat(event.getSource().toString()).endsWith(record.key().startsWith("programme:")
                            ? "/programmes/" + record.key().substring("programme:".length())
                            : "/projects/" + record.key());
                    assertThat(event.getSubject()).isEqualTo(record.key());
                    assertThat(event.getTime()).isNotNull();
                    assertThat(event.getDataContentType()).isEqualTo("application/json");
                    assertThat(event.getExtension("sequence")).isNotNull();
                    assertThat(event.getExtension("hash")).asString().matches("[0-9a-f]{64}");
                    assertThat(event.getExtension("prevhash")).asString().matches("[0-9a-f]{64}");
                    var type = org.kronika.events.EventTypes.forCloudEventType(event.getType()).orElseThrow();
                    var schema = schemas.computeIfAbsent(type.cloudEventType(), t -> factory.getSchema(
                            org.kronika.events.EventType.class.getResourceAsStream(
                                    "schemas/" + type.name() + ".v" + type.version() + ".schema.json"), config));
                    var errors = schema.validate(json.readTree(event.getData().toBytes()));
                    if (!errors.isEmpty()) {
                        invalid.add(event.getType() + " " + record.key() + "#" + event.getExtension("sequence") + ": " + errors);
                    }
                    checked++;
                }
            }
        }
        assertThat(invalid).isEmpty();
        assertThat(checked).as("every demo event read with the CloudEvents SDK").isGreaterThanOrEqualTo(490);
    }

    @Test
    void theDemoProjectsIatiFilesValidateAgainstTheOfficialSchemaWithTheDashboardsFigures() throws Exception {
        Map<String, DemoExpectations.Project> expected = DemoExpectations.compute();
        Map<String, Map<String, Map<String, IatiFile.Period>>> projectFiles = new HashMap<>();
        for (var project : expected.entrySet()) {
            String base = kronika().queryServiceUrl() + "/api/projects/" + project.getKey();
            // Read again until the view and the file are of the same, fully projected, moment.
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                JsonNode view = getJson(base);
                assertThat(view).as(base).isNotNull();
                assertThat(view.at("/totals/activities").asInt()).isEqualTo(project.getValue().activities());
                var activities = IatiFile.validated(getBytes(base + "/iati.xml")).activities();
                assertThat(activities).hasSize(1);
                var file = activities.values().iterator().next();
                sameAsTheDashboards(project.getKey(), view, file);
                assertThat(getJson(base).path("version")).isEqualTo(view.path("version"));
                projectFiles.put(project.getKey(), file);
            });
        }
        var programme = IatiFile.validated(getBytes(kronika().queryServiceUrl() + "/api/iati.xml")).activities();
        for (var project : projectFiles.entrySet()) {
            assertThat(programme.get("XM-DAC-EXAMPLE-DONOR-" + project.getKey())).as(project.getKey())
                    .isEqualTo(project.getValue());
        }
    }

    /** Per indicator and reporting period: the target, what was achieved in the period and by its end. */
    private static void sameAsTheDashboards(String id, JsonNode view,
                                            Map<String, Map<String, IatiFile.Period>> file) {
        assertThat(file.keySet()).as(id).hasSize(view.path("indicators").size());
        for (JsonNode indicator : view.path("indicators")) {
            String indicatorId = indicator.path("indicatorId").asText();
            Map<String, IatiFile.Period> periods = file.get(indicatorId);
            assertThat(periods).as(id + " / " + indicatorId).isNotNull();
            List<String> shown = new ArrayList<>();
            for (JsonNode period : indicator.at("/progress/byPeriod")) {
                String periodId = period.path("periodId").asText();
                shown.add(periodId);
                IatiFile.Period there = periods.get(periodId);
                String what = id + " / " + indicatorId + " / " + periodId;
                assertThat(there).as(what).isNotNull();
                assertThat(there.target()).as(what + " target")
                        .isEqualTo(period.path("target").isNull() ? null : period.path("target").asDouble());
                if (there.actual() == null) {
                    assertThat(period.path("achieved").asDouble()).as(what).isZero();
                } else {
                    assertThat(there.actual()).as(what + " achieved").isCloseTo(period.path("achieved").asDouble(),
                            org.assertj.core.data.Offset.offset(1e-9));
                    assertThat(there.cumulative()).as(what + " cumulative").isCloseTo(period.path("cumulative")
                            .asDouble(), org.assertj.core.data.Offset.offset(1e-9));
                }
            }
            assertThat(List.copyOf(periods.keySet()))
                    .as(id + " / " + indicatorId + ": the periods and outside months the dashboards show").isEqualTo(shown);
        }
    }

    @Test
    void loadingTheDemoDataAgainRecordsNothingNew() throws Exception {
        assertThat(new DemoData(clients()).load(kronika().commandServiceUrl())).isZero();
    }

    @Test
    void bothServicesReportHealthAndPrometheusMetrics() throws Exception {
        for (String service : List.of(kronika().commandServiceUrl(), kronika().queryServiceUrl())) {
            assertThat(getJson(service + "/actuator/health").path("status").asText()).isEqualTo("UP");
            var metrics = http.send(HttpRequest.newBuilder(URI.create(service + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        }
        var query = http.send(HttpRequest.newBuilder(URI.create(kronika().queryServiceUrl() + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(query).contains("kronika_projection_events_total");
        var command = http.send(HttpRequest.newBuilder(URI.create(kronika().commandServiceUrl()
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(command).contains("kronika_publisher_lag_seconds");

        // Every metric an alert rule or a dashboard panel reads is one the services really export.
        Set<String> exported = new HashSet<>(metricNames(query));
        exported.addAll(metricNames(command));
        Path deploy = Path.of(System.getProperty("kronika.repository", "../..")).resolve("deploy");
        Set<String> read = new TreeSet<>();
        Map<String, Object> rules = new Yaml().load(
                Files.readString(deploy.resolve("prometheus/kronika-rules.yml")));
        for (JsonNode expr : json.valueToTree(rules).findValues("expr")) {
            read.addAll(PromQl.metricNames(expr.asText()));
        }
        for (JsonNode target : json.readTree(deploy.resolve("grafana/dashboards/kronika.json").toFile()).findValues("expr")) {
            read.addAll(PromQl.metricNames(target.asText()));
        }
        read.remove("up"); // Prometheus' own, for every scrape
        assertThat(read).as("metrics the rules and the dashboard read").hasSizeGreaterThan(15);
        assertThat(exported).containsAll(read);
    }

    /** The metric names in a Prometheus text exposition, without the suffixes of a histogram's series. */
    private static Set<String> metricNames(String exposition) {
        Set<String> names = new HashSet<>();
        exposition.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .forEach(line -> names.add(line.split("[{ ]", 2)[0]));
        return names;
    }

    /** Logframe commands as the programme admin, everything else as the recorder of the project's organisation. */
    private HttpResponse<String> post(String path, Map<String, ?> body) throws Exception {
        return postAs(path.equals("/api/projects") ? "admin-demo" : "recorder-kec", path, body);
    }

    private HttpResponse<String> postAs(String client, String path, Map<String, ?> body) throws Exception {
        return http.send(request(client, path, body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** As {@link #postAs(String, String, Map)}, applied only if the project is still at {@code version}. */
    private HttpResponse<String> postAs(String client, String path, Map<String, ?> body, long version) throws Exception {
        return http.send(request(client, path, body).header("If-Match", "\"" + version + "\"").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String client, String path, Map<String, ?> body) throws Exception {
        return HttpRequest.newBuilder(URI.create(kronika().commandServiceUrl() + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + clients().token(client))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
    }

    /** Reads as an auditor, who may read everything. */
    private JsonNode getJson(String url) throws Exception {
        return getJson(url, clients().token("auditor-demo"));
    }

    private byte[] getBytes(String url) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + clients().token("auditor-demo")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }

    private JsonNode getJson(String url, String token) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? json.readTree(response.body()) : null;
    }

    private long rowsInEventStore(String projectId) throws Exception {
        try (var connection = DriverManager.getConnection(kronika().postgresUrl(), postgresUser(), postgresPassword());
             var query = connection.prepareStatement("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")) {
            query.setString(1, projectId);
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long recordsOnTopic(String projectId) {
        return TopicRecords.all(kronika().kafkaBootstrapServers(), TOPIC, Duration.ofSeconds(20)).stream()
                .filter(r -> projectId.equals(r.key()))
                .map(r -> new String(r.headers().lastHeader("ce_sequence").value(), StandardCharsets.UTF_8))
                .distinct().count();
    }
}
