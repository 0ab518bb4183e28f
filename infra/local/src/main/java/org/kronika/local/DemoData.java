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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads the demo projects through the public command API, like any client would. Idempotent: every command is
 * sent with an Idempotency-Key derived from its place in the file, so on a second start each is answered from
 * the first run and nothing is doubled; a project or activity already present (409) counts as loaded too.
 */
public final class DemoData {

    public static final String RESOURCE = "/demo/projects.json";
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    /** Reviewing reports and closing projects out is a programme officer's. */
    private static final java.util.regex.Pattern REVIEW = java.util.regex.Pattern.compile(
            "^/api/projects/[^/]+/(periods/[^/]+/(approvals|returns)|closures)$");

    private static final java.util.regex.Pattern LOGFRAME = java.util.regex.Pattern.compile(
            "^/api/projects(/[^/]+/(amendments|indicators|indicators/[^/]+/redefinitions|planned-activities))?$");

    /** How many projects are loaded at once. */
    private static final int PROJECTS_AT_ONCE = 4;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final LocalTokens clients;

    public DemoData(LocalTokens clients) {
        this.clients = clients;
    }

    /**
     * One command of the demo file: a POST of {@code body} to {@code path} on the command service, sent by the
     * client whose role may send it: the programme admin registers projects and their logframes, each
     * organisation's recorder records what its projects did and submits their reports, the programme officer
     * approves them and closes a finished project out.
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
                    String client = LOGFRAME.matcher(path).matches() ? "admin-demo"
                            : REVIEW.matcher(path).matches() ? "officer-demo" : recorder;
                    commands.add(new Command(path, command.get("body"), client));
                }
            }
            return commands;
        }
    }

    /**
     * Returns how many commands created something new (the rest were already loaded). Each project's commands go in
     * the file's order, one after the other: an officer's approval or closure certifies the figures they reviewed, so
     * it names the project's version the commands before it left (If-Match), as an officer's page does. Projects go
     * side by side, a few at a time, as their organisations would record them.
     */
    public int load(String commandServiceUrl) throws IOException, InterruptedException {
        List<Command> commands = commands();
        Map<String, List<Integer>> byProject = new java.util.LinkedHashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            byProject.computeIfAbsent(projectOf(commands.get(i)), p -> new ArrayList<>()).add(i);
        }
        var pool = java.util.concurrent.Executors.newFixedThreadPool(PROJECTS_AT_ONCE);
        // Results as projects finish, not in the file's order: the first project refused stops the others at once,
        // and its error is the one reported, where waiting on the projects in order kept loading the rest.
        var finished = new java.util.concurrent.ExecutorCompletionService<Integer>(pool);
        int created = 0;
        try {
            for (List<Integer> inOrder : byProject.values()) {
                finished.submit(() -> load(commandServiceUrl, commands, inOrder));
            }
            for (int i = 0; i < byProject.size(); i++) {
                try {
                    created += finished.take().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    if (e.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        log.info("Demo data: {} commands recorded, {} already present", created, commands.size() - created);
        return created;
    }

    /** A project's commands, {@code inOrder} by their place in the file, each answered before the next is sent. */
    private int load(String commandServiceUrl, List<Command> commands, List<Integer> inOrder)
            throws IOException, InterruptedException {
        int created = 0;
        String version = null;
        for (int i : inOrder) {
            Command command = commands.get(i);
            var request = HttpRequest.newBuilder(URI.create(commandServiceUrl + command.path()))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + clients.token(command.client()))
                    // Its place in the whole file, as before projects were loaded side by side: a second start
                    // sends each command under the key its first start did.
                    .header("Idempotency-Key", "demo-" + i + "-" + Integer.toHexString(command.body().hashCode()))
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(command.body())));
            if (REVIEW.matcher(command.path()).matches() && version != null) {
                request.header("If-Match", version);
            }
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            version = response.headers().firstValue("ETag").orElse(version);
            boolean replayed = response.headers().firstValue("Idempotent-Replayed").isPresent();
            if ((response.statusCode() == 200 || response.statusCode() == 201) && !replayed) {
                created++;
            } else if (response.statusCode() == 409) {
                // Loaded before under another key (the file grew since): present already. Anything else a 409 can
                // say would leave the demo short of what it shows, so it is logged where a reader of the log sees it.
                if (!response.body().contains("\"Already recorded\"")
                        && !response.body().contains("\"Project already registered\"")) {
                    log.warn("Demo command {} refused with 409: {}", command.path(), response.body());
                }
            } else if (response.statusCode() >= 300) {
                throw new IllegalStateException("Demo command " + command.path() + " was rejected with "
                        + response.statusCode() + ": " + response.body());
            }
        }
        return created;
    }

    private static String projectOf(Command command) {
        String[] segments = command.path().split("/");
        return segments.length > 3 ? segments[3] : command.body().path("projectId").asText();
    }
}
