package org.kronika.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.infra.embedded.Ports;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A query service of a test's own, on a topic and a read store database of its own, started in the test's JVM, and
 * what such tests ask it over HTTP: for those that change the topic or the consumer group under a running service.
 */
final class RunningQueryService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final ConfigurableApplicationContext context;
    private final String base;

    RunningQueryService(String topic, String database) {
        int port = Ports.free();
        context = TestInfrastructure.queryService(port, topic, database);
        base = "http://localhost:" + port;
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    HttpResponse<String> send(String method, String path, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The projection's component of health, which answers anyone. */
    JsonNode projectionHealth() throws IOException, InterruptedException {
        return JSON.readTree(send("GET", "/actuator/health", null).body()).at("/components/projection");
    }

    /** The project as an auditor reads it, or {@code null} while the service has none. */
    JsonNode project(String projectId) throws IOException, InterruptedException {
        var response = send("GET", "/api/projects/" + projectId, Tokens.of("auditor-demo"));
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }

    @Override
    public void close() {
        context.close();
    }
}
