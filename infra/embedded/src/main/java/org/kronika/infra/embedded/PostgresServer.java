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

    private final Path dataDirectory;
    private final boolean temporary;
    private final int port;
    private final String database;
    private EmbeddedPostgres postgres;

    private PostgresServer(Path dataDirectory, boolean temporary, int port, String database) {
        this.dataDirectory = dataDirectory;
        this.temporary = temporary;
        this.port = port;
        this.database = database;
    }

    /**
     * Starts PostgreSQL on {@code port} (0 picks a free one). With a {@code dataDirectory} the data survives
     * restarts of this process; without one it lives in a temporary directory removed on close.
     */
    public static PostgresServer start(Path dataDirectory, int port, String database) {
        Path directory = dataDirectory != null ? dataDirectory : TemporaryDirectory.create("kronika-postgres").path();
        PostgresServer server = new PostgresServer(directory, dataDirectory == null,
                port == 0 ? Ports.free() : port, database);
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
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL", e);
        }
        log.info("PostgreSQL listening on {} after {} ms", jdbcUrl(), (System.nanoTime() - started) / 1_000_000);
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
