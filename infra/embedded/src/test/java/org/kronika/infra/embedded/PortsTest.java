package org.kronika.infra.embedded;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A port counts as in use only where a server could not bind it as the embedded servers bind (Kafka, PostgreSQL,
 * the MongoDB stand-in and Tomcat all with SO_REUSEADDR): a listener holds it, the TIME-WAIT connections a stopped
 * server leaves behind for a minute do not.
 */
class PortsTest {

    private static final String TIME_WAIT = "06";

    @Test
    void aPortWithALiveListenerIsInUse() throws IOException {
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress("localhost", 0));

            assertThat(Ports.inUse(listener.getLocalPort())).isTrue();
        }
    }

    @Test
    void aPortLeftWithOnlyTimeWaitConnectionsOfAStoppedServerIsNotInUse() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "reads the connections' states from Linux's /proc");
        int port;
        try (ServerSocket listener = new ServerSocket()) {
            listener.bind(new InetSocketAddress("localhost", 0));
            port = listener.getLocalPort();
            try (Socket client = new Socket("localhost", port)) {
                // The server closes first, as a stopping server does: TIME-WAIT stays on the server's port.
                listener.accept().close();
                assertThat(client.getInputStream().read()).isEqualTo(-1);
            }
        }
        int serversPort = port;
        await().atMost(Duration.ofSeconds(10)).until(() -> timeWaitOn(serversPort));

        assertThat(Ports.inUse(port)).isFalse();
    }

    /** Whether a connection in TIME-WAIT has {@code port} as its local port (IPv4 or IPv6 table). */
    private static boolean timeWaitOn(int port) {
        String localPort = ":" + String.format(Locale.ROOT, "%04X", port);
        return Stream.of("/proc/net/tcp", "/proc/net/tcp6").map(Path::of).filter(Files::isReadable)
                .flatMap(PortsTest::lines)
                .map(line -> line.trim().split("\\s+"))
                .anyMatch(fields -> fields.length > 3 && fields[1].endsWith(localPort) && fields[3].equals(TIME_WAIT));
    }

    private static Stream<String> lines(Path table) {
        try {
            List<String> lines = Files.readAllLines(table);
            return lines.stream().skip(1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
