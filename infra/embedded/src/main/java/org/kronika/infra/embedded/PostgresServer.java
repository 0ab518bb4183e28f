package org.kronika.infra.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server (binaries from Maven Central) running as a child process.
 *
 * <p>Durability is switched back on: the embedded distribution starts with fsync and synchronous commit off,
 * which would let an acknowledged event vanish in a crash and flatter every benchmark.
 *
 * <p>Like {@link KafkaBroker} it keeps its data directory and port across {@link #stop()} and {@link #start()}, so
 * a test can take the event store away and bring the very same one back.
 */
public final class PostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);
    /**
     * How long a start waits for the server to answer. The embedded library's own 10 s is shorter than crash
     * recovery of a durable data directory can take on a busy machine.
     */
    static final Duration STARTUP_WAIT = Duration.ofSeconds(120);
    /** How long a start that failed looks for the server it launched, to stop it. */
    private static final Duration LEFT_RUNNING_WAIT = Duration.ofSeconds(30);

    private final Path dataDirectory;
    private final boolean temporary;
    private final int port;
    private final String database;
    private final Duration startupWait;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDirectory, boolean temporary, int port, String database, Duration startupWait) {
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.port = port;
        this.database = database;
        this.startupWait = startupWait;
    }

    /**
     * Starts PostgreSQL on {@code port} (0 picks a free one). With a {@code dataDirectory} the data survives
     * restarts of this process; without one it lives in a temporary directory removed on close.
     */
    public static PostgresServer start(Path dataDirectory, int port, String database) {
        return start(dataDirectory, port, database, STARTUP_WAIT);
    }

    static PostgresServer start(Path dataDirectory, int port, String database, Duration startupWait) {
        Path directory = dataDirectory != null ? dataDirectory : TemporaryDirectory.create("kronika-postgres").path();
        PostgresServer server = new PostgresServer(directory, dataDirectory == null,
                port == 0 ? Ports.free() : port, database, startupWait);
        try {
            server.start();
            server.createDatabaseIfMissing();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts the server again after {@link #stop()}, with the same data on the same port. */
    public synchronized void start() {
        if (postgres != null) {
            return;
        }
        long started = System.nanoTime();
        // What names the directory's server before this start: a failed start stops only a server it launched.
        Optional<List<String>> before = pidFileHead(dataDirectory.resolve("postmaster.pid"));
        try {
            postgres = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    // Whoever starts the server stops it, after the services that use it.
                    .setRegisterShutdownHook(false)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(startupWait)
                    .start();
        } catch (IOException e) {
            // The server runs on its own (pg_ctl starts it), past the library's giving up: left so, it would hold
            // the port and the data directory, and the next start would fail on them.
            boolean stopped = stopLeftRunning(before);
            throw new UncheckedIOException("PostgreSQL did not start on port " + port + " with data directory "
                    + dataDirectory + " (waited up to " + startupWait.toSeconds() + " s): " + e.getMessage()
                    + (stopped ? "" : "; a server it launched may still run there") + "; its output is logged by"
                    + " io.zonky at INFO", e);
        }
        log.info("PostgreSQL listening on {} after {} ms", jdbcUrl(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Stops the server a failed start launched, found by the pid its data directory names once it runs: only one this
     * start launched, on its port, whose pid file is not the one that was there before (a server already running on
     * the directory refuses to start a second, and is not ours to stop). Answers whether none is left running.
     */
    private boolean stopLeftRunning(Optional<List<String>> before) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        long deadline = System.nanoTime() + LEFT_RUNNING_WAIT.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Optional<List<String>> head = pidFileHead(pidFile);
                if (head.isPresent() && !head.equals(before)) {
                    Optional<ProcessHandle> server = postmaster(head.get());
                    if (server.isEmpty()) {
                        return true;
                    }
                    ProcessHandle process = server.get();
                    log.warn("Stopping the PostgreSQL server (pid {}) a failed start left running", process.pid());
                    // SIGINT, PostgreSQL's fast shutdown: SIGTERM's smart one waits for every client to go.
                    new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
                    try {
                        process.onExit().get(LEFT_RUNNING_WAIT.toSeconds(), TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        process.destroyForcibly();
                        process.onExit().get(5, TimeUnit.SECONDS);
                    }
                    return true;
                }
                Thread.sleep(100);
            }
            // No server of this start wrote its pid in that time: none was started, or it failed by itself.
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException | ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /** A pid file's first four lines (pid, data directory, start time, port); empty if none. */
    private static Optional<List<String>> pidFileHead(Path pidFile) {
        try {
            if (!Files.isRegularFile(pidFile)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(pidFile);
            // Written as it starts: read again until it holds the port.
            return lines.size() < 4 ? Optional.empty() : Optional.of(List.copyOf(lines.subList(0, 4)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The running postmaster a pid file's head names, on this server's port; never another process. */
    private Optional<ProcessHandle> postmaster(List<String> head) {
        if (!head.get(0).strip().matches("\\d+") || !head.get(3).strip().equals(Integer.toString(port))) {
            return Optional.empty();
        }
        return ProcessHandle.of(Long.parseLong(head.get(0).strip())).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(true));
    }

    /** Shuts the server down (as {@code pg_ctl stop -m fast}): connections are closed, the data stays. */
    public synchronized void stop() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        postgres = null;
        log.info("PostgreSQL on port {} stopped", port);
    }

    public synchronized boolean isRunning() {
        return postgres != null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    public String username() {
        return "postgres";
    }

    public String password() {
        return "postgres";
    }

    public int port() {
        return port;
    }

    /** Runs SQL against the application database, for tests that inspect the event store directly. */
    public synchronized Connection connect() throws SQLException {
        if (postgres == null) {
            throw new SQLException("PostgreSQL on port " + port + " is stopped");
        }
        return postgres.getDatabase(username(), database).getConnection();
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + database, e);
        }
    }

    @Override
    public void close() {
        stop();
        if (temporary) {
            TemporaryDirectory.delete(dataDirectory);
        }
    }
}
