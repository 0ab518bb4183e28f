package org.kronika.local.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.verifier.VerifyCli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * The four stores compared, for a set of projects: what clients were told (the {@link Ledger}), what PostgreSQL
 * stored, what the topic carries (each project's hash chain checked by the verifier's code), and what the query
 * API shows. Nothing acknowledged may be missing anywhere, and nothing may count twice: an event stored twice for
 * one command, a sequence claimed by two different records, or read models that applied an event twice, in a
 * project's figures or in the programme's, which are rolled up apart.
 *
 * @param acknowledged     commands answered 2xx, the projects' registrations and indicators included
 * @param stored           events in PostgreSQL
 * @param published        events on the topic, each once, as far as each project's chain is intact
 * @param publishedRecords records on the topic, repeated deliveries included (at least once)
 * @param projected        events the read models hold, by the query side's own chain verification
 * @param lost             acknowledged but not stored, or stored but not published, or published but not projected
 * @param doubled          one command stored twice, or an event applied twice to the read models' totals
 * @param halfStored       a command's events without its Idempotency-Key, or its key without its events
 * @param brokenChains     projects whose chain does not verify, on the topic or on the query side
 * @param findings         anything else that does not hold, in words
 */
public record Reconciliation(String fault, int projects, long acknowledged, long stored, long published,
                             long publishedRecords, long projected, long lost, long doubled, long halfStored,
                             long brokenChains, List<String> findings) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public boolean holds() {
        return lost == 0 && doubled == 0 && halfStored == 0 && brokenChains == 0 && findings.isEmpty();
    }

    public static String tableHeader() {
        return "| Fault | Projects | Acknowledged | Stored | Published (distinct / records) | Projected | Lost | Doubled "
                + "| Half-stored | Broken chains |\n|---|---|---|---|---|---|---|---|---|---|\n";
    }

    public String tableRow() {
        return "| " + fault + " | " + projects + " | " + acknowledged + " | " + stored + " | " + published + " / "
                + publishedRecords + " | " + projected + " | " + lost + " | " + doubled + " | " + halfStored + " | "
                + brokenChains + " |\n";
    }

    @Override
    public String toString() {
        return tableHeader() + tableRow() + (findings.isEmpty() ? "" : "findings: " + findings + "\n");
    }

    /**
     * Waits (up to {@code catchUp}) until the topic and the read models have every stored event of the projects,
     * then compares the stores.
     */
    public static Reconciliation of(String fault, FaultStack stack, Collection<String> projects, Ledger ledger,
                                    Duration catchUp) throws SQLException, IOException, InterruptedException {
        List<String> findings = new ArrayList<>();
        Map<String, Stored> store = stored(stack, projects);
        String auditor = stack.tokens().token("auditor-demo");
        String queryUrl = stack.queryService().baseUrl();
        awaitProjected(queryUrl, auditor, store, catchUp);

        Set<String> projectIds = new HashSet<>(projects);
        List<Ledger.Command> commands = ledger.all().stream().filter(c -> projectIds.contains(c.projectId())).toList();
        Map<String, Integer> eventsPerCommand = new HashMap<>();
        store.values().forEach(s -> s.correlationIds.forEach(id -> eventsPerCommand.merge(id, 1, Integer::sum)));
        Set<String> keys = keysStored(stack, commands);

        long acknowledged = (long) Projects.SETUP_EVENTS * projects.size();
        long lost = 0;
        long doubled = 0;
        long halfStored = 0;
        Set<String> known = new HashSet<>();
        for (Ledger.Command command : commands) {
            known.add(command.id());
            int events = eventsPerCommand.getOrDefault(command.id(), 0);
            switch (command.outcome()) {
                case ACKNOWLEDGED -> {
                    acknowledged++;
                    lost += events == 0 ? 1 : 0;
                }
                case REFUSED -> {
                    if (events > 0) {
                        findings.add("command " + command.id() + " was refused (" + command.status() + ") yet stored");
                    }
                }
                default -> findings.add("command " + command.id() + " never got a definitive answer");
            }
            doubled += Math.max(0, events - 1);
            if ((events > 0) != keys.contains(command.id())) {
                halfStored++;
            }
        }
        eventsPerCommand.keySet().stream().filter(id -> !known.contains(id) && !isSetup(id))
                .forEach(id -> findings.add("events of a command no client sent: " + id));

        long stored = 0;
        long published = 0;
        long publishedRecords = 0;
        long projected = 0;
        long brokenChains = 0;
        VerifyCli.TopicScan topic = VerifyCli.scan(stack.kafka().bootstrapServers(), FaultStack.TOPIC, null);
        Map<String, ChainVerdict> chains = new HashMap<>();
        topic.verdicts().forEach(v -> chains.put(v.projectId(), v));
        for (String projectId : projects) {
            Stored events = store.get(projectId);
            stored += events.count;
            if (events.count != events.maxSequence + 1) {
                findings.add(projectId + ": the event store holds " + events.count + " events up to sequence "
                        + events.maxSequence);
            }
            ChainVerdict chain = chains.get(projectId);
            long onTopic = chain == null ? 0 : chain.events();
            if (chain != null && !chain.verified()) {
                brokenChains++;
                findings.add(projectId + " on the topic: " + chain.reason() + " at " + chain.brokenAt());
            }
            published += Math.min(onTopic, events.count);
            publishedRecords += topic.records().getOrDefault(projectId, 0L);
            lost += Math.max(0, events.count - onTopic);
            if (onTopic > events.count) {
                findings.add(projectId + ": " + onTopic + " events on the topic, " + events.count + " stored");
            }

            Projection view = projection(queryUrl, auditor, projectId);
            projected += Math.min(view.events, events.count);
            lost += Math.max(0, events.count - view.events);
            if (!view.verified) {
                brokenChains++;
                findings.add(projectId + " on the query side: its chain does not verify");
            }
            if (view.activities > events.trainings || view.participants > events.participants) {
                doubled += Math.max(1, view.activities - events.trainings);
            }
            if (view.activities < events.trainings || view.participants < events.participants) {
                lost += Math.max(1, events.trainings - view.activities);
            }
        }
        findings.addAll(programme(queryUrl, auditor, catchUp));
        return new Reconciliation(fault, projects.size(), acknowledged, stored, published, publishedRecords, projected,
                lost, doubled, halfStored, brokenChains, findings);
    }

    /**
     * The programme's totals against what its projects' own add up to. They are rolled up apart from each project's
     * summary (at the projector's checkpoints, by whichever instance holds the partition): a batch counted twice or
     * lost by the roll-up under a fault shows here and in no project's figures. Waits (up to {@code timeout}) for the
     * roll-up to catch up with the summaries.
     */
    private static List<String> programme(String queryUrl, String token, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String differs;
        do {
            List<Long> ownSum = projectsOwn(queryUrl, token);
            JsonNode portfolio = get(queryUrl + "/api/portfolio", token);
            List<Long> rolledUp = portfolio == null ? List.of() : List.of(portfolio.at("/totals/activities").asLong(),
                    portfolio.at("/totals/participants/total").asLong());
            if (ownSum.equals(rolledUp)) {
                return List.of();
            }
            differs = "the programme's totals (activities, participants) are " + rolledUp
                    + ", its projects' own add up to " + ownSum;
            LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
        } while (System.nanoTime() < deadline);
        return List.of(differs);
    }

    /** Every project's own figures, from the list of projects a page at a time: activities, participants. */
    private static List<Long> projectsOwn(String queryUrl, String token) throws IOException, InterruptedException {
        long activities = 0;
        long participants = 0;
        for (int page = 0; ; page++) {
            JsonNode list = get(queryUrl + "/api/projects?size=200&page=" + page, token);
            if (list == null || list.path("items").isEmpty()) {
                return List.of(activities, participants);
            }
            for (JsonNode entry : list.path("items")) {
                activities += entry.path("activities").asLong();
                participants += entry.path("participants").asLong();
            }
        }
    }

    /**
     * @param unansweredStored   commands the client got no answer for, stored whole: a retry is answered from the key
     * @param unansweredAbsent   commands the client got no answer for, not stored at all: a retry records them
     * @param halfStored         commands with events but no key, or a key but no events
     */
    public record InFlight(long unansweredStored, long unansweredAbsent, long halfStored) {
    }

    /** Right after a crash, before any retry: what became of the commands the clients got no answer for. */
    public static InFlight inFlight(FaultStack stack, Collection<String> projects, Ledger ledger) throws SQLException {
        Set<String> projectIds = new HashSet<>(projects);
        List<Ledger.Command> commands = ledger.all().stream().filter(c -> projectIds.contains(c.projectId())).toList();
        Set<String> withEvents = new HashSet<>();
        stored(stack, projects).values().forEach(s -> withEvents.addAll(s.correlationIds));
        Set<String> keys = keysStored(stack, commands);
        long stored = 0;
        long absent = 0;
        long half = 0;
        for (Ledger.Command command : commands) {
            boolean hasEvents = withEvents.contains(command.id());
            if (command.outcome() == Ledger.Outcome.UNANSWERED) {
                stored += hasEvents ? 1 : 0;
                absent += hasEvents ? 0 : 1;
            }
            half += hasEvents != keys.contains(command.id()) ? 1 : 0;
        }
        return new InFlight(stored, absent, half);
    }

    private static boolean isSetup(String correlationId) {
        return correlationId.endsWith("-registered") || correlationId.endsWith("-indicator");
    }

    /** One project in the event store: its events, and what they add up to. */
    private static final class Stored {
        long count;
        long maxSequence = -1;
        long trainings;
        long participants;
        final List<String> correlationIds = new ArrayList<>();
    }

    private static Map<String, Stored> stored(FaultStack stack, Collection<String> projects) throws SQLException {
        Map<String, Stored> store = new HashMap<>();
        projects.forEach(p -> store.put(p, new Stored()));
        try (Connection connection = stack.eventStore();
             PreparedStatement query = connection.prepareStatement("SELECT aggregateidentifier, sequencenumber, "
                     + "payloadtype, convert_from(metadata, 'UTF8')::json ->> 'correlationId', "
                     + "convert_from(payload, 'UTF8')::json -> 'participants' ->> 'total' FROM domainevententry "
                     + "WHERE aggregateidentifier = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("varchar", projects.toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    Stored project = store.get(rs.getString(1));
                    project.count++;
                    project.maxSequence = Math.max(project.maxSequence, rs.getLong(2));
                    if (rs.getString(3).endsWith(".TrainingDelivered")) {
                        project.trainings++;
                        project.participants += rs.getString(5) == null ? 0 : Long.parseLong(rs.getString(5));
                    }
                    if (rs.getString(4) != null) {
                        project.correlationIds.add(rs.getString(4));
                    }
                }
            }
        }
        return store;
    }

    /** The commands whose Idempotency-Key PostgreSQL holds: stored in the same transaction as their events. */
    private static Set<String> keysStored(FaultStack stack, List<Ledger.Command> commands) throws SQLException {
        Set<String> keys = new HashSet<>();
        try (Connection connection = stack.eventStore();
             PreparedStatement query = connection.prepareStatement("SELECT split_part(idempotency_key, ' ', 2) "
                     + "FROM idempotency_keys WHERE split_part(idempotency_key, ' ', 2) = ANY (?)")) {
            query.setArray(1, connection.createArrayOf("varchar", commands.stream().map(Ledger.Command::id).toArray()));
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    keys.add(rs.getString(1));
                }
            }
        }
        return keys;
    }

    private record Projection(long version, long events, boolean verified, long activities, long participants) {
    }

    private static Projection projection(String queryUrl, String token, String projectId)
            throws IOException, InterruptedException {
        JsonNode summary = get(queryUrl + "/api/projects/" + projectId, token);
        JsonNode verification = get(queryUrl + "/api/projects/" + projectId + "/verification", token);
        if (summary == null || verification == null) {
            return new Projection(-1, 0, true, 0, 0);
        }
        return new Projection(summary.path("version").asLong(-1), verification.path("events").asLong(),
                verification.path("verified").asBoolean(), summary.at("/totals/activities").asLong(),
                summary.at("/totals/participants/total").asLong());
    }

    private static void awaitProjected(String queryUrl, String token, Map<String, Stored> store, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (var project : store.entrySet()) {
            while (System.nanoTime() < deadline) {
                Projection view = projection(queryUrl, token, project.getKey());
                if (view.version == project.getValue().maxSequence && view.events == project.getValue().count) {
                    break;
                }
                LockSupport.parkNanos(Duration.ofMillis(500).toNanos());
            }
        }
    }

    private static JsonNode get(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }
}
