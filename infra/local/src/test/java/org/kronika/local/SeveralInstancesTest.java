package org.kronika.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kronika.infra.embedded.PostgresServer;
import org.kronika.verifier.VerifyCli;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two command-service and two query-service processes on one PostgreSQL, one Kafka broker and one MongoDB, under
 * mixed load sent to both instances of each, commands for the same projects arriving at both. In the middle, the
 * command-service instance that publishes and one query-service instance are killed with SIGKILL. Then every
 * acknowledged command is in the event store, no project's history forks, every event is on the topic in order
 * (repeats identical), the chains verify, every event is projected once, and two query-service instances answer
 * alike.
 */
class SeveralInstancesTest {

    private static final Logger log = LoggerFactory.getLogger(SeveralInstancesTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "kronika.project-events";
    private static final int PROJECTS = 4;
    private static final int CLIENTS = 4;
    /** 160 commands in the normal build; a soak run sends more: -Dkronika.instances.commands-per-client=1000. */
    private static final int COMMANDS_PER_CLIENT = Integer.getInteger("kronika.instances.commands-per-client", 40);

    private EmbeddedComponents components;

    /** A command the service answered with 2xx: its project, the version it answered, and its activity. */
    record Acknowledged(String projectId, long version, String activityId, String kind) {
    }

    @AfterEach
    void stopEverything() {
        if (components != null) {
            components.close();
        }
    }

    @Test
    void mixedLoadOnTwoInstancesOfEachServiceSurvivesTheKillOfOneOfEach(
            @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work) throws Exception {
        components = EmbeddedComponents.start(work);
        PostgresServer postgres = components.postgres;
        // The first instance creates the schema and the topic before the others start on them.
        ServiceProcess command1 = components.startService("command-service-1", "command-service");
        command1.awaitHealthy(EmbeddedComponents.START);
        ServiceProcess command2 = components.startService("command-service-2", "command-service");
        ServiceProcess query1 = components.startService("query-service-1", "query-service");
        ServiceProcess query2 = components.startService("query-service-2", "query-service");
        for (ServiceProcess service : List.of(command2, query1, query2)) {
            service.awaitHealthy(EmbeddedComponents.START);
        }

        List<ServiceProcess> commands = List.of(command1, command2);
        List<String> projects = new ArrayList<>();
        for (int p = 0; p < PROJECTS; p++) {
            String projectId = "instances-" + p;
            var registered = components.post(commands.get(p % 2), "admin-demo", "/api/projects",
                    EmbeddedComponents.registration(projectId, "Project " + p));
            assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
            projects.add(projectId);
        }

        // Mixed load: every client records and corrects activities of every project, alternating between the two
        // command-service instances, while readers ask both query-service instances.
        ConcurrentLinkedQueue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
        AtomicInteger conflicts = new AtomicInteger();
        ServiceProcess[] liveCommands = {command1, command2};
        CountDownLatch halfway = new CountDownLatch(CLIENTS * COMMANDS_PER_CLIENT / 2);
        ExecutorService load = Executors.newFixedThreadPool(CLIENTS + 1);
        List<Future<?>> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            clients.add(load.submit(() -> {
                for (int i = 0; i < COMMANDS_PER_CLIENT; i++) {
                    String projectId = projects.get((client + i) % PROJECTS);
                    // Every eighth command corrects the activity this client recorded four commands before, in the
                    // same project (that one was never itself a correction).
                    boolean correction = i % 8 == 7;
                    String activityId = "a-" + client + "-" + (correction ? i - PROJECTS : i);
                    String path = correction ? "/api/projects/" + projectId + "/activities/" + activityId + "/corrections"
                            : "/api/projects/" + projectId + "/activities/training-delivered";
                    Map<String, Object> body = correction
                            ? Map.of("reason", "Attendance sheet recounted",
                                    "corrected", EmbeddedComponents.training(activityId, 12 + i))
                            : EmbeddedComponents.training(activityId, 10 + i);
                    // A correction goes to the other instance than the recording did: one whose cached
                    // project may not know the activity yet.
                    send(liveCommands, (client + i + (correction ? 1 : 0)) % 2, path, body, projectId, activityId,
                            correction ? "corrected" : "recorded", acknowledged, conflicts);
                    halfway.countDown();
                }
                return null;
            }));
        }
        AtomicBoolean loading = new AtomicBoolean(true);
        ServiceProcess[] liveQueries = {query1, query2};
        load.submit(() -> {
            while (loading.get()) {
                for (ServiceProcess query : liveQueries) {
                    for (String projectId : projects) {
                        try {
                            components.get(query, "/api/projects/" + projectId);
                        } catch (IOException killed) {
                            // the killed instance no longer answers
                        }
                    }
                }
            }
            return null;
        });

        assertThat(halfway.await(240, TimeUnit.SECONDS)).as("half the load sent").isTrue();
        int publisherIndex = await().atMost(Duration.ofSeconds(30)).until(() -> publisherOwner(postgres, commands),
                owner -> owner >= 0);
        ServiceProcess publisher = commands.get(publisherIndex);
        long positionAtKill = components.metric(commands.get(1 - publisherIndex), "kronika_publisher_position");
        long killedAt = System.nanoTime();
        publisher.kill();
        liveCommands[publisherIndex] = commands.get(1 - publisherIndex);
        query1.kill();
        liveQueries[0] = query2;
        log.info("Killed {} (the publisher) and query-service-1 at publisher position {}", publisherIndex + 1,
                positionAtKill);

        ServiceProcess survivor = commands.get(1 - publisherIndex);
        // Failover: the survivor claims the publisher's segment once the dead owner's claim expires (8 s, claimed
        // every second: application.yml), with room for a machine busy with other builds.
        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofMillis(200))
                .until(() -> publisherOwner(postgres, commands) == 1 - publisherIndex);
        log.info("Publishing taken over after {} ms", (System.nanoTime() - killedAt) / 1_000_000);

