package org.kronika.infra.embedded;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TemporaryDirectoryTest {

    @Test
    void closingRemovesTheDirectoryWithEverythingInItAndClosingAgainDoesNothing() throws Exception {
        TemporaryDirectory directory = TemporaryDirectory.create("kronika-test");
        Path nested = Files.createDirectories(directory.path().resolve("a/b"));
        Files.writeString(nested.resolve("file.txt"), "x");
        Files.writeString(directory.path().resolve("top.txt"), "y");

        directory.close();
        directory.close();

        assertThat(directory.path()).doesNotExist();
        assertThat(directory.path().getFileName().toString()).startsWith("kronika-test");
    }

    @Test
    void removingAllButTheLogsKeepsTheFoldersAskedForWithTheirParentsAndNothingElse() throws Exception {
        try (TemporaryDirectory directory = TemporaryDirectory.create("kronika-test")) {
            Path root = directory.path();
            Files.createDirectories(root.resolve("logs"));
            Files.writeString(root.resolve("logs/suite.log"), "kept");
            Files.createDirectories(root.resolve("reads/logs/old"));
            Files.writeString(root.resolve("reads/logs/old/query-service.log"), "kept");
            Files.createDirectories(root.resolve("reads/postgres/base"));
            Files.writeString(root.resolve("reads/postgres/base/1"), "data");
            // A Kafka broker's data is in a folder named logs too: what tells it apart is the broker's own file.
            Files.createDirectories(root.resolve("lag/kafka/logs/kronika.project-events-0"));
            Files.writeString(root.resolve("lag/kafka/logs/meta.properties"), "data");
            Files.writeString(root.resolve("lag/kafka/logs/kronika.project-events-0/00000000000000000000.log"), "data");
            Files.writeString(root.resolve("requests.txt"), "data");

            TemporaryDirectory.removeAllBut(root, folder -> folder.getFileName().toString().equals("logs")
                    && !Files.exists(folder.resolve("meta.properties")));

            try (var left = Files.walk(root)) {
                assertThat(left.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()))
                        .containsExactlyInAnyOrder("logs/suite.log", "reads/logs/old/query-service.log");
            }
            assertThat(root.resolve("lag")).doesNotExist();
            assertThat(root.resolve("reads/postgres")).doesNotExist();
        }
    }
}
