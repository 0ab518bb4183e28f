package org.kronika.local;

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
 * Loads the demo projects through the public command API, like any client would. Idempotent: every project and
 * activity has a fixed id, so on a second start the API answers 409 (already there) and nothing is doubled.
 */
public final class DemoData {

    public static final String RESOURCE = "/demo/projects.json";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    /** One command of the demo file: a POST of {@code body} to {@code path} on the command service. */
    public record Command(String path, JsonNode body) {
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
                commands.add(new Command("/api/projects", project.get("register")));
                for (JsonNode training : project.path("trainings")) {
                    commands.add(new Command("/api/projects/" + id + "/trainings", training));
                }
            }
            return commands;
        }
    }

    /** Returns how many commands created something new (the rest were already loaded). */
    public int load(String commandServiceUrl) throws IOException, InterruptedException {
        int created = 0;
        for (Command command : commands()) {
            var request = HttpRequest.newBuilder(URI.create(commandServiceUrl + command.path()))
                    .header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(command.body())))
                    .build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 201) {
                created++;
            } else if (response.statusCode() != 409) {
                throw new IllegalStateException("Demo command " + command.path() + " was rejected with "
                        + response.statusCode() + ": " + response.body());
            }
        }
        log.info("Demo data: {} commands recorded, {} already present", created, commands().size() - created);
        return created;
    }
}
