package org.kronika.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kronika.local.faults.CommandLoad;
import org.kronika.local.faults.FaultStack;
import org.kronika.local.faults.Ledger;
import org.kronika.local.faults.Projects;
import org.kronika.local.faults.Reconciliation;
import org.kronika.verifier.VerifyCli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults injected into the running system, one at a time, while clients record: the real PostgreSQL, Kafka broker
 * and MongoDB stand-in, and the services as the jars that run in production, each part in a process of its own
 * where the fault needs it. After each fault the four stores are compared ({@link Reconciliation}): every command
 * answered 2xx is stored, published and projected, none of them twice. One stack for the whole class; every fault
 * is healed before the next.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTest {

    /** The services fetch the issuer's keys again after this; the outage of the authorization server outlasts it. */
    private static final Duration KEYS_CACHED = Duration.ofSeconds(2);
    private static final Duration SETTLE = Duration.ofMinutes(2);
    private static final Duration CATCH_UP = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final WorkDirectory work = new WorkDirectory("kronika-faults");

    private static FaultStack stack;
    private static final AtomicInteger scenarios = new AtomicInteger();
    private static Scenario current;
    private static final Ledger run = new Ledger();
    private static final List<String> runProjects = new ArrayList<>();
    private static final Map<Reconciliation, Duration> results = new LinkedHashMap<>();

    private record Scenario(String name, List<String> projects, Ledger ledger, CommandLoad load, Instant started) {
    }

    @BeforeAll
    static void start() throws Exception {
        stack = FaultStack.start(work.path(), new FaultStack.Jars(
                        Path.of(System.getProperty("kronika.auth-server.jar")),
                        Path.of(System.getProperty("kronika.command-service.jar")),
                        Path.of(System.getProperty("kronika.query-service.jar"))),
                Map.of("KRONIKA_JWT_JWKS_CACHE_TTL", KEYS_CACHED.toSeconds() + "s"));
    }

    /** A failed fault must not leave its clients writing into the next one. */
    @AfterEach
    void stopTheClients() throws InterruptedException {
        if (current != null) {
            current.load().stop();
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (stack != null) {
            stack.close();
        }
        StringBuilder report = new StringBuilder("Fault suite, " + Instant.now() + "\n\n" + Reconciliation.tableHeader());
        results.keySet().forEach(r -> report.append(r.tableRow()));
        report.append("\nSeconds per fault, load and reconciliation included: ");
        results.forEach((r, took) -> report.append(r.fault()).append(' ').append(took.toSeconds()).append("; "));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/fault-results.md"), report + "\n");
        System.out.println(report);
    }

    @Test
    @Order(1)
    void thirtyTwoWritersOnOneProjectSomeWithIfMatchNeverForkItsHistory() throws Exception {
        Scenario s = scenario("32 concurrent writers, half with If-Match", 1);
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        ExecutorService writers = Executors.newFixedThreadPool(32);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 32; w++) {
            boolean withIfMatch = w % 2 == 0;
            done.add(writers.submit(() -> {
                String ifMatch = null;
                for (int i = 0; i < 10; i++) {
                    HttpResponse<String> answer = s.load().send(s.load().next(), ifMatch);
                    int status = answer == null ? 0 : answer.statusCode();
                    statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
                    if (withIfMatch && answer != null) {
                        // As a careful client: the version it was told, or the one the refusal names.
                        JsonNode body = JSON.readTree(answer.body());
                        ifMatch = "\"" + (status == 412 ? body.path("currentVersion").asLong()
                                : body.path("version").asLong()) + "\"";
                    }
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        writers.shutdown();

        System.out.println("32 writers on one project, answers by status: " + statuses);
        assertThat(statuses.keySet()).as("only recorded (201) or refused as stale (412): " + statuses)
                .isSubsetOf(201, 412);
        assertThat(statuses.get(201).get()).isEqualTo(s.ledger().count(Ledger.Outcome.ACKNOWLEDGED));
        reconcile(s);
    }

    @Test
    @Order(2)
    void tokensAlreadyIssuedKeepWorkingWhileTheAuthorizationServerIsDown() throws Exception {
        Scenario s = scenario("authorization server killed", 2);
        String auditor = stack.tokens().token("auditor-demo");
        s.load().start(2, Duration.ofMillis(20));
        awaitAcknowledged(s, 10);

        stack.authServer().kill();
        long before = s.ledger().count(Ledger.Outcome.ACKNOWLEDGED);
        // Several times longer than the services cache the keys: every lookup meets the outage.
        await().during(KEYS_CACHED.multipliedBy(4)).atMost(KEYS_CACHED.multipliedBy(8))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status(stack.queryService().baseUrl() + "/api/projects/" + s.projects().get(0), auditor) == 200
                        && s.ledger().all().stream().noneMatch(c -> c.status() == 401));
        assertThat(s.ledger().count(Ledger.Outcome.ACKNOWLEDGED)).as("recorded while the issuer was away")
                .isGreaterThan(before + 10);
        stack.restart(stack.authServer());

        s.load().stop();
        reconcile(s);
    }

    @Test
    @Order(3)
    void kafkaStoppedWhileCommandsArrive() throws Exception {
        whileClientsWrite(scenario("Kafka stopped while commands arrive", 4), 2, Duration.ofMillis(10), () -> {
            stack.kafka().stop();
            // The query side says so, and keeps saying so while Kafka is away: between two failed attempts to
            // read, a consumer that could not join the group polled nothing without an error and showed UP.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                    queryHealth().at("/components/projection/status").asText().equals("DOWN"));
            await().during(Duration.ofSeconds(20)).atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(500))
                    .until(() -> queryHealth().at("/components/projection/status").asText().equals("DOWN"));
        }, () -> stack.kafka().start());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> !queryHealth().path("status").asText().equals("DOWN"));
    }

    @Test
    @Order(4)
    void kafkaKilledInTheMiddleOfPublishing() throws Exception {
        // Clients as fast as they can: the publisher always has a batch on its way when the broker dies.
        whileClientsWrite(scenario("Kafka killed (SIGKILL) while publishing", 4), 4, Duration.ZERO,
                () -> stack.kafka().kill(), () -> stack.kafka().start());
    }

    @Test
    @Order(5)
    void postgresStoppedCommandsAre503WithinASecondAndRecoverByThemselves() throws Exception {
        Scenario s = scenario("PostgreSQL stopped", 2);
        String auditor = stack.tokens().token("auditor-demo");
        List<Duration> answeredIn = new ArrayList<>();
        // What the query side is to keep answering: the project, once it has reached the read models.
        await().atMost(CATCH_UP).pollInterval(Duration.ofMillis(250)).until(() -> status(
                stack.queryService().baseUrl() + "/api/projects/" + s.projects().get(0), auditor) == 200);

        stack.postgres().stop();
        try {
            for (int i = 0; i < 10; i++) {
                long started = System.nanoTime();
                HttpResponse<String> refused = s.load().send(s.load().next());
                answeredIn.add(Duration.ofNanos(System.nanoTime() - started));
                assertThat(refused).isNotNull();
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
            }
            assertThat(status(stack.queryService().baseUrl() + "/api/projects/" + s.projects().get(0), auditor))
                    .as("the query side keeps answering").isEqualTo(200);
        } finally {
            stack.postgres().start();
        }
        assertThat(answeredIn).as("each 503 within a second").allMatch(d -> d.compareTo(Duration.ofSeconds(1)) < 0);

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            HttpResponse<String> answer = s.load().send(s.load().next());
            return answer != null && answer.statusCode() == 201;
        });
        reconcile(s);
    }

    @Test
    @Order(6)
    void mongoFrozenFor30SecondsPausesTheQuerySideWhichSaysSoAndResumes() throws Exception {
        Scenario s = scenario("MongoDB stand-in frozen (SIGSTOP) 30 s", 3);
        s.load().start(2, Duration.ofMillis(20));
        awaitAcknowledged(s, 20);

        Instant frozen = Instant.now();
        stack.mongo().pause();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode health = queryHealth();
                return health.path("status").asText().equals("DOWN")
                        && health.at("/components/readStore/status").asText().equals("DOWN");
            });
            long before = s.ledger().count(Ledger.Outcome.ACKNOWLEDGED);
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Duration.between(frozen, Instant.now()).compareTo(Duration.ofSeconds(30)) >= 0);
            assertThat(s.ledger().count(Ledger.Outcome.ACKNOWLEDGED)).as("commands go on meanwhile")
                    .isGreaterThan(before);
        } finally {
            stack.mongo().resume();
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> !queryHealth().path("status").asText().equals("DOWN"));

        s.load().stop();
        reconcile(s);
    }

    @Test
    @Order(7)
    void queryServiceKilledInTheMiddleOfTheStreamAndStartedAgain() throws Exception {
        whileClientsWrite(scenario("query service killed (SIGKILL) mid-stream", 4), 2, Duration.ofMillis(10),
                () -> stack.queryService().kill(), () -> stack.restart(stack.queryService()));
    }

    @Test
    @Order(8)
    void commandServiceKilledUnderLoadLeavesNothingHalfStoredAndRetriesRecordOnce() throws Exception {
        Scenario s = scenario("command service killed (SIGKILL) under load", 4);
        s.load().start(4, Duration.ZERO);
        awaitAcknowledged(s, 100);

        stack.commandService().kill();
        s.load().stop();
        Reconciliation.InFlight inFlight = Reconciliation.inFlight(stack, s.projects(), s.ledger());
        System.out.println("Commands without an answer at the kill: " + inFlight);
        assertThat(inFlight.halfStored()).as("events and Idempotency-Key stored together or not at all").isZero();

        stack.restart(stack.commandService());
        reconcile(s);
    }

    /**
     * The publisher's position lost (its token deleted, as when the topic is re-published): every event of the
     * run is delivered again. The read models must not count any of them twice.
     */
    @Test
    @Order(9)
    void everyEventOfTheRunDeliveredAgainIsAppliedOnce() throws Exception {
        Scenario s = scenario("every event delivered again", 2);
        s.load().start(2, Duration.ofMillis(20));
        awaitAcknowledged(s, 20);
        s.load().stop();
        s.load().settle(SETTLE);

        stack.commandService().close();
        try (var connection = stack.eventStore()) {
            connection.createStatement().executeUpdate("DELETE FROM tokenentry WHERE processorname = 'kafka-publisher'");
        }
        stack.restart(stack.commandService());

        run.addAll(s.ledger());
        runProjects.addAll(s.projects());
        long stored = storedEvents(runProjects);
        await().atMost(CATCH_UP).pollInterval(Duration.ofSeconds(5))
                .until(() -> recordsOnTopic(runProjects) >= 2 * stored);
        Reconciliation all = Reconciliation.of("every event of the run delivered again", stack, runProjects, run,
                CATCH_UP);
        results.put(all, Duration.between(s.started(), Instant.now()));
        assertThat(all.holds()).as(all.toString()).isTrue();
        assertThat(all.publishedRecords()).as("every event on the topic at least twice")
                .isGreaterThanOrEqualTo(2 * all.stored());
    }

    private interface Step {
        void run() throws Exception;
    }

    /**
     * Clients write; once 50 commands are acknowledged the fault strikes; it is healed once 50 more were
     * acknowledged meanwhile; then the stores are compared.
     */
    private static void whileClientsWrite(Scenario s, int writers, Duration pace, Step fault, Step heal)
            throws Exception {
        s.load().start(writers, pace);
        awaitAcknowledged(s, 50);
        fault.run();
        try {
            awaitAcknowledged(s, s.ledger().count(Ledger.Outcome.ACKNOWLEDGED) + 50);
        } finally {
            heal.run();
        }
        s.load().stop();
        reconcile(s);
    }

    private static Scenario scenario(String name, int projects) throws Exception {
        String prefix = "f" + scenarios.incrementAndGet();
        List<String> ids = Projects.register(stack, prefix, projects);
        Ledger ledger = new Ledger();
        current = new Scenario(name, ids, ledger, new CommandLoad(stack.commandService().baseUrl(),
                () -> stack.tokens().token("recorder-kec"), ids, ledger, prefix + "c"), Instant.now());
        return current;
    }

    private static void reconcile(Scenario s) throws Exception {
        s.load().settle(SETTLE);
        run.addAll(s.ledger());
        runProjects.addAll(s.projects());
        Reconciliation result = Reconciliation.of(s.name(), stack, s.projects(), s.ledger(), CATCH_UP);
        results.put(result, Duration.between(s.started(), Instant.now()));
        System.out.println(result);
        assertThat(result.holds()).as(result.toString()).isTrue();
        assertThat(result.stored()).isEqualTo(result.acknowledged());
    }

    private static long storedEvents(List<String> projects) throws Exception {
        try (var connection = stack.eventStore();
             var query = connection.prepareStatement("SELECT count(*) FROM domainevententry "
                     + "WHERE aggregateidentifier = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("varchar", projects.toArray()));
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long recordsOnTopic(List<String> projects) {
        Map<String, Long> records = VerifyCli.scan(stack.kafka().bootstrapServers(), FaultStack.TOPIC, null).records();
        return projects.stream().mapToLong(p -> records.getOrDefault(p, 0L)).sum();
    }

    private static void awaitAcknowledged(Scenario s, long count) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .until(() -> s.ledger().count(Ledger.Outcome.ACKNOWLEDGED) >= count);
    }

    private static JsonNode queryHealth() throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(stack.queryService().baseUrl()
                        + "/actuator/health")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static int status(String url, String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
