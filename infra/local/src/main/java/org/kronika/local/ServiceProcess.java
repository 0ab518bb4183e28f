package org.kronika.local;

import org.kronika.infra.embedded.TemporaryDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Kronika service as a child process, started exactly as in production: {@code java -jar} plus environment.
 * It can be killed outright and started again with the same command, environment and port, as after a crash.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final int port;
    private final Path logFile;
    private final ProcessBuilder builder;
    private final Path restartScript;
    private volatile Process process;
    /** Set when this launcher stops or kills the service itself: only another exit is a death to report. */
    private volatile boolean stoppedHere;

    private ServiceProcess(String name, int port, Path logFile, ProcessBuilder builder, Path restartScript)
            throws IOException {
        this.name = name;
        this.port = port;
        this.logFile = logFile;
        this.builder = builder;
        this.restartScript = restartScript;
        this.process = watched(builder.start());
    }

    /**
     * A service that dies (killed, out of memory, a fatal error at start) is not started again: the launcher goes on
     * without it, and said nothing, so one had to find the command line that started it. It says so, loudly.
     */
    private Process watched(Process started) {
        started.onExit().thenAccept(exited -> {
            if (!stoppedHere) {
                log.error("{} (process {}) exited with code {}; the others go on without it. Its log: {}. To start it "
                                + "again as the launcher did: sh {}", name, exited.pid(), exited.exitValue(), logFile,
                        restartScript);
            }
        });
        return started;
    }

    public static ServiceProcess start(String name, Path jar, int port, Map<String, String> environment, Path logDirectory,
                                String... arguments) throws IOException {
        return start(name, jar, port, System.getenv(), environment, logDirectory, arguments);
    }

    /**
     * @param launchers   the launcher's own environment, which the service inherits: its settings go into the
     *                    restart script too
     * @param environment what the launcher sets for the service, over what it inherits
     */
    static ServiceProcess start(String name, Path jar, int port, Map<String, String> launchers,
                                Map<String, String> environment, Path logDirectory, String... arguments)
            throws IOException {
        Files.createDirectories(logDirectory);
        Path logFile = logDirectory.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        // Tomcat's work folders, made anew at every start, were left in the system's /tmp: here they go with the data.
        // First, so that KRONIKA_SERVICE_JAVA_OPTIONS can name another.
        command.add("-Djava.io.tmpdir=" + temporaryFolder(name, logDirectory));
        // Out of heap, a service ends (and says so) rather than stay up wedged: threads dead, the API and health
        // unanswered, SIGTERM ignored while the collector runs. Whatever the options below, as the images have it.
        command.add("-XX:+ExitOnOutOfMemoryError");
        // A small serial heap suits a laptop; a benchmark may want another collector, or a GC log to see pauses.
        String javaOptions = System.getenv("KRONIKA_SERVICE_JAVA_OPTIONS");
        command.addAll(javaOptions == null || javaOptions.isBlank()
                ? List.of("-Xmx768m", "-XX:+UseSerialGC")
                : List.of(javaOptions.replace("{name}", name).trim().split("\\s+")));
        command.add("-Daxoniq.update-checker.disabled=true");
        // Profile before optimising: each service records a JFR profile of its run, written when it stops.
        String profiles = System.getenv("KRONIKA_PROFILE_DIR");
        if (profiles != null && !profiles.isBlank()) {
            Files.createDirectories(Path.of(profiles));
            Path recording = Path.of(profiles, name + "-" + System.currentTimeMillis() + ".jfr").toAbsolutePath();
            command.add("-XX:StartFlightRecording=filename=" + recording + ",settings=profile,dumponexit=true");
            // A request's stack is deeper than JFR's default 64 frames: cut there, a sample loses who called.
            command.add("-XX:FlightRecorderOptions=stackdepth=256");
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(List.of(arguments));
        // The last runs' logs are kept, a crashed one's above all: read after the next start, it says why.
        LogFiles.rotate(logFile, LogFiles.KEPT);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                // Appended to, so a restarted service's log follows the one that was killed.
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        Map<String, String> variables = new java.util.LinkedHashMap<>(environment);
        variables.put("SERVER_PORT", Integer.toString(port));
        // This machine only, unless asked otherwise: the demo's published passwords give anyone who reaches the
        // authorization server an administrator's token, on a café's network as well.
        variables.putIfAbsent("SERVER_ADDRESS", launchers.getOrDefault("KRONIKA_BIND_ADDRESS", "127.0.0.1"));
        variables.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        builder.environment().putAll(variables);
        Map<String, String> settings = new java.util.TreeMap<>(inheritedSettings(launchers));
        settings.putAll(variables);
        Path restartScript = writeRestartScript(name, command, settings, logFile, logDirectory);
        log.info("Starting {} on port {} (log: {})", name, port, logFile);
        return new ServiceProcess(name, port, logFile, builder, restartScript);
    }

    /** Where the variables a service reads begin: Kronika's own, and Spring Boot's that docs/operations.md names. */
    private static final List<String> SETTINGS = List.of("KRONIKA_", "SERVER_", "SPRING_", "MANAGEMENT_", "LOGGING_");

    /**
     * What a service reads from the environment it inherits from the launcher: every setting of Kronika's
     * ({@code KRONIKA_*}, docs/operations.md), Spring Boot's ({@code SERVER_TOMCAT_CONNECTIONTIMEOUT}, say) and the
     * JVM's own options. A restart script without them, run from another terminal, started the service otherwise
     * than the launcher had: without the checkpoint signing key the operator gave, the command service does not start
     * at all.
     */
    static Map<String, String> inheritedSettings(Map<String, String> launchers) {
        Map<String, String> settings = new java.util.TreeMap<>();
        launchers.forEach((variable, value) -> {
            if (SETTINGS.stream().anyMatch(variable::startsWith) || variable.equals("JAVA_TOOL_OPTIONS")
                    || variable.equals("JDK_JAVA_OPTIONS")) {
                settings.put(variable, value);
            }
        });
        return settings;
    }

    /** {@code <data>/tmp/<name>}, emptied: what the service's last run left there is of no use to this one. */
    private static Path temporaryFolder(String name, Path logDirectory) throws IOException {
        Path folder = logDirectory.toAbsolutePath().resolveSibling("tmp").resolve(name);
        TemporaryDirectory.delete(folder);
        return Files.createDirectories(folder);
    }

    /**
     * {@code <data>/restart/<name>.sh}: the command, the variables this launcher set or passed on ({@link
     * #inheritedSettings}) and the log, so a service that died is started again exactly as it was, from any shell.
     * Readable by its owner alone: the variables may hold the database's password.
     */
    private static Path writeRestartScript(String name, List<String> command, Map<String, String> variables,
                                           Path logFile, Path logDirectory) throws IOException {
        Path directory = logDirectory.toAbsolutePath().resolveSibling("restart");
        Files.createDirectories(directory);
        Path script = directory.resolve(name + ".sh");
        StringBuilder text = new StringBuilder("#!/bin/sh\n# Starts ").append(name)
                .append(" again as the launcher started it last; it runs until stopped (Ctrl-C).\ncd ")
                .append(quoted(Path.of("").toAbsolutePath().toString())).append("\nexec env");
        variables.forEach((variable, value) -> text.append(' ').append(variable).append('=').append(quoted(value)));
        command.forEach(part -> text.append(' ').append(quoted(part)));
        text.append(" >> ").append(quoted(logFile.toAbsolutePath().toString())).append(" 2>&1\n");
        Files.deleteIfExists(script);
        Files.createFile(script, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        Files.writeString(script, text);
        return script;
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The script that starts the service again as this launcher did (see {@link #writeRestartScript}). */
    public Path restartScript() {
        return restartScript;
    }

    /** SIGKILL: no shutdown hook, no graceful stop, exactly as a crash or an OOM killer leaves it. */
    public void kill() throws InterruptedException {
        stoppedHere = true;
        Process current = process;
        current.destroyForcibly();
        current.waitFor(30, TimeUnit.SECONDS);
        log.info("{} killed", name);
    }

    /** Starts the service again, as it was started first; it is not healthy yet when this returns. */
    public synchronized void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        log.info("Starting {} again on port {}", name, port);
        stoppedHere = false;
        process = watched(builder.start());
    }

    public void awaitHealthy(Duration timeout) throws InterruptedException {
        awaitHealthy("/actuator/health", timeout);
    }

    public void awaitHealthy(String path, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI health = URI.create(baseUrl() + path);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + logFile);
            }
            try {
                var response = http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString());
                // Started is answering: a service that is DOWN (503), say while the topic it reads is not created
                // yet or a runbook's restore left it lacking events, is up and says why in its health.
                if (response.statusCode() == 200 || response.statusCode() == 503) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not healthy after " + timeout.toSeconds() + " s; see " + logFile);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    /** Its end is the launcher's doing from now on, whether it stops it or it ends first: nothing to report. */
    void exitExpected() {
        stoppedHere = true;
    }

    /** SIGTERM, so Spring shuts down gracefully; forcibly only if it does not within 30 s. */
    @Override
    public void close() {
        stoppedHere = true;
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                log.warn("{} did not stop within 30 s; killing it", name);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.info("{} stopped", name);
    }

    /** The operating system's id of the process, for measuring the CPU time it uses. */
    public long pid() {
        return process.pid();
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
