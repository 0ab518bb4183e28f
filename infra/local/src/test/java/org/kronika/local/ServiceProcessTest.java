package org.kronika.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ServiceProcessTest {

    @TempDir
    Path data;

    /**
     * A service killed under ./run-local left the launcher running without it, silently; starting it again meant
     * finding its java -jar line and the SERVER_PORT it was given.
     */
    @Test
    void aServiceThatDiesIsReportedWithTheScriptThatStartsItAgainAsTheLauncherDid() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger launcher = (Logger) LoggerFactory.getLogger(ServiceProcess.class);
        launcher.addAppender(logged);
        Path logs = data.resolve("logs");
        try (ServiceProcess service = ServiceProcess.start("command-service", data.resolve("no-such.jar"), 18080,
                Map.of("KRONIKA_POSTGRES_URL", "jdbc:postgresql://localhost:5432/kronika"), logs)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> logged.list.stream()
                    .anyMatch(e -> e.getLevel() == Level.ERROR && e.getFormattedMessage().contains("command-service")));
            assertThat(logged.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
                    .extracting(ILoggingEvent::getFormattedMessage).asString()
                    .contains("exited with code 1", service.logFile().toString(),
                            "sh " + service.restartScript());

            Path script = service.restartScript();
            assertThat(script).isEqualTo(data.resolve("restart").resolve("command-service.sh"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(script))).isEqualTo("rwx------");
            assertThat(Files.readString(script)).contains("SERVER_PORT='18080'",
                    "KRONIKA_POSTGRES_URL='jdbc:postgresql://localhost:5432/kronika'", "'-jar'", "no-such.jar",
                    // As the images start it: out of heap, it ends rather than stay up answering nothing.
                    "'-XX:+ExitOnOutOfMemoryError'");
            long failures = Files.readString(service.logFile()).lines().filter(l -> l.contains("no-such.jar")).count();
            Process again = new ProcessBuilder("sh", script.toString()).start();
            assertThat(again.waitFor()).isEqualTo(1);
            assertThat(Files.readString(service.logFile()).lines().filter(l -> l.contains("no-such.jar")).count())
                    .as("started again, into the same log").isEqualTo(failures + 1);
        } finally {
            launcher.detachAppender(logged);
        }
    }

    /**
     * The settings the operator gave the launcher (a checkpoint signing key of their own, during a key rotation),
     * which the service inherits, are in its restart script too: run from another terminal, it started the command
     * service without them, which then refused to start for want of a key. What the launcher sets itself wins;
     * nothing else of its environment is written down.
     */
    @Test
    void theRestartScriptCarriesTheSettingsTheServiceInheritedFromTheLauncher() throws Exception {
        Map<String, String> launchers = Map.of("KRONIKA_CHECKPOINTS_KEY_FILE", "/keys/rotated.pem",
                "KRONIKA_CHECKPOINTS_KEY_ID", "2027-01", "KRONIKA_POSTGRES_URL", "jdbc:postgresql://elsewhere/k",
                "JAVA_TOOL_OPTIONS", "-Duser.timezone=UTC", "SERVER_TOMCAT_CONNECTIONTIMEOUT", "30s", "HOME",
                "/home/someone", "AWS_SECRET_ACCESS_KEY", "x");
        try (ServiceProcess service = ServiceProcess.start("command-service", data.resolve("no-such.jar"), 18082,
                launchers, Map.of("KRONIKA_POSTGRES_URL", "jdbc:postgresql://localhost:5432/kronika"),
                data.resolve("logs"))) {
            assertThat(Files.readString(service.restartScript()))
                    .contains("KRONIKA_CHECKPOINTS_KEY_FILE='/keys/rotated.pem'", "KRONIKA_CHECKPOINTS_KEY_ID='2027-01'",
                            "JAVA_TOOL_OPTIONS='-Duser.timezone=UTC'", "SERVER_TOMCAT_CONNECTIONTIMEOUT='30s'",
                            "KRONIKA_POSTGRES_URL='jdbc:postgresql://localhost:5432/kronika'", "SERVER_PORT='18082'")
                    .doesNotContain("elsewhere", "HOME=", "AWS_SECRET_ACCESS_KEY");
        }
    }

    /** Tomcat makes work folders under the JVM's temporary folder at every start; in /tmp they were never removed. */
    @Test
    void aServiceKeepsItsTemporaryFilesInItsOwnFolderOfTheDataEmptiedAtEachStart() throws Exception {
        Path leftByTheLastRun = Files.createDirectories(data.resolve("tmp/query-service/tomcat.18081.1"));

        try (ServiceProcess service = ServiceProcess.start("query-service", data.resolve("no-such.jar"), 18081,
                Map.of(), data.resolve("logs"))) {
            assertThat(Files.readString(service.restartScript()))
                    .contains("'-Djava.io.tmpdir=" + data.resolve("tmp/query-service").toAbsolutePath() + "'");
        }
        assertThat(leftByTheLastRun).doesNotExist();
        assertThat(leftByTheLastRun.getParent()).isDirectory();
    }
}
