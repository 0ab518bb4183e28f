package org.kronika.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kronika.infra.embedded.KafkaBroker;
import org.kronika.infra.embedded.LocalTokens;
import org.kronika.infra.embedded.MongoStandIn;
import org.kronika.infra.embedded.Ports;
import org.kronika.infra.embedded.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two command-service and two query-service processes on one PostgreSQL, one Kafka broker and one MongoDB, under
 * mixed load sent to both instances of each, commands for the same projects arriving at both. In the middle, the
 * command-service instance that publishes and one query-service instance are killed with SIGKILL. Then every
 * acknowledged command is in the event store, no project's history forks, every event is on the topic in order
 * (repeats identical), the chains verify, every event is projected once, and two query-service instances answer
 * alike.
 */
class SeveralInstancesTest {

    private static final Logger log = LoggerFactory.getLogger(SeveralInstancesTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(300);
    private static final String TOPIC = "kronika.project-events";
    private static final int PROJECTS = 4;
    private static final int CLIENTS = 4;
    private static final int COMMANDS_PER_CLIENT = 40;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private LocalTokens tokens;

    /** A command the service answered with 2xx: its project, the version it answered, and its activity. */
    record Acknowledged(String projectId, long version, String activityId, String kind) {
    }

    @AfterEach
    void stopEverything() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.warn("Could not stop a component: {}", e.getMessage());
            }
        }
    }

    @Test
    void mixedLoadOnTwoInstancesOfEachServiceSurvivesTheKillOfOneOfEach() throws Exception {
        Path work = Files.createTempDirectory("kronika-instances");
        Path logs = work.resolve("logs");
        KafkaBroker kafka = remember(KafkaBroker.at(work.resolve("kafka"), 0).start());
        PostgresServer postgres = remember(PostgresServer.start(null, 0, "kronika"));
        MongoStandIn mongo = remember(MongoStandIn.start(Ports.free()));
        int authPort = Ports.free();
        String issuer = "http://localhost:" + authPort;
        ServiceProcess auth = remember(ServiceProcess.start("auth-server", jar("auth-server"), authPort,
                Map.of("KRONIKA_AUTH_ISSUER", issuer, "KRONIKA_AUTH_KEY_FILE", work.resolve("jwks.json").toString()),
                logs, "--spring.profiles.active=demo"));
        Map<String, String> env = new HashMap<>();
        env.put("KRONIKA_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("KRONIKA_POSTGRES_URL", postgres.jdbcUrl());
        env.put("KRONIKA_POSTGRES_USER", postgres.username());
        env.put("KRONIKA_POSTGRES_PASSWORD", postgres.password());
        env.put("KRONIKA_MONGODB_URI", mongo.connectionString("kronika"));
        env.put("KRONIKA_JWT_ISSUER", issuer);
        env.put("KRONIKA_JWT_JWKS_URI", issuer + "/oauth2/jwks");
        auth.awaitHealthy("/oauth2/jwks", START);
        // The first instance creates the schema and the topic before the others start on them.
        ServiceProcess command1 = remember(ServiceProcess.start("command-service-1", jar("command-service"),
                Ports.free(), env, logs));
        command1.awaitHealthy(START);
        ServiceProcess command2 = remember(ServiceProcess.start("command-service-2", jar("command-service"),
                Ports.free(), env, logs));
        ServiceProcess query1 = remember(ServiceProcess.start("query-service-1", jar("query-service"), Ports.free(), env, logs));
        ServiceProcess query2 = remember(ServiceProcess.start("query-service-2", jar("query-service"), Ports.free(), env, logs));
        for (ServiceProcess service : List.of(command2, query1, query2)) {
            service.awaitHealthy(START);
        }
        tokens = new LocalTokens(auth.baseUrl());

        List<ServiceProcess> commands = List.of(command1, command2);
        List<String> projects = new ArrayList<>();
        for (int p = 0; p < PROJECTS; p++) {
            String projectId = "instances-" + p;
            var registered = post(commands.get(p % 2), "admin-demo", "/api/projects", Map.of("projectId", projectId,
                    "organisationId", "komf", "organisation", "KOMF", "title", "Project " + p,
                    "municipalities", List.of("Prishtinë", "Gjilan"), "startDate", "2024-01-01", "endDate", "2025-12-31"));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            projects.add(projectId);
        }

        // Mixed load: every client records and corrects activities of every project, alternating between the two
        // command-service instances, while readers ask both query-service instances.
        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger conflicts = new AtomicInteger();
        ServiceProcess[] liveCommands = {command1, command2};
        CountDownLatch halfway = new CountDownLatch(CLIENTS * COMMANDS_PER_CLIENT / 2);
        ExecutorService load = Executors.newFixedThreadPool(CLIENTS + 1);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(load.submit(() -> {
                for (int i = 0; i < COMMANDS_PER_CLIENT; i++) {
                    String projectId = projects.get((client + i) % PROJECTS);
                    // Every eighth command corrects the activity this client recorded four commands before, in the
                    // same project (that one was never itself a correction).
                    boolean correction = i % 8 == 7;
                    String activityId = "a-" + client + "-" + (correction ? i - PROJECTS : i);
                    String path = correction ? "/api/projects/" + projectId + "/activities/" + activityId + "/corrections"
                            : "/api/projects/" + projectId + "/activities/training-delivered";
                    Map<String, Object> body = correction
                            ? Map.of("reason", "Attendance sheet recounted", "corrected", training(activityId, 12 + i))
                            : training(activityId, 10 + i);
                    send(liveCommands, (client + i) % 2, path, body, projectId, activityId,
                            correction ? "corrected" : "recorded", acknowledged, conflicts);
                    halfway.countDown();
                }
                return null;
            }));
        }
        AtomicBoolean loading = new AtomicBoolean(true);
        ServiceProcess[] liveQueries = {query1, query2};
        load.submit(() -> {
            while (loading.get()) {
                for (ServiceProcess query : liveQueries) {
                    for (String projectId : projects) {
                        try {
                            get(query, "/api/projects/" + projectId);
                        } catch (IOException killed) {
                            // the killed instance no longer answers
                        }
                    }
                }
            }
            return null;
        });

        assertThat(halfway.await(240, TimeUnit.SECONDS)).as("half the load sent").isTrue();
        int publisherIndex = await().atMost(Duration.ofSeconds(30)).until(() -> publisherOwner(postgres, commands),
                owner -> owner >= 0);
        ServiceProcess publisher = commands.get(publisherIndex);
        long positionAtKill = metric(commands.get(1 - publisherIndex), "kronika_publisher_position");
        long killedAt = System.nanoTime();
        publisher.kill();
        liveCommands[publisherIndex] = commands.get(1 - publisherIndex);
        query1.kill();
        liveQueries[0] = query2;
        log.info("Killed {} (the publisher) and query-service-1 at publisher position {}", publisherIndex + 1,
                positionAtKill);

        ServiceProcess survivor = commands.get(1 - publisherIndex);
        // Failover: the survivor claims the publisher's segment once the dead owner's claim expires (8 s, claimed
        // every second: application.yml), with room for a machine busy with other builds.
        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(200))
                .until(() -> publisherOwner(postgres, commands) == 1 - publisherIndex);
        log.info("Publishing taken over after {} ms", (System.nanoTime() - killedAt) / 1_000_000);

        for (Future<?> client : clients) {
            client.get(240, TimeUnit.SECONDS);
        }
        loading.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> metric(survivor, "kronika_publisher_lag_events") == 0);

        // Stored: every acknowledged command's event is where its answer said, and no project forked.
        Map<String, List<String>> stored = storedEvents(postgres);
        for (Acknowledged ack : acknowledged) {
            List<String> events = stored.get(ack.projectId());
            assertThat(events.size()).as("%s stored", ack).isGreaterThan((int) ack.version());
            assertThat(events.get((int) ack.version())).as("%s is the event at its version", ack)
                    .contains("\"activityId\":\"" + ack.activityId() + "\"");
        }
        assertThat(acknowledged).hasSizeGreaterThan(CLIENTS * COMMANDS_PER_CLIENT / 2);

        // Published: every stored event on the topic, each project's in order; a repeat is the same record.
        Map<String, List<String>> published = publishedEventIds(kafka.bootstrapServers());
        for (String projectId : projects) {
            assertThat(published.get(projectId)).as(projectId + " on the topic, in order, each once after dropping repeats")
                    .containsExactlyElementsOf(storedIds(postgres, projectId));
        }

        // Chain-verified, by the auditors' command-line verifier.
        var out = new java.io.ByteArrayOutputStream();
        int exit = org.kronika.verifier.VerifyCli.run(new String[]{"--kafka", kafka.bootstrapServers()},
                new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("OK"))).hasSize(PROJECTS);

        // Projected once, and a query-service instance started after the kill answers as the survivor does.
        ServiceProcess query3 = remember(ServiceProcess.start("query-service-3", jar("query-service"), Ports.free(), env,
                logs));
        query3.awaitHealthy(START);
        for (String projectId : projects) {
            int events = stored.get(projectId).size();
            long activities = stored.get(projectId).stream().filter(e -> e.startsWith("TrainingDelivered")).count();
            for (ServiceProcess query : List.of(query2, query3)) {
                JsonNode summary = await().atMost(Duration.ofSeconds(120)).until(
                        () -> get(query, "/api/projects/" + projectId),
                        s -> s != null && s.path("version").asInt() == events - 1);
                assertThat(summary.at("/totals/activities").asLong()).as(projectId).isEqualTo(activities);
                JsonNode history = get(query, "/api/projects/" + projectId + "/history?limit=500");
                assertThat(history.path("entries")).as(projectId + " history").hasSize(events);
            }
            for (String path : List.of("", "/history?limit=500", "/activities?size=200")) {
                assertThat(get(query3, "/api/projects/" + projectId + path))
                        .as("both instances answer %s%s alike", projectId, path)
                        .isEqualTo(get(query2, "/api/projects/" + projectId + path));
            }
        }
        log.info("{} commands acknowledged, {} answered 409 after retries", acknowledged.size(), conflicts.get());
    }

    /**
     * Sends a command to one instance, or to the other one when the first no longer answers (it was killed): as a
     * client behind a load balancer would. A command whose answer was lost may have been stored; sent again, the
     * activity's id makes it a repeat (409 "Already recorded"), never a second event.
     */
    private void send(ServiceProcess[] instances, int first, String path, Map<String, Object> body, String projectId,
                      String activityId, String kind, ConcurrentLinkedQueue<Acknowledged> acknowledged,
                      AtomicInteger conflicts) throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            ServiceProcess instance = instances[(first + attempt) % 2];
            HttpResponse<String> response;
            try {
                response = post(instance, "recorder-komf", path, body);
            } catch (IOException unreachable) {
                continue;
            }
            if (response.statusCode() / 100 == 2) {
                acknowledged.add(new Acknowledged(projectId, JSON.readTree(response.body()).path("version").asLong(),
                        activityId, kind));
                return;
            }
            if (attempt > 0 && (response.body().contains("Already recorded") || response.statusCode() == 422)) {
                // Sent again after an answer lost with the instance: the first one was stored.
                return;
            }
            assertThat(response.statusCode()).as("%s %s: %s", path, kind, response.body()).isIn(409, 503);
            if (response.statusCode() == 409) {
                conflicts.incrementAndGet();
            }
        }
    }

    private static Map<String, Object> training(String activityId, int total) {
        int female = total / 2;
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("activityId", activityId);
        training.put("title", "Case management");
        training.put("occurredOn", "2024-03-12");
        training.put("municipality", "Gjilan");
        training.put("sessions", 1);
        training.put("participants", Map.of("total", total, "bySex", Map.of("female", female, "male", total - female)));
        return training;
    }

    /** Which of the instances owns the publisher's segment now, by the owner its token row names (pid@host). */
    private static int publisherOwner(PostgresServer postgres, List<ServiceProcess> commands) throws Exception {
        try (Connection connection = postgres.connect();
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT owner FROM tokenentry WHERE processorname = 'kafka-publisher' AND segment = 0")) {
            String owner = rs.next() ? rs.getString(1) : null;
            for (int i = 0; i < commands.size(); i++) {
                if (owner != null && owner.startsWith(commands.get(i).pid() + "@")) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Each project's stored events in order, as "PayloadType payload". */
    private static Map<String, List<String>> storedEvents(PostgresServer postgres) throws Exception {
        Map<String, List<String>> events = new TreeMap<>();
        try (Connection connection = postgres.connect();
             ResultSet rs = connection.createStatement().executeQuery("SELECT aggregateidentifier, sequencenumber, "
                     + "payloadtype, payload FROM domainevententry ORDER BY aggregateidentifier, sequencenumber")) {
            while (rs.next()) {
                List<String> project = events.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                assertThat(rs.getLong(2)).as("%s has no gap or fork", rs.getString(1)).isEqualTo(project.size());
                String type = rs.getString(3);
                project.add(type.substring(type.lastIndexOf('.') + 1) + " "
                        + new String(rs.getBytes(4), StandardCharsets.UTF_8));
            }
        }
        return events;
    }

    private static List<String> storedIds(PostgresServer postgres, String projectId) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = postgres.connect();
             var query = connection.prepareStatement("SELECT eventidentifier FROM domainevententry "
                     + "WHERE aggregateidentifier = ? ORDER BY sequencenumber")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * Each project's event ids in the order the topic holds them, repeats dropped as a reader drops them, after
     * checking that a repeat is the same event (same sequence, same bytes, same hash).
     */
    private static Map<String, List<String>> publishedEventIds(String bootstrap) {
        Map<String, List<String>> ids = new HashMap<>();
        Map<String, String> firstSeen = new HashMap<>();
        int repeats = 0;
        for (ConsumerRecord<String, byte[]> record : TopicRecords.all(bootstrap, TOPIC, Duration.ofSeconds(60))) {
            String id = header(record, "ce_id");
            String identity = header(record, "ce_sequence") + " " + header(record, "ce_hash") + " "
                    + Arrays.hashCode(record.value());
            String before = firstSeen.putIfAbsent(id, identity);
            if (before == null) {
                ids.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(id);
            } else {
                assertThat(identity).as("a repeat of %s is the same event", id).isEqualTo(before);
                repeats++;
            }
        }
        log.info("{} events on the topic, {} repeats", firstSeen.size(), repeats);
        return ids;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static long metric(ServiceProcess service, String name) throws Exception {
        String scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString()).body();
        return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " on " + service.baseUrl()));
    }

    private HttpResponse<String> post(ServiceProcess service, String client, String path, Map<String, ?> body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.token(client))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(ServiceProcess service, String path) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.token("auditor-demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    private static Path jar(String service) {
        Path jar = Path.of(System.getProperty("kronika." + service + ".jar"));
        assertThat(jar).as("built by the reactor before this module's tests (run ./mvnw verify)").exists();
        return jar;
    }

    private <T extends AutoCloseable> T remember(T component) {
        started.push(component);
        return component;
    }
}
