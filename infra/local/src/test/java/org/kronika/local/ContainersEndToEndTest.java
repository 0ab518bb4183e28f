package org.kronika.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kronika.infra.embedded.Ports;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The same end-to-end scenario against production-like containers: PostgreSQL, Apache Kafka and the real
 * {@code mongo} image instead of the stand-in. Nothing embedded starts. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainersEndToEndTest extends EndToEndContract {

    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:16-alpine")
            .withDatabaseName("kronika");
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:3.9.1");
    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    @RegisterExtension
    static final WorkDirectory work = new WorkDirectory("kronika-containers");

    private static LocalKronika kronika;

    @BeforeAll
    static void start() throws Exception {
        kronika = new LocalKronika(new Settings(work.path(),
                Optional.of(KAFKA.getBootstrapServers()), 0,
                Optional.of(POSTGRES.getJdbcUrl()), POSTGRES.getUsername(), POSTGRES.getPassword(), 0,
                Optional.of(MONGO.getReplicaSetUrl("kronika")), 0,
                Optional.empty(), Optional.empty(), Ports.free(),
                Ports.free(), Ports.free(),
                Path.of(System.getProperty("kronika.auth-server.jar")),
                Path.of(System.getProperty("kronika.command-service.jar")),
                Path.of(System.getProperty("kronika.query-service.jar")), true)).start();
    }

    @AfterAll
    static void stop() {
        if (kronika != null) {
            kronika.close();
        }
    }

    @Override
    LocalKronika kronika() {
        return kronika;
    }

    @Override
    String postgresUser() {
        return POSTGRES.getUsername();
    }

    @Override
    String postgresPassword() {
        return POSTGRES.getPassword();
    }
}
