package org.kronika.command;

import org.kronika.infra.embedded.KafkaBroker;
import org.kronika.infra.embedded.PostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** One real PostgreSQL and one real Kafka broker for the whole test run, started on first use. */
public final class TestInfrastructure {

    private static PostgresServer postgres;
    private static KafkaBroker kafka;

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

    public static void register(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres().jdbcUrl());
        registry.add("spring.datasource.username", () -> postgres().username());
        registry.add("spring.datasource.password", () -> postgres().password());
        registry.add("spring.kafka.bootstrap-servers", () -> kafka().bootstrapServers());
    }
}
