package org.kronika.infra.embedded;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class PostgresServerTest {

    @Test
    void runsDurablyWithFsyncAndSynchronousCommitOn() throws Exception {
        try (PostgresServer server = PostgresServer.start(null, 0, "kronika");
             Connection connection = server.connect()) {
            assertThat(setting(connection, "fsync")).isEqualTo("on");
            assertThat(setting(connection, "synchronous_commit")).isEqualTo("on");
            assertThat(connection.getCatalog()).isEqualTo("kronika");
        }
    }

    @Test
    void keepsItsDataAcrossAStopAndAStartOnTheSamePort() throws Exception {
        try (PostgresServer server = PostgresServer.start(null, 0, "kronika")) {
            try (Connection connection = server.connect()) {
                connection.createStatement().execute("CREATE TABLE kept (n INT); INSERT INTO kept VALUES (42)");
            }
            String url = server.jdbcUrl();
            server.stop();
            assertThat(server.isRunning()).isFalse();
            server.start();
            assertThat(server.jdbcUrl()).isEqualTo(url);
            try (Connection connection = server.connect();
                 ResultSet rs = connection.createStatement().executeQuery("SELECT n FROM kept")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
        }
    }

    /**
     * The server runs on its own once launched: a start that gave up waiting for it (crash recovery on a busy
     * machine outlasting the wait) stops it, or it would hold the port and the data directory and fail the next start.
     * (The next start is another process's: the embedded library keeps its own lock on the directory in this one.)
     */
    @Test
    void aStartThatGivesUpWaitingLeavesNoServerRunningAndSaysWhere() throws Exception {
        try (TemporaryDirectory data = TemporaryDirectory.create("kronika-postgres-test")) {
            int port = Ports.free();

            assertThatThrownBy(() -> PostgresServer.start(data.path(), port, "kronika", Duration.ZERO))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("port " + port).hasMessageContaining(data.path().toString())
                    .hasMessageNotContaining("may still run");

            assertThat(data.path().resolve("postmaster.pid")).as("the server's pid file").doesNotExist();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                try (ServerSocket free = new ServerSocket()) {
                    free.bind(new InetSocketAddress("localhost", port));
                }
            });
        }
    }

    private static String setting(Connection connection, String name) throws Exception {
        try (ResultSet rs = connection.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
