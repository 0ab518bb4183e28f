package org.kronika.command;

import org.kronika.auth.AuthServerApplication;
import org.kronika.infra.embedded.KafkaBroker;
import org.kronika.infra.embedded.Ports;
import org.kronika.infra.embedded.PostgresServer;
import org.kronika.infra.embedded.TemporaryDirectory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One real PostgreSQL, one real Kafka broker and the local authorization server (with the demo clients) for the
 * whole test run, started on first use.
 */
public final class TestInfrastructure {

    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static String authServer;
    private static Path signingKey;
    private static Path checkpointKey;
    private static TemporaryDirectory scratch;

    private TestInfrastructure() {
    }

    public static synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = PostgresServer.start(null, 0, "kronika");
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
        }
        return postgres;
    }

    public static synchronized KafkaBroker kafka() {
        if (kafka == null) {
            kafka = KafkaBroker.temporary(0).start();
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close));
        }
        return kafka;
    }

    /** Base URL of the authorization server; its signing key is in {@link #signingKey()}. */
    public static synchronized String authServer() {
        if (authServer == null) {
            signingKey = scratch("auth").resolve("jwks.json");
            int port = Ports.free();
            authServer = "http://localhost:" + port;
            ConfigurableApplicationContext context = AuthServerApplication.start("--server.port=" + port,
                    "--spring.profiles.active=demo", "--kronika.auth.issuer=" + authServer,
                    "--kronika.auth.key-file=" + signingKey, "--server.tomcat.basedir=" + scratch("tomcat-auth"));
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
        }
        return authServer;
    }

    public static Path signingKey() {
        authServer();
        return signingKey;
    }

    /** Where the command service's checkpoint signing key is created on its first start in this test run. */
    public static synchronized Path checkpointKey() {
        if (checkpointKey == null) {
            checkpointKey = scratch("checkpoints").resolve("signing-key.jwk");
        }
        return checkpointKey;
    }

    /**
     * A folder of this test run's scratch directory (keys, Tomcat's work folders), which is removed when the run
     * ends.
     */
    public static synchronized Path scratch(String name) {
        if (scratch == null) {
            scratch = TemporaryDirectory.removedAtExit("kronika-command-tests");
        }
        return scratch.resolve(name);
    }

    /** How many events of the project the event store holds. */
    public static long storedEvents(String projectId) throws java.sql.SQLException {
        try (java.sql.Connection connection = postgres().connect();
             var query = connection.prepareStatement("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?")) {
            query.setString(1, projectId);
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * A database of a test's own on the shared PostgreSQL (the {@code kronika} one is the services'), created anew
     * with the given Flyway migrations of the service (file names under {@code db/migration}).
     */
    public static org.springframework.jdbc.core.JdbcTemplate database(String name, String... migrations) {
        try (java.sql.Connection connection = postgres().connect()) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            connection.createStatement().execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(new org.springframework.jdbc.datasource
                .DriverManagerDataSource("jdbc:postgresql://localhost:" + postgres().port() + "/" + name,
                "postgres", "postgres"));
        for (String migration : migrations) {
            try {
                jdbc.execute(new org.springframework.core.io.ClassPathResource("db/migration/" + migration)
                        .getContentAsString(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return jdbc;
    }

    public static void dropDatabase(String name) {
        try (java.sql.Connection connection = postgres().connect()) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void register(DynamicPropertyRegistry registry) {
        properties().forEach(registry::add);
    }

    /** The properties that point the command service at this infrastructure, each read when first needed. */
    public static Map<String, Supplier<Object>> properties() {
        Map<String, Supplier<Object>> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", () -> postgres().jdbcUrl());
        properties.put("spring.datasource.username", () -> postgres().username());
        properties.put("spring.datasource.password", () -> postgres().password());
        properties.put("spring.kafka.bootstrap-servers", () -> kafka().bootstrapServers());
        properties.put("kronika.security.issuer", TestInfrastructure::authServer);
        properties.put("kronika.security.jwks-uri", () -> authServer() + "/oauth2/jwks");
        properties.put("kronika.checkpoints.key-file", TestInfrastructure::checkpointKey);
        properties.put("kronika.checkpoints.create-key", () -> "true");
        properties.put("server.tomcat.basedir", () -> scratch("tomcat"));
        return properties;
    }
}
