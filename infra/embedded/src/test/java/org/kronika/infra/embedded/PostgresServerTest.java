package org.kronika.infra.embedded;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static String setting(Connection connection, String name) throws Exception {
        try (ResultSet rs = connection.createStatement().executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
