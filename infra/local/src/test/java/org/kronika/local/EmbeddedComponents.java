package org.kronika.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded PostgreSQL, Kafka broker, MongoDB stand-in and authorization server, for tests that start and stop
 * the services themselves (several instances, a killed one, a runbook). Closing it stops everything it started,
 * services included, the last started first.
 */
final class EmbeddedComponents implements AutoCloseable {

    static final Duration START = Duration.ofSeconds(300);
    private static final Logger log = LoggerFactory.getLogger(EmbeddedComponents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    final KafkaBroker kafka;
    final PostgresServer postgres;
    final MongoStandIn mongo;
    final LocalTokens tokens;
    private final Map<String, String> environment = new HashMap<>();
    /** The folder the components and services keep their files in; the caller removes it. */
    final Path work;
    private final Path logs;
    private final Deque<AutoCloseable> started;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmbeddedComponents(KafkaBroker kafka, PostgresServer postgres, MongoStandIn mongo, ServiceProcess auth,
                               Path work, Path logs, Deque<AutoCloseable> started) {
        this.kafka = kafka;
        this.postgres = postgres;
        this.mongo = mongo;
        this.work = work;
        this.logs = logs;
        this.started = started;
        this.tokens = new LocalTokens(auth.baseUrl());
        environment.put("KRONIKA_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("KRONIKA_POSTGRES_URL", postgres.jdbcUrl());
        environment.put("KRONIKA_POSTGRES_USER", postgres.username());
        environment.put("KRONIKA_POSTGRES_PASSWORD", postgres.password());
        environment.put("KRONIKA_MONGODB_URI", mongo.connectionString("kronika"));
        environment.put("KRONIKA_JWT_ISSUER", auth.baseUrl());
        environment.put("KRONIKA_JWT_JWKS_URI", auth.baseUrl() + "/oauth2/jwks");
        // Every command-service instance signs checkpoints with the same key, created by the first, as run-local does.
        environment.putAll(CheckpointKey.createdIn(work.resolve("checkpoints-key.json")));
    }

    static EmbeddedComponents start(Path work) throws IOException, InterruptedException {
        Path logs = work.resolve("logs");
        Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            KafkaBroker kafka = KafkaBroker.at(work.resolve("kafka"), 0).start();
            started.push(kafka);
            PostgresServer postgres = PostgresServer.start(null, 0, "kronika");
            started.push(postgres);
            MongoStandIn mongo = MongoStandIn.start(Ports.free());
            started.push(mongo);
            int authPort = Ports.free();
            ServiceProcess auth = ServiceProcess.start("auth-server", jar("auth-server"), authPort,
                    Map.of("KRONIKA_AUTH_ISSUER", "http://localhost:" + authPort,
                            "KRONIKA_AUTH_KEY_FILE", work.resolve("jwks.json").toString()),
                    logs, "--spring.profiles.active=demo");
            started.push(auth);
            auth.awaitHealthy("/oauth2/jwks", START);
            return new EmbeddedComponents(kafka, postgres, mongo, auth, work, logs, started);
        } catch (IOException | InterruptedException | RuntimeException e) {
            stopAll(started);
            throw e;
        }
    }

    /** Starts an instance of a service ("command-service", "query-service") on these components; not yet ready. */
    ServiceProcess startService(String instanceName, String service) throws IOException {
        return startService(instanceName, service, Map.of());
    }

    /** The same, with variables added to (or replacing) the ones every instance gets. */
    ServiceProcess startService(String instanceName, String service, Map<String, String> variables) throws IOException {
        Map<String, String> merged = new HashMap<>(environment);
        merged.putAll(variables);
        ServiceProcess process = ServiceProcess.start(instanceName, jar(service), Ports.free(), merged, logs);
        started.push(process);
        return process;
    }

    /** The variables every service instance gets: the components' addresses, the checkpoint key. */
    Map<String, String> environment() {
        return Map.copyOf(environment);
    }

    /**
     * Runs a service's jar as an operator's command line ({@code java -jar <jar> args}) with these components'
     * variables: its exit code, and what it printed.
     */
    CommandLine runJar(String service, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar(service).toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = process.waitFor();
        log.info("{} {} exited {}:\n{}", service, String.join(" ", args), exit, output);
        return new CommandLine(exit, output);
    }

    record CommandLine(int exit, String output) {
    }

    /** Any request as one of the demo clients (null: none), with an Accept header (null: any). */
    HttpResponse<String> send(ServiceProcess service, String client, String method, String path, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (client != null) {
            request.header("Authorization", "Bearer " + tokens.token(client));
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends a command as one of the demo clients; an instance that is down throws IOException. */
    HttpResponse<String> post(ServiceProcess service, String client, String path, Map<String, ?> body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.token(client))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A query as the auditor: the answer, or null unless it is 200. */
    JsonNode get(ServiceProcess service, String path) throws IOException, InterruptedException {
        var response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + tokens.token("auditor-demo")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    /** A gauge or counter from the service's Prometheus scrape, the first series of that name. */
    long metric(ServiceProcess service, String name) throws IOException, InterruptedException {
        String scrape = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString()).body();
        return scrape.lines().filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " on " + service.baseUrl()));
    }

    /** The body registering a project of the demo recorder's organisation, KOMF. */
    static Map<String, Object> registration(String projectId, String title) {
        return Map.of("projectId", projectId, "organisationId", "komf", "organisation", "KOMF", "title", title,
                "municipalities", List.of("Prishtinë", "Gjilan"), "startDate", "2024-01-01", "endDate", "2025-12-31");
    }

    /** The body of a training-delivered activity. */
    static Map<String, Object> training(String activityId, int participants) {
        int female = participants / 2;
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("activityId", activityId);
        training.put("title", "Case management");
        training.put("occurredOn", "2024-03-12");
        training.put("municipality", "Gjilan");
        training.put("sessions", 1);
        training.put("participants", Map.of("total", participants,
                "bySex", Map.of("female", female, "male", participants - female)));
        return training;
    }

    @Override
    public void close() {
        stopAll(started);
    }

    private static void stopAll(Deque<AutoCloseable> started) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                log.warn("Could not stop a component: {}", e.getMessage());
            }
        }
    }

    private static Path jar(String service) {
        Path jar = Path.of(System.getProperty("kronika." + service + ".jar"));
        assertThat(jar).as("built by the reactor before this module's tests (run ./mvnw verify)").exists();
        return jar;
    }
}
