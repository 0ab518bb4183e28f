package org.kronika.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kronika.infra.embedded.LocalTokens;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The launcher's demo load, against a command service that refuses one project: the launcher's own behaviour, so
 * a plain HTTP server stands in for the services here; LocalKronikaEndToEndTest loads the demo into the real ones.
 */
class DemoDataTest {

    private final ExecutorService answering = Executors.newCachedThreadPool();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        answering.shutdownNow();
    }

    @Test
    void theFirstProjectRefusedStopsTheLoadAndIsTheErrorReported() throws Exception {
        var commands = DemoData.commands();
        String first = commands.get(0).body().path("projectId").asText();
        String refused = commands.stream().filter(c -> c.path().equals("/api/projects"))
                .map(c -> c.body().path("projectId").asText()).filter(id -> !id.equals(first)).findFirst().orElseThrow();
        long firstProjectsCommands = commands.stream()
                .filter(c -> c.path().startsWith("/api/projects/" + first + "/")).count();
        AtomicInteger received = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(answering);
        server.createContext("/oauth2/token", exchange -> answer(exchange, 200, "{\"access_token\":\"t\"}"));
        server.createContext("/api/projects", exchange -> {
            received.incrementAndGet();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (exchange.getRequestURI().getPath().equals("/api/projects") && body.contains("\"" + refused + "\"")) {
                answer(exchange, 400, "{\"title\":\"Invalid command\",\"detail\":\"refused for the test\"}");
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, 201, "{}");
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();

        assertThatThrownBy(() -> new DemoData(new LocalTokens(url)).load(url))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Demo command /api/projects was rejected with 400")
                .hasMessageContaining("refused for the test");
        // Waiting on the projects in the file's order sent all of the first project's commands, and the other
        // projects' meanwhile, before it saw the second one refused.
        assertThat(received.get()).isLessThan((int) firstProjectsCommands);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
