package org.kronika.local;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kronika.infra.embedded.Ports;

import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The system as the README's run command starts it: every component embedded, on free ports. */
class LocalKronikaEndToEndTest extends EndToEndContract {

    @RegisterExtension
    static final WorkDirectory work = new WorkDirectory("kronika-e2e");

    private static LocalKronika kronika;

    @BeforeAll
    static void start() throws Exception {
        Path commandJar = Path.of(System.getProperty("kronika.command-service.jar"));
        Path queryJar = Path.of(System.getProperty("kronika.query-service.jar"));
        Path authJar = Path.of(System.getProperty("kronika.auth-server.jar"));
        assertThat(commandJar).as("built by the reactor before this module's tests (run ./mvnw verify)").exists();
        assertThat(queryJar).exists();
        kronika = new LocalKronika(new Settings(work.path(),
                Optional.empty(), Ports.free(),
                Optional.empty(), "postgres", "postgres", Ports.free(),
                Optional.empty(), Ports.free(),
                Optional.empty(), Optional.empty(), Ports.free(),
                Ports.free(), Ports.free(), authJar, commandJar, queryJar, true)).start();
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
        return "postgres";
    }

    @Override
    String postgresPassword() {
        return "postgres";
    }
}
