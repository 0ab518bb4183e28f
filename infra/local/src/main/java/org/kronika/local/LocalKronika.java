package org.kronika.local;

import org.kronika.infra.embedded.LocalTokens;

import org.kronika.infra.embedded.KafkaBroker;
import org.kronika.infra.embedded.MongoStandIn;
import org.kronika.infra.embedded.Ports;
import org.kronika.infra.embedded.PostgresServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The whole of Kronika on one machine: a real Kafka broker (KRaft), a real PostgreSQL, the MongoDB stand-in, the
 * command and query services as child processes, and the demo data. Components whose address is configured
 * are not started; see {@link Settings}.
 */
public final class LocalKronika implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKronika.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Settings settings;
    /** Everything started, stopped in reverse: services before the stores they write to. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    /** Set when stopping begins: whatever a start still under way brings up after that is stopped at once. */
    private boolean closing;
    private final CountDownLatch startReturned = new CountDownLatch(1);
    private String postgresUser;
    private String postgresPassword;
    private String kafkaBootstrap;
    private String postgresUrl;
    private String mongoUri;
    private String jwtIssuer;
    private String jwksUri;
    private ServiceProcess authServer;
    private ServiceProcess commandService;
    private ServiceProcess queryService;

    public LocalKronika(Settings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = Settings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException | IllegalStateException e) {
            log.error("Kronika cannot start: {}", e.getMessage());
            System.exit(1);
            return;
        }
        LocalKronika kronika = new LocalKronika(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean stopAsked = new java.util.concurrent.atomic.AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopAsked.set(true);
            log.info("Stopping Kronika ...");
            kronika.close();
            // Ctrl-C during the start: the JVM ends once this hook returns, and a component the start brings up
            // after it would outlive the launcher (a PostgreSQL holding its port and data at the next start).
            kronika.awaitStartReturned(START_TIMEOUT);
            stopped.countDown();
        }, "kronika-shutdown"));
        Exception failed = null;
        try {
            kronika.start();
        } catch (Exception e) {
            failed = e;
        } finally {
            kronika.startReturned.countDown();
        }
        if (failed != null) {
            // A start cut short by Ctrl-C is no failure to report; any other is, with its reason.
            if (!stopAsked.get()) {
                log.error("Kronika failed to start: {}", reasons(failed));
            }
            System.exit(1);
        }
        kronika.printWelcome();
        stopped.await();
    }

    /** A failure's message and its causes' that it does not already say: the cause is often the reason. */
    static String reasons(Throwable failure) {
        StringBuilder text = new StringBuilder(String.valueOf(failure.getMessage()));
        Throwable cause = failure.getCause();
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            String said = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
            if (!text.toString().contains(said)) {
                text.append(" (").append(said).append(')');
            }
        }
        return text.toString();
    }

    /** Starts everything; if any part fails, what did start is stopped again before the failure is thrown. */
    public LocalKronika start() throws IOException, InterruptedException {
        try {
            startEverything();
            return this;
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private void startEverything() throws IOException, InterruptedException {
        // Checked before anything starts: a service that cannot bind its port exits only after its context has
        // started, and meanwhile whatever holds the port (another Kronika, say) would answer its health check.
        requireFree(settings.commandServicePort(), "command service", "KRONIKA_COMMAND_PORT", null);
        requireFree(settings.queryServicePort(), "query service", "KRONIKA_QUERY_PORT", null);
        startInfrastructure();
        Map<String, String> env = new HashMap<>();
        env.put("KRONIKA_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("KRONIKA_POSTGRES_URL", postgresUrl);
        env.put("KRONIKA_POSTGRES_USER", postgresUser);
        env.put("KRONIKA_POSTGRES_PASSWORD", postgresPassword);
        env.put("KRONIKA_MONGODB_URI", mongoUri);
        env.put("KRONIKA_JWT_ISSUER", jwtIssuer);
        env.put("KRONIKA_JWT_JWKS_URI", jwksUri);
        // Where an officer's review from a report's page goes, as the officer (the command service ignores it).
        env.put("KRONIKA_COMMAND_SERVICE_URL", "http://localhost:" + settings.commandServicePort());
        String keyFile = System.getenv("KRONIKA_CHECKPOINTS_KEY_FILE");
        if (keyFile == null || keyFile.isBlank()) {
            // A checkpoint key of the local system's own, created at its first start and kept with its data as the
            // local authorization server's key is; a production service refuses to start without a key file instead.
            env.putAll(CheckpointKey.createdIn(checkpointKeyFile()));
        }

        var logs = settings.dataDirectory().resolve("logs");
        commandService = remember(ServiceProcess.start("command-service", settings.commandServiceJar(),
                settings.commandServicePort(), env, logs));
        queryService = remember(ServiceProcess.start("query-service", settings.queryServiceJar(),
                settings.queryServicePort(), env, logs));
        commandService.awaitHealthy(START_TIMEOUT);
        queryService.awaitHealthy(START_TIMEOUT);

        if (settings.loadDemoData() && authServer != null) {
            new DemoData(new LocalTokens(authServer.baseUrl())).load(commandService.baseUrl());
        } else if (settings.loadDemoData()) {
            log.warn("Demo data not loaded: it is recorded by the demo clients of the local authorization server, "
                    + "and an external identity provider is configured");
        }
    }

    private void startInfrastructure() throws IOException, InterruptedException {
        var data = settings.dataDirectory();
        if (settings.jwtIssuer().isPresent()) {
            jwtIssuer = settings.jwtIssuer().get();
            jwksUri = settings.jwksUri().orElseThrow(() -> new IllegalStateException(
                    "KRONIKA_JWT_ISSUER is set: set KRONIKA_JWT_JWKS_URI to the identity provider's key set too"));
        } else {
            requireFree(settings.authPort(), "embedded authorization server", "KRONIKA_AUTH_PORT", "KRONIKA_JWT_ISSUER");
            jwtIssuer = "http://localhost:" + settings.authPort();
            jwksUri = jwtIssuer + "/oauth2/jwks";
            authServer = remember(ServiceProcess.start("auth-server", settings.authServerJar(), settings.authPort(),
                    Map.of("KRONIKA_AUTH_ISSUER", jwtIssuer, "KRONIKA_AUTH_KEY_FILE",
                            signingKeyFile().toString(),
                            // The demo sign-in returns to the dashboards exactly where they run.
                            "KRONIKA_DASHBOARD_URL", "http://localhost:" + settings.queryServicePort()),
                    data.resolve("logs"), "--spring.profiles.active=demo"));
            authServer.awaitHealthy("/oauth2/jwks", START_TIMEOUT);
        }
        kafkaBootstrap = settings.kafkaBootstrap().orElseGet(() -> {
            requireFree(settings.kafkaPort(), "embedded Kafka", "KRONIKA_KAFKA_PORT", "KRONIKA_KAFKA_BOOTSTRAP_SERVERS");
            return remember(KafkaBroker.at(data.resolve("kafka"), settings.kafkaPort()).start()).bootstrapServers();
        });
        postgresUser = settings.postgresUser();
        postgresPassword = settings.postgresPassword();
        postgresUrl = settings.postgresUrl().orElseGet(() -> {
            requireFree(settings.postgresPort(), "embedded PostgreSQL", "KRONIKA_POSTGRES_PORT", "KRONIKA_POSTGRES_URL");
            PostgresServer postgres = remember(PostgresServer.start(data.resolve("postgres"), settings.postgresPort(),
                    "kronika"));
            // Its own role: KRONIKA_POSTGRES_USER, set for a PostgreSQL of one's own, is no role of this one.
            postgresUser = postgres.username();
            postgresPassword = postgres.password();
            return postgres.jdbcUrl();
        });
        mongoUri = settings.mongoUri().orElseGet(() -> {
            requireFree(settings.mongoPort(), "embedded MongoDB", "KRONIKA_MONGODB_PORT", "KRONIKA_MONGODB_URI");
            MongoStandIn standIn = Settings.keepReadModels(System.getenv())
                    ? MongoStandIn.startPersistent(settings.mongoPort(), data.resolve("mongo.h2"))
                    : MongoStandIn.start(settings.mongoPort());
            return remember(standIn).connectionString("kronika");
        });
    }

    private static void requireFree(int port, String component, String portVariable, String addressVariable) {
        if (Ports.inUse(port)) {
            throw new IllegalStateException("Port " + port + " is already in use, so no " + component
                    + " can start there. Stop what holds it" + (addressVariable == null ? " or" : ",")
                    + " start ours on another port with " + portVariable
                    + (addressVariable == null ? "." : ", or point Kronika at yours with " + addressVariable + "."));
        }
    }

    /** Kept to be stopped with the rest; stopped at once, and the start ended, if stopping has begun. */
    synchronized <T extends AutoCloseable> T remember(T component) {
        if (closing) {
            stopQuietly(component);
            throw new IllegalStateException("Kronika is stopping");
        }
        started.push(component);
        return component;
    }

    private void awaitStartReturned(Duration timeout) {
        try {
            if (!startReturned.await(timeout.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
                log.warn("The start did not return within {} s of Ctrl-C; what it started last may still run",
                        timeout.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The operating-system process id of each service started here, by name, for measuring their CPU time. */
    public java.util.Map<String, Long> servicePids() {
        java.util.Map<String, Long> pids = new java.util.LinkedHashMap<>();
        if (authServer != null) {
            pids.put("auth-server", authServer.pid());
        }
        pids.put("command-service", commandService.pid());
        pids.put("query-service", queryService.pid());
        return pids;
    }

    public String commandServiceUrl() {
        return commandService.baseUrl();
    }

    public String queryServiceUrl() {
        return queryService.baseUrl();
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrap;
    }

    public String postgresUrl() {
        return postgresUrl;
    }

    public String mongoUri() {
        return mongoUri;
    }

    public String jwtIssuer() {
        return jwtIssuer;
    }

    /** The local authorization server's signing key (a JWK set), kept with the local data. */
    public java.nio.file.Path signingKeyFile() {
        return settings.dataDirectory().resolve("auth").resolve("jwks.json");
    }

    /** The command service's checkpoint signing key (a private JWK) unless one is configured, kept with the local data. */
    public java.nio.file.Path checkpointKeyFile() {
        return settings.dataDirectory().resolve("checkpoints").resolve("signing-key.jwk");
    }

    /** The local authorization server, or {@code null} where an external identity provider is used. */
    public String authServerUrl() {
        return authServer == null ? null : authServer.baseUrl();
    }

    private void printWelcome() {
        System.out.printf("""

                Kronika is running.
                  Dashboards     %2$s/dashboard   (sign in as auditor / auditor; all demo users: README.md)
                  Tokens         %7$s/oauth2/token   (demo clients: docs/security.md)
                  Command API    %1$s/api/projects          (POST commands)
                  Query API      %2$s/api/projects          (GET read models)
                  Health         %1$s/actuator/health   %2$s/actuator/health
                  Metrics        %1$s/actuator/prometheus   %2$s/actuator/prometheus
                  Checkpoints    %1$s/api/checkpoints   keys: %1$s/api/checkpoints/keys
                  Kafka          %3$s   topics kronika.project-events, kronika.checkpoints
                  PostgreSQL     %4$s
                  MongoDB        %5$s
                  Data and logs  %6$s
                Press Ctrl-C to stop.
                %n""", commandServiceUrl(), queryServiceUrl(), kafkaBootstrap, postgresUrl, mongoUri,
                settings.dataDirectory(), authServer == null ? jwtIssuer : authServer.baseUrl());
    }

    @Override
    public synchronized void close() {
        closing = true;
        // Ctrl-C in a terminal signals every process of the launcher's at once: a service that ends by itself before
        // its turn has not died, and must not be reported as if it had.
        started.forEach(component -> {
            if (component instanceof ServiceProcess service) {
                service.exitExpected();
            }
        });
        while (!started.isEmpty()) {
            stopQuietly(started.pop());
        }
    }

    private static void stopQuietly(AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            log.warn("Could not stop {} cleanly: {}", component.getClass().getSimpleName(), e.getMessage());
        }
    }
}
