package org.kronika.local;

import org.kronika.infra.embedded.LocalTokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The role × endpoint matrix, generated from the services' own OpenAPI documents: every documented operation
 * is called as every kind of caller and must answer as {@code access-matrix.csv} says. An operation missing
 * from the table fails, so no endpoint ships without a rule.
 */
final class AccessMatrix {

    static final List<String> CALLERS = List.of("anonymous", "admin", "officer", "recorder-own", "recorder-other",
            "auditor", "partner");
    private static final Map<String, String> CLIENTS = Map.of("admin", "admin-demo", "officer", "officer-demo",
            "recorder-own", "recorder-kec", "recorder-other", "recorder-komf", "auditor", "auditor-demo",
            "partner", "partner-demo");

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final LocalTokens clients;

    AccessMatrix(LocalTokens clients) {
        this.clients = clients;
    }

    record Rule(String service, String method, String path, Map<String, String> expected) {
    }

    static Map<String, Rule> rules() throws IOException {
        Map<String, Rule> rules = new LinkedHashMap<>();
        try (var reader = new BufferedReader(new InputStreamReader(
                AccessMatrix.class.getResourceAsStream("/access-matrix.csv"), StandardCharsets.UTF_8))) {
            List<String> lines = reader.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
            for (String line : lines.subList(1, lines.size())) {
                String[] cells = line.split(",");
                Map<String, String> expected = new LinkedHashMap<>();
                for (int i = 0; i < CALLERS.size(); i++) {
                    expected.put(CALLERS.get(i), cells[3 + i]);
                }
                rules.put(cells[0] + " " + cells[1] + " " + cells[2], new Rule(cells[0], cells[1], cells[2], expected));
            }
        }
        return rules;
    }

    /** Checks every documented operation of one service; returns how many calls were made. */
    int check(String service, String baseUrl, Map<String, String> pathValues) throws Exception {
        Map<String, Rule> rules = rules();
        JsonNode api = json.readTree(http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<String> missing = new ArrayList<>();
        int calls = 0;
        var paths = api.path("paths").fields();
        while (paths.hasNext()) {
            var path = paths.next();
            var operations = path.getValue().fields();
            while (operations.hasNext()) {
                var operation = operations.next();
                String method = operation.getKey().toUpperCase();
                Rule rule = rules.get(service + " " + method + " " + path.getKey());
                if (rule == null) {
                    missing.add(service + " " + method + " " + path.getKey());
                    continue;
                }
                String url = baseUrl + fill(path.getKey(), pathValues);
                String body = exampleBody(operation.getValue(), pathValues);
                for (String caller : CALLERS) {
                    int status = call(method, url, body, caller);
                    String expected = rule.expected().get(caller);
                    String context = caller + " " + method + " " + path.getKey() + " answered " + status;
                    if (expected.equals("allow")) {
                        assertThat(status).as(context).isNotIn(401, 403).isLessThan(500);
                    } else {
                        assertThat(status).as(context).isEqualTo(Integer.parseInt(expected));
                    }
                    calls++;
                }
            }
        }
        assertThat(missing).as("endpoints without an access rule in access-matrix.csv").isEmpty();
        return calls;
    }

    private int call(String method, String url, String body, String caller) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        if (!caller.equals("anonymous")) {
            request.header("Authorization", "Bearer " + clients.token(CLIENTS.get(caller)));
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            assertThat(response.headers().firstValue("Content-Type")).as(url).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        return response.statusCode();
    }

    private String exampleBody(JsonNode operation, Map<String, String> pathValues) throws Exception {
        JsonNode examples = operation.at("/requestBody/content/application~1json/examples");
        if (examples.isMissingNode() || examples.isEmpty()) {
            return operation.has("requestBody") ? "{}" : null;
        }
        return json.writeValueAsString(examples.elements().next().get("value"))
                .replace("example-participation", pathValues.get("projectId"))
                .replace("\"organisationId\":\"nopm\"", "\"organisationId\":\"kec\"")
                .replace("Network of Peace Movement (NOPM)", "Kosova Education Center (KEC)");
    }

    private static String fill(String template, Map<String, String> values) {
        String path = template;
        for (var value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path;
    }
}
