package org.kronika.command;

import org.kronika.auth.AuthServerApplication;
import org.kronika.infra.embedded.KafkaBroker;
import org.kronika.infra.embedded.Ports;
import org.kronika.infra.embedded.PostgresServer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One real PostgreSQL, one real Kafka broker and the local authorization server (with the demo clients) for the
 * whole test run, started on first use.
 */
public final class TestInfrastructure {

    private static PostgresServer postgres;
    private static KafkaBroker kafka;
    private static String authServer;
    private static Path signingKey;

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
            try {
                kafka = KafkaBroker.at(Files.createTempDirectory("kronika-kafka"), 0).start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop));
        }
        return kafka;
    }

    /** Base URL of the authorization server; its signing key is in {@link #signingKey()}. */
    public static synchronized String authServer() {
        if (authServer == null) {
            try {
                signingKey = Files.createTempDirectory("kronika-auth").resolve("jwks.json");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            int port = Ports.free();
            authServer = "http://localhost:" + port;
            ConfigurableApplicationContext context = AuthServerApplication.start("--server.port=" + port,
                    "--spring.profiles.active=demo", "--kronika.auth.issuer=" + authServer,
                    "--kronika.auth.key-file=" + signingKey);
            Runtime.getRuntime().addShutdownHook(new Thread(context::close));
        }
        return authServer;
    }

    public static Path signingKey() {
        authServer();
        return signingKey;
    }

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres().jdbcUrl());
        registry.add("spring.datasource.username", () -> postgres().username());
        registry.add("spring.datasource.password", () -> postgres().password());
        registry.add("spring.kafka.bootstrap-servers", () -> kafka().bootstrapServers());
        registry.add("kronika.security.issuer", TestInfrastructure::authServer);
        registry.add("kronika.security.jwks-uri", () -> authServer() + "/oauth2/jwks");
    }
}
