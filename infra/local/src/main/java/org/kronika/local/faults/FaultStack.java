package org.kronika.local.faults;

import org.kronika.infra.embedded.LocalTokens;
import org.kronika.infra.embedded.Ports;
import org.kronika.infra.embedded.PostgresServer;
import org.kronika.local.CheckpointKey;
import org.kronika.local.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole of Kronika with every part within reach of a fault: PostgreSQL (stopped and started on its data), the
 * Kafka broker and the MongoDB stand-in each in a process of its own (killed, frozen), and the authorization
 * server and both services as the jars that run in production (killed with SIGKILL, started again).
 */
public final class FaultStack implements AutoCloseable {

    public static final String TOPIC = "kronika.project-events";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);

    /** The executable jars of the three services. */
    public record Jars(Path authServer, Path commandService, Path queryService) {
    }

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private PostgresServer postgres;
    private KafkaProcess kafka;
    private MongoProcess mongo;
    private ServiceProcess authServer;
    private ServiceProcess commandService;
    private ServiceProcess queryService;
    private LocalTokens tokens;

    private FaultStack() {
    }

    /**
     * @param serviceEnvironment added to both services' environment, over the addresses of the parts started here
     */
    public static FaultStack start(Path work, Jars jars, Map<String, String> serviceEnvironment)
            throws IOException, InterruptedException {
        FaultStack stack = new FaultStack();
        try {
            stack.startAll(work, jars, serviceEnvironment);
            return stack;
        } catch (IOException | InterruptedException | RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Path work, Jars jars, Map<String, String> serviceEnvironment)
            throws IOException, InterruptedException {
        Path logs = work.resolve("logs");
        postgres = remember(PostgresServer.start(work.resolve("postgres"), 0, "kronika"));
        kafka = remember(KafkaProcess.start(work.resolve("kafka"), logs));
        mongo = remember(MongoProcess.start(logs));
        int authPort = Ports.free();
        String issuer = "http://localhost:" + authPort;
        Files.createDirectories(work.resolve("auth"));
        authServer = remember(ServiceProcess.start("auth-server", jars.authServer(), authPort,
                Map.of("KRONIKA_AUTH_ISSUER", issuer, "KRONIKA_AUTH_KEY_FILE", work.resolve("auth/jwks.json").toString()),
                logs, "--spring.profiles.active=demo"));
        authServer.awaitHealthy("/oauth2/jwks", START_TIMEOUT);

        Map<String, String> environment = new HashMap<>();
        environment.put("KRONIKA_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        environment.put("KRONIKA_POSTGRES_URL", postgres.jdbcUrl());
        environment.put("KRONIKA_POSTGRES_USER", postgres.username());
        environment.put("KRONIKA_POSTGRES_PASSWORD", postgres.password());
        environment.put("KRONIKA_MONGODB_URI", mongo.connectionString("kronika"));
        environment.put("KRONIKA_JWT_ISSUER", issuer);
        environment.put("KRONIKA_JWT_JWKS_URI", issuer + "/oauth2/jwks");
        // The command service signs checkpoints and refuses to start without a key: one of this stack's own.
        environment.putAll(CheckpointKey.createdIn(work.resolve("checkpoints/signing-key.jwk")));
        environment.putAll(serviceEnvironment);
        commandService = remember(ServiceProcess.start("command-service", jars.commandService(), Ports.free(),
                environment, logs));
        queryService = remember(ServiceProcess.start("query-service", jars.queryService(), Ports.free(), environment,
                logs));
        commandService.awaitHealthy(START_TIMEOUT);
        queryService.awaitHealthy(START_TIMEOUT);
        tokens = new LocalTokens(authServer.baseUrl());
    }

    private <T extends AutoCloseable> T remember(T part) {
        started.push(part);
        return part;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaProcess kafka() {
        return kafka;
    }

    public MongoProcess mongo() {
        return mongo;
    }

    public ServiceProcess authServer() {
        return authServer;
    }

    public ServiceProcess commandService() {
        return commandService;
    }

    public ServiceProcess queryService() {
        return queryService;
    }

    /** Tokens of the demo clients, fetched once and kept, as a client keeps the token it was given. */
    public LocalTokens tokens() {
        return tokens;
    }

    public Connection eventStore() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), postgres.password());
    }

    /** Kills a service and starts it again, returning once it is healthy. */
    public void killAndRestart(ServiceProcess service) throws IOException, InterruptedException {
        service.kill();
        restart(service);
    }

    public void restart(ServiceProcess service) throws IOException, InterruptedException {
        service.restart();
        service.awaitHealthy(service == authServer ? "/oauth2/jwks" : "/actuator/health", START_TIMEOUT);
    }

    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                // everything else still has to stop
            }
        }
    }
}
