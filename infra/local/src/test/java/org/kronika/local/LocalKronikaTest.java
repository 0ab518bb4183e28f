package org.kronika.local;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Stopping the launcher, as Ctrl-C does, whatever is still starting or ending by itself. */
class LocalKronikaTest {

    @TempDir
    Path data;

    /**
     * Ctrl-C during the start: what the start brought up after the stopping had begun outlived the launcher (a
     * PostgreSQL holding its port and its data directory, so that the next start was refused).
     */
    @Test
    void aComponentTheStartBringsUpAfterStoppingBeganIsStoppedAtOnce() {
        LocalKronika kronika = new LocalKronika(settings());
        kronika.close();
        AtomicBoolean stopped = new AtomicBoolean();

        assertThatThrownBy(() -> kronika.remember(() -> stopped.set(true))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stopping");
        assertThat(stopped).isTrue();
    }

    /**
     * Ctrl-C in a terminal signals every process at once: a service that ended by itself while the launcher was
     * stopping another was reported as dead, "the others go on without it", with a script to start it again.
     */
    @Test
    void aServiceThatEndsBeforeItsTurnToStopIsNotReportedAsDead() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger services = (Logger) LoggerFactory.getLogger(ServiceProcess.class);
        services.addAppender(logged);
        try {
            LocalKronika kronika = new LocalKronika(settings());
            ServiceProcess ending = kronika.remember(ServiceProcess.start("query-service", untilStoppedJar(), 18081,
                    Map.of(), data.resolve("logs")));
            // Stopped first: meanwhile the other is signalled, as by the terminal, and ends by itself.
            kronika.remember(() -> ProcessHandle.of(ending.pid()).ifPresent(p -> {
                p.destroy();
                p.onExit().join();
            }));

            kronika.close();

            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> logged.list.stream()
                    .noneMatch(e -> e.getLevel() == Level.ERROR));
        } finally {
            services.detachAppender(logged);
        }
    }

    /**
     * A start that fails says why, and exits 1: the reason went unsaid once the launcher's own stopping of what it
     * had started was taken for a Ctrl-C.
     */
    @Test
    void aStartThatFailsSaysWhy() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0)) {
            String jar = data.resolve("no-such.jar").toString();
            ProcessBuilder launcher = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString(), "-cp", System.getProperty("java.class.path"), "-Dkronika.auth-server.jar=" + jar,
                    "-Dkronika.command-service.jar=" + jar, "-Dkronika.query-service.jar=" + jar,
                    LocalKronika.class.getName()).redirectErrorStream(true);
            launcher.environment().put("KRONIKA_COMMAND_PORT", Integer.toString(taken.getLocalPort()));
            launcher.environment().put("KRONIKA_LOCAL_DATA", data.toString());
            Process started = launcher.start();
            String said = new String(started.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(started.waitFor()).as(said).isEqualTo(1);
            assertThat(said).contains("Kronika failed to start: Port " + taken.getLocalPort() + " is already in use");
        }
    }

    /** What went wrong underneath is often the reason: said once, however many layers repeat it. */
    @Test
    void aFailedStartSaysTheCausesItsMessageLeavesOut() {
        var gaveUp = new java.io.IOException("Gave up waiting for server to start after 120000 ms",
                new java.net.ConnectException("Connection refused"));
        var failure = new java.io.UncheckedIOException("PostgreSQL did not start on port 5432: " + gaveUp.getMessage(),
                gaveUp);

        assertThat(LocalKronika.reasons(failure)).isEqualTo("PostgreSQL did not start on port 5432: Gave up waiting for"
                + " server to start after 120000 ms (Connection refused)");
        assertThat(LocalKronika.reasons(new IllegalStateException(new NullPointerException())))
                .isEqualTo("java.lang.NullPointerException");
    }

    /** A jar whose main class is {@link UntilStopped}, found in this module's test classes. */
    private Path untilStoppedJar() throws Exception {
        Path classes = Path.of(UntilStopped.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = data.resolve("until-stopped.jar");
        java.util.jar.Manifest manifest = new java.util.jar.Manifest();
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.MAIN_CLASS, UntilStopped.class.getName());
        manifest.getMainAttributes().put(java.util.jar.Attributes.Name.CLASS_PATH,
                data.relativize(classes).toString().replace('\\', '/') + "/");
        new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar), manifest).close();
        return jar;
    }

    private Settings settings() {
        Path jar = data.resolve("no-such.jar");
        return new Settings(data, Optional.empty(), 19092, Optional.empty(), "postgres", "postgres", 15432,
                Optional.empty(), 17017, Optional.empty(), Optional.empty(), 19000, 18080, 18081, jar, jar, jar,
                false);
    }
}