        for (Future<?> client : clients) {
            client.get(240, TimeUnit.SECONDS);
        }
        loading.set(false);
        load.shutdown();
        assertThat(load.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> components.metric(survivor, "kronika_publisher_lag_events") == 0);

        // Stored: every acknowledged command's event is where its answer said, and no project forked.
        Map<String, List<String>> stored = storedEvents(postgres);
        for (Acknowledged ack : acknowledged) {
            List<String> events = stored.get(ack.projectId());
            assertThat(events.size()).as("%s stored", ack).isGreaterThan((int) ack.version());
            assertThat(events.get((int) ack.version())).as("%s is the event at its version", ack)
                    .contains("\"activityId\":\"" + ack.activityId() + "\"");
        }
        assertThat(acknowledged).hasSizeGreaterThan(CLIENTS * COMMANDS_PER_CLIENT / 2);

        // Published: every stored event on the topic, each project's in order; a repeat is the same record.
        Map<String, List<String>> published = publishedEventIds(components.kafka.bootstrapServers());
        for (String projectId : projects) {
            assertThat(published.get(projectId)).as(projectId + " on the topic, in order, each once after dropping repeats")
                    .containsExactlyElementsOf(storedIds(postgres, projectId));
        }

        // Chain-verified, by the auditors' command-line verifier.
        var out = new ByteArrayOutputStream();
        int exit = VerifyCli.run(new String[]{"--kafka", components.kafka.bootstrapServers()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        // The programme's own stream is on the topic too; every project must be among the intact chains.
        assertThat(out.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("OK"))
                .map(l -> l.substring(2).strip().split(":")[0])).containsAll(projects);

        // Projected once, and a query-service instance started after the kill answers as the survivor does.
        ServiceProcess query3 = components.startService("query-service-3", "query-service");
        query3.awaitHealthy(EmbeddedComponents.START);
        for (String projectId : projects) {
            int events = stored.get(projectId).size();
            long activities = stored.get(projectId).stream().filter(e -> e.startsWith("TrainingDelivered")).count();
            for (ServiceProcess query : List.of(query2, query3)) {
                JsonNode summary = await().atMost(Duration.ofSeconds(120)).until(
                        () -> components.get(query, "/api/projects/" + projectId),
                        s -> s != null && s.path("version").asInt() == events - 1);
                assertThat(summary.at("/totals/activities").asLong()).as(projectId).isEqualTo(activities);
                JsonNode history = components.get(query, "/api/projects/" + projectId + "/history?limit=500");
                assertThat(history.path("entries")).as(projectId + " history").hasSize(events);
            }
            for (String path : List.of("", "/history?limit=500", "/activities?size=200")) {
                assertThat(components.get(query3, "/api/projects/" + projectId + path))
                        .as("both instances answer %s%s alike", projectId, path)
                        .isEqualTo(components.get(query2, "/api/projects/" + projectId + path));
            }
        }
        log.info("{} commands acknowledged, {} answered 409 after retries", acknowledged.size(), conflicts.get());
    }

