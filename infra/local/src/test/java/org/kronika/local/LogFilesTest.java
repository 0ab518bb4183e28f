package org.kronika.local;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogFilesTest {

    /** A launcher's data folder: a service's restart script and temporary files go beside its logs, in it. */
    @TempDir
    Path data;

    private Path logs;

    @BeforeEach
    void logsInTheData() throws IOException {
        logs = Files.createDirectories(data.resolve("logs"));
    }

    @Test
    void rotatingMovesEachRunsLogOneNumberUpAndDropsTheOneBeyondThoseKept() throws IOException {
        Path log = logs.resolve("command-service.log");
        Files.writeString(log, "run 6");
        for (int n = 1; n <= 5; n++) {
            Files.writeString(LogFiles.numbered(log, n), "run " + (6 - n));
        }

        LogFiles.rotate(log, 5);

        assertThat(log).doesNotExist();
        for (int n = 1; n <= 5; n++) {
            assertThat(LogFiles.numbered(log, n)).hasContent("run " + (7 - n));
        }
        try (var files = Files.list(logs)) {
            assertThat(files).hasSize(5);
        }
    }

    @Test
    void rotatingTheFirstRunsLogKeepsItAsNumberOneAndCreatesNoOtherFile() throws IOException {
        Path log = logs.resolve("query-service.log");
        LogFiles.rotate(log, 5);
        try (var files = Files.list(logs)) {
            assertThat(files).isEmpty();
        }
        Files.writeString(log, "first run");

        LogFiles.rotate(log, 5);

        try (var files = Files.list(logs)) {
            assertThat(files).containsExactly(LogFiles.numbered(log, 1));
        }
        assertThat(LogFiles.numbered(log, 1)).hasContent("first run");
    }

    @Test
    void givenTheLogOfARunThatWasKilledWhenTheServiceStartsAgainThatLogIsKept() throws IOException {
        Path log = logs.resolve("command-service.log");
        Files.writeString(log, "the killed run's last words");

        try (ServiceProcess again = ServiceProcess.start("command-service", logs.resolve("no-such.jar"), 0, Map.of(),
                logs)) {
            assertThat(again.logFile()).isEqualTo(log);
        }

        assertThat(LogFiles.numbered(log, 1)).hasContent("the killed run's last words");
    }
}
