package org.kronika.local.faults;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Registers the projects a load records for: organisation {@code kec}, each with the indicator {@code reached}. */
public final class Projects {

    /** What every project holds before any load: its registration and its indicator. */
    public static final int SETUP_EVENTS = 2;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private Projects() {
    }

    public static List<String> register(FaultStack stack, String prefix, int count)
            throws IOException, InterruptedException {
        String admin = stack.tokens().token("admin-demo");
        String commandUrl = stack.commandService().baseUrl();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = prefix + "-" + i;
            post(commandUrl + "/api/projects", admin, id + "-registered", "{\"projectId\":\"" + id + "\","
                    + "\"organisationId\":\"kec\",\"organisation\":\"Kosova Education Center (KEC)\",\"title\":\"Under faults "
                    + id + "\",\"municipalities\":[\"Gjilan\",\"Prishtinë\"],\"startDate\":\"2024-01-01\","
                    + "\"endDate\":\"2026-12-31\"}");
            post(commandUrl + "/api/projects/" + id + "/indicators", admin, id + "-indicator",
                    "{\"indicatorId\":\"reached\",\"name\":\"People reached\",\"unit\":\"count\",\"counts\":"
                            + "\"participants\",\"aggregation\":\"sum\",\"baseline\":0,\"target\":1000000,"
                            + "\"dimensions\":[\"sex\"]}");
            ids.add(id);
        }
        return ids;
    }

    private static void post(String url, String token, String key, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .header("Idempotency-Key", key).header("X-Correlation-Id", key)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }
}
