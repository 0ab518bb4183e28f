package org.kronika.local;

import org.junit.jupiter.api.Test;

import org.kronika.infra.embedded.Ports;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void withoutPortVariablesEverythingStartsOnItsUsualPort() {
        Settings settings = Settings.fromEnvironment(Map.of());

        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.postgresPort()).isEqualTo(5432);
        assertThat(settings.mongoPort()).isEqualTo(27017);
        assertThat(settings.authPort()).isEqualTo(9000);
        assertThat(settings.commandServicePort()).isEqualTo(8080);
        assertThat(settings.queryServicePort()).isEqualTo(8081);
    }

    @Test
    void eachPortVariableMovesItsOwnComponentOnly() {
        Settings settings = Settings.fromEnvironment(Map.of(
                "KRONIKA_KAFKA_PORT", "19092", "KRONIKA_POSTGRES_PORT", "15432", "KRONIKA_MONGODB_PORT", "37017",
                "KRONIKA_AUTH_PORT", "19000", "KRONIKA_COMMAND_PORT", " 18080 ", "KRONIKA_QUERY_PORT", "18081"));

        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.postgresPort()).isEqualTo(15432);
        assertThat(settings.mongoPort()).isEqualTo(37017);
        assertThat(settings.authPort()).isEqualTo(19000);
        assertThat(settings.commandServicePort()).isEqualTo(18080);
        assertThat(settings.queryServicePort()).isEqualTo(18081);
        assertThat(Settings.fromEnvironment(Map.of("KRONIKA_QUERY_PORT", "18081")).commandServicePort())
                .isEqualTo(8080);
    }

    @Test
    void aPortThatIsNoPortNumberIsRefusedNamingItsVariable() {
        for (String wrong : new String[] {"eighty", "0", "65536", "-1", "8080x"}) {
            assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("KRONIKA_COMMAND_PORT", wrong)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("KRONIKA_COMMAND_PORT must be a port number from 1 to 65535, not \"" + wrong + "\"");
        }
    }

    @Test
    void aServicePortAlreadyHeldStopsTheStartBeforeAnythingStartsNamingTheVariableThatMovesIt(@org.junit.jupiter.api.io.TempDir Path data)
            throws IOException {
        try (ServerSocket held = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Path noJar = data.resolve("never-started.jar");
            Settings settings = new Settings(data, Optional.empty(), Ports.free(), Optional.empty(), "postgres",
                    "postgres", Ports.free(), Optional.empty(), Ports.free(), Optional.empty(), Optional.empty(),
                    Ports.free(), Ports.free(), held.getLocalPort(), noJar, noJar, noJar, false);

            assertThatThrownBy(() -> new LocalKronika(settings).start())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("Port " + held.getLocalPort() + " is already in use, so no query service can start"
                            + " there. Stop what holds it or start ours on another port with KRONIKA_QUERY_PORT.");
            assertThat(data).isEmptyDirectory();
        }
    }
}