    /**
     * Sends a command to one instance, or to the other one when the first no longer answers (it was killed): as a
     * client behind a load balancer would. A command whose answer was lost may have been stored; sent again, the
     * activity's id makes it a repeat (409 "Already recorded"), never a second event.
     */
    private void send(ServiceProcess[] instances, int first, String path, Map<String, Object> body, String projectId,
                      String activityId, String kind, ConcurrentLinkedQueue<Acknowledged> acknowledged,
                      AtomicInteger conflicts) throws Exception {
        for (int attempt = 0; attempt < 4; attempt++) {
            ServiceProcess instance = instances[(first + attempt) % 2];
            HttpResponse<String> response;
            try {
                response = components.post(instance, "recorder-komf", path, body);
            } catch (IOException unreachable) {
                continue;
            }
            if (response.statusCode() / 100 == 2) {
                acknowledged.add(new Acknowledged(projectId, JSON.readTree(response.body()).path("version").asLong(),
                        activityId, kind));
                return;
            }
            if (attempt > 0 && (response.body().contains("Already recorded") || response.statusCode() == 422)) {
                // Sent again after an answer lost with the instance: the first one was stored.
                return;
            }
            assertThat(response.statusCode()).as("%s %s: %s", path, kind, response.body()).isIn(409, 503);
            if (response.statusCode() == 409) {
                conflicts.incrementAndGet();
            }
        }
    }

    /** Which of the instances owns the publisher's segment now, by the owner its token row names (pid@host). */
    private static int publisherOwner(PostgresServer postgres, List<ServiceProcess> commands) throws Exception {
        try (Connection connection = postgres.connect();
             ResultSet rs = connection.createStatement().executeQuery(
                     "SELECT owner FROM tokenentry WHERE processorname = 'kafka-publisher' AND segment = 0")) {
            String owner = rs.next() ? rs.getString(1) : null;
            for (int i = 0; i < commands.size(); i++) {
                if (owner != null && owner.startsWith(commands.get(i).pid() + "@")) {
                    return i;
                }
            }
            return -1;
        }
    }

    /** Each project's stored events in order, as "PayloadType payload". */
    private static Map<String, List<String>> storedEvents(PostgresServer postgres) throws Exception {
        Map<String, List<String>> events = new TreeMap<>();
        try (Connection connection = postgres.connect();
             ResultSet rs = connection.createStatement().executeQuery("SELECT aggregateidentifier, sequencenumber, "
                     + "payloadtype, payload FROM domainevententry ORDER BY aggregateidentifier, sequencenumber")) {
            while (rs.next()) {
                List<String> project = events.computeIfAbsent(rs.getString(1), k -> new ArrayList<>());
                assertThat(rs.getLong(2)).as("%s has no gap or fork", rs.getString(1)).isEqualTo(project.size());
                String type = rs.getString(3);
                project.add(type.substring(type.lastIndexOf('.') + 1) + " "
                        + new String(rs.getBytes(4), StandardCharsets.UTF_8));
            }
        }
        return events;
    }

    private static List<String> storedIds(PostgresServer postgres, String projectId) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = postgres.connect();
             var query = connection.prepareStatement("SELECT eventidentifier FROM domainevententry "
                     + "WHERE aggregateidentifier = ? ORDER BY sequencenumber")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /**
     * Each project's event ids in the order the topic holds them, repeats dropped as a reader drops them, after
     * checking that a repeat is the same event (same sequence, same bytes, same hash).
     */
    private static Map<String, List<String>> publishedEventIds(String bootstrap) {
        Map<String, List<String>> ids = new HashMap<>();
        Map<String, String> firstSeen = new HashMap<>();
        int repeats = 0;
        for (ConsumerRecord<String, byte[]> record : TopicRecords.all(bootstrap, TOPIC, Duration.ofSeconds(60))) {
            String id = TopicRecords.header(record, "ce_id");
            String identity = TopicRecords.header(record, "ce_sequence") + " " + TopicRecords.header(record, "ce_hash") + " "
                    + Arrays.hashCode(record.value());
            String before = firstSeen.putIfAbsent(id, identity);
            if (before == null) {
                ids.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(id);
            } else {
                assertThat(identity).as("a repeat of %s is the same event", id).isEqualTo(before);
                repeats++;
            }
        }
        log.info("{} events on the topic, {} repeats", firstSeen.size(), repeats);
        return ids;
    }
}
