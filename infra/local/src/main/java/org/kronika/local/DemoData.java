package org.kronika.local;

import org.kronika.infra.embedded.LocalTokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the demo projects through the public command API, like any client would. Idempotent: every command is
 * sent with an Idempotency-Key derived from its place in the file, so on a second start each is answered from
 * the first run and nothing is doubled; a project or activity already present (409) counts as loaded too.
 */
public final class DemoData {

    public static final String RESOURCE = "/demo/projects.json";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private static final java.util.regex.Pattern LOGFRAME = java.util.regex.Pattern.compile(
            "^/api/projects(/[^/]+/(amendments|indicators|indicators/[^/]+/redefinitions|planned-activities))?$");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final LocalTokens clients;

    public DemoData(LocalTokens clients) {
        this.clients = clients;
    }

    /**
     * One command of the demo file: a POST of {@code body} to {@code path} on the command service, sent by the
     * client whose role may send it: the programme admin registers projects and their logframes, each
     * organisation's recorder records what its projects did.
     */
    public record Command(String path, JsonNode body, String client) {
    }

    public static List<Command> commands() throws IOException {
        try (InputStream in = DemoData.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " missing from the launcher");
            }
            JsonNode root = new ObjectMapper().readTree(in);
            List<Command> commands = new ArrayList<>();
            for (JsonNode project : root.get("projects")) {
                String id = project.at("/register/projectId").asText();
                String recorder = "recorder-" + project.at("/register/organisationId").asText();
                commands.add(new Command("/api/projects", project.get("register"), "admin-demo"));
                for (JsonNode command : project.path("commands")) {
                    String path = "/api/projects/" + id + "/" + command.get("path").asText();
                    commands.add(new Command(path, command.get("body"),
                            LOGFRAME.matcher(path).matches() ? "admin-demo" : recorder));
                }
            }
            return commands;
        }
    }

    /** Returns how many commands created something new (the rest were already loaded). */
    public int load(String commandServiceUrl) throws IOException, InterruptedException {
        int created = 0;
        List<Command> commands = commands();
        for (int i = 0; i < commands.size(); i++) {
            Command command = commands.get(i);
            var request = HttpRequest.newBuilder(URI.create(commandServiceUrl + command.path()))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + clients.token(command.client()))
                    .header("Idempotency-Key", "demo-" + i + "-" + Integer.toHexString(command.body().hashCode()))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(command.body())))
                    .build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
            if ((response.statusCode() == 200 || response.statusCode() == 201) && !replayed) {
                created++;
            } else if (response.statusCode() >= 300 && response.statusCode() != 409) {
                throw new IllegalStateException("Demo command " + command.path() + " was rejected with "
                        + response.statusCode() + ": " + response.body());
            }
        }
        log.info("Demo data: {} commands recorded, {} already present", created, commands.size() - created);
        return created;
    }
}
