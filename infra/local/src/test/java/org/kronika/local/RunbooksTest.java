package org.kronika.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.kronika.events.chain.EventChain;
import org.kronika.events.checkpoint.SignedCheckpoints;
import org.kronika.verifier.VerifyCli;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runbooks of docs/operations.md, step by step as written there, on one set of embedded components kept
 * running from runbook to runbook (each service start costs about a minute on a busy machine): a dead-lettered
 * event, the diagnostic commands, rotating the checkpoint signing key together with a lost topic (both restart the
 * command service; the query service is left running and must follow the recreated topic by itself), PostgreSQL
 * restored from a backup older than the topic, and a lost read store. SQL is the runbook's, sent over JDBC instead
 * of psql; HTTP requests are the runbook's curl requests; the tools are run as the jars the runbooks name.
 */
class RunbooksTest {

    private static final String TOPIC = "kronika.project-events";
    private static final List<String> PROJECTS = List.of("runbook-0", "runbook-1");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A periodic checkpoint as soon as anything changed, so the key rotation can be seen within seconds. */
    private static final Map<String, String> CHECKPOINTS_OFTEN = Map.of("KRONIKA_CHECKPOINTS_INTERVAL", "PT2S");

    /** Events each project has so far: its summary's version is one less. */
    private final Map<String, Integer> events = new TreeMap<>();
    /** When the rotation retired the first key: what the key set must say. */
    private java.time.Instant retiredAt;

    @Test
    void everyRunbookOfTheOperationsGuideOnTheEmbeddedComponents(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path work)
            throws Exception {
        try (EmbeddedComponents components = EmbeddedComponents.start(work)) {
            ServiceProcess command = components.startService("command-service", "command-service", CHECKPOINTS_OFTEN);
            command.awaitHealthy(EmbeddedComponents.START);
            ServiceProcess query = components.startService("query-service", "query-service");
            query.awaitHealthy(EmbeddedComponents.START);
            for (String projectId : PROJECTS) {
                assertThat(components.post(command, "admin-demo", "/api/projects",
                        EmbeddedComponents.registration(projectId, "Runbook " + projectId)).statusCode()).isEqualTo(201);
                for (int i = 0; i < 3; i++) {
                    recordTraining(components, command, projectId, projectId + "-a" + i);
                }
                events.put(projectId, 4);
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> components.metric(command, "kronika_publisher_lag_events") == 0);
            awaitProjected(components, query);
            // The backup the PostgreSQL runbook restores, taken now: every event after this is newer than it.
            Backup backup = Backup.of(components);

            aDeadLetteredEvent(components, command, query);
            String oldCheckpoint = awaitCheckpoint(components, command, null);
            String keysBefore = components.send(command, null, "GET", "/api/checkpoints/keys", null).body();

            // Kafka topic lost, and (its restart doubling as the rotation's) rotating the checkpoint signing key.
            ServiceProcess rotated = aLostTopicWithTheKeyRotated(components, command, query, keysBefore);
            keyRotated(components, rotated, keysBefore, oldCheckpoint);

            ServiceProcess restored = postgresRestoredFromABackupOlderThanTheTopic(components, rotated, query, backup);
            diagnostics(components, restored, query);

            // Read store lost: the database is dropped; the query-service, started again, rebuilds it.
            query.close();
            try (var mongo = MongoClients.create(components.mongo.connectionString("kronika"))) {
                mongo.getDatabase("kronika").drop();
            }
            ServiceProcess rebuilt = components.startService("query-service-again", "query-service");
            rebuilt.awaitHealthy(EmbeddedComponents.START);
            awaitProjected(components, rebuilt);
        }
    }

    /**
     * A dead-lettered event: an event of runbook-0 stored with a type this version does not know (as a release that
     * removed a class would leave it), seen in the metric, the health and the letters' list; fixed (the type
     * resolves again), retried by the runbook's request, published once.
     */
    private void aDeadLetteredEvent(EmbeddedComponents components, ServiceProcess command, ServiceProcess query)
            throws Exception {
        String projectId = "runbook-0";
        long sequence = events.get(projectId);
        String eventId = storeLinkedTraining(components, projectId, sequence, "dead-letter-1",
                "org.kronika.events.TrainingDeliveredSinceRemoved");
        await().atMost(Duration.ofSeconds(60)).until(() -> components.metric(command, "kronika_publisher_dead_letters") == 1);
        JsonNode degraded = JSON.readTree(components.send(command, null, "GET", "/actuator/health", null).body());
        assertThat(degraded.path("status").asText()).as(degraded.toString()).isEqualTo("DEGRADED");
        assertThat(degraded.findValue("deadLetteredProjects").asInt()).isEqualTo(1);
        JsonNode letters = JSON.readTree(components.send(command, "admin-demo", "GET",
                "/api/admin/publisher/dead-letters", null).body());
        assertThat(letters.toString()).contains(projectId, "TrainingDeliveredSinceRemoved");

        // Fix the cause: here the stored row is put right, as a restore of the row or a release knowing the type would.
        try (Connection connection = components.postgres.connect();
             PreparedStatement fix = connection.prepareStatement(
                     "UPDATE domainevententry SET payloadtype = ? WHERE eventidentifier = ?")) {
            fix.setString(1, org.kronika.events.TrainingDelivered.class.getName());
            fix.setString(2, eventId);
            assertThat(fix.executeUpdate()).isEqualTo(1);
        }
        var retry = components.send(command, "admin-demo", "POST",
                "/api/admin/publisher/dead-letters/" + projectId + "/retry", null);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(JSON.readTree(retry.body()).path("published").asBoolean()).as(retry.body()).isTrue();
        events.merge(projectId, 1, Integer::sum);
        await().atMost(Duration.ofSeconds(60)).until(() -> components.metric(command, "kronika_publisher_dead_letters") == 0);
        assertThat(topic(components).get(projectId)).as("published once, in order").hasSize(events.get(projectId))
                .doesNotHaveDuplicates();
        await().atMost(Duration.ofSeconds(30)).until(() -> JSON.readTree(components.send(command, null, "GET",
                "/actuator/health", null).body()).path("status").asText().equals("UP"));
        awaitProjected(components, query);
    }

    /**
     * The topic is deleted; the runbook republishes it with the same ids and hashes. The command service's restart
     * also rotates its checkpoint key (new key configured, the old one listed as retired). The query service is
     * NOT restarted: it notices the new topic, rebuilds from it while answering from the old read models, switches.
     */
    private ServiceProcess aLostTopicWithTheKeyRotated(EmbeddedComponents components, ServiceProcess command,
                                                       ServiceProcess query, String keysBefore) throws Exception {
        Map<String, List<String>> before = topic(components);
        assertThat(before.keySet()).containsAll(PROJECTS); // and the programme's own stream
        String builtFrom = liveTopicId(components);
        // 1: stop every command-service instance; the loss: the topic is deleted.
        command.close();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                components.kafka.bootstrapServers()))) {
            admin.deleteTopics(List.of(TOPIC)).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(TOPIC));
        }
        // Meanwhile the query service answers from what it has.
        assertThat(components.get(query, "/api/projects/runbook-0").path("version").asInt())
                .isEqualTo(events.get("runbook-0") - 1);
        // 2: delete the publisher's token.
        try (Connection connection = components.postgres.connect()) {
            assertThat(connection.createStatement()
                    .executeUpdate("DELETE FROM tokenentry WHERE processorname = 'kafka-publisher'")).isEqualTo(1);
        }
        // 3: start the command-service (with the rotated key: key rotation's step 4); it creates the topic and
        // publishes every event again.
        JsonNode oldKey = JSON.readTree(keysBefore).path("keys").get(0);
        Path newKey = components.work.resolve("checkpoints-rotated.pem");
        Files.writeString(newKey, ed25519Pem());
        Map<String, String> rotation = new LinkedHashMap<>(CHECKPOINTS_OFTEN);
        rotation.put("KRONIKA_CHECKPOINTS_KEY_FILE", newKey.toString());
        rotation.put("KRONIKA_CHECKPOINTS_KEY_ID", "kronika-rotated");
        rotation.put("KRONIKA_CHECKPOINTS_RETIREDKEYS_0_KID", oldKey.path("kid").asText());
        rotation.put("KRONIKA_CHECKPOINTS_RETIREDKEYS_0_X", oldKey.path("x").asText());
        retiredAt = java.time.Instant.now();
        rotation.put("KRONIKA_CHECKPOINTS_RETIREDKEYS_0_RETIREDAT", retiredAt.toString());
        ServiceProcess republisher = components.startService("command-service-rotated", "command-service", rotation);
        republisher.awaitHealthy(EmbeddedComponents.START);
        await().atMost(Duration.ofSeconds(60)).until(() -> components.metric(republisher, "kronika_publisher_lag_events") == 0);
        assertThat(topic(components)).as("the same events, ids, hashes and bytes, in order").isEqualTo(before);
        // 4: the chains verify on the new topic.
        assertThat(verify(components)).contains("OK      runbook-0:", "OK      runbook-1:");
        // 5: nothing to do: the running query-service builds read models from the new topic and switches to them.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> !builtFrom.equals(liveTopicId(components)));
        assertThat(Files.readString(query.logFile())).contains("was recreated");
        awaitProjected(components, query);
        return republisher;
    }

    /** Key rotation, step 4's checks: the new key signs, the key set lists both, an old checkpoint still verifies. */
    private void keyRotated(EmbeddedComponents components, ServiceProcess command, String keysBefore,
                            String oldCheckpoint) throws Exception {
        recordTraining(components, command, "runbook-1", "runbook-1-after-rotation");
        events.merge("runbook-1", 1, Integer::sum);
        String newCheckpoint = awaitCheckpoint(components, command, "kronika-rotated");
        assertThat(newCheckpoint).isNotEqualTo(oldCheckpoint);
        String keysAfter = components.send(command, null, "GET", "/api/checkpoints/keys", null).body();
        String oldKid = JSON.readTree(keysBefore).path("keys").get(0).path("kid").asText();
        assertThat(JSON.readTree(keysAfter).findValuesAsText("kid")).containsExactly("kronika-rotated", oldKid);
        assertThat(java.time.Instant.parse(JSON.readTree(keysAfter).path("keys").get(1).path(SignedCheckpoints.RETIRED_AT)
                .asText())).as("when the old key stopped signing").isEqualTo(retiredAt);
        assertThat(keyIdOf(oldCheckpoint)).isEqualTo(oldKid);
        Path work = Files.createDirectories(components.work.resolve("rotation"));
        Files.writeString(work.resolve("old.jws"), oldCheckpoint);
        Files.writeString(work.resolve("jwks.json"), keysAfter);
        String said = verify(components, "--checkpoint", work.resolve("old.jws").toString(),
                "--keys", work.resolve("jwks.json").toString());
        assertThat(said).startsWith("CHECKPOINT signed").contains("OK      runbook-0:");
    }

    /**
     * PostgreSQL restored from the backup taken after the first events: the topic is ahead of the store for both
     * projects. The runbook's tool lists the events the store lacks and appends them as they were; the command
     * service, started again, publishes them again as repeats the readers drop, and the next command continues the
     * chain.
     */
    private ServiceProcess postgresRestoredFromABackupOlderThanTheTopic(EmbeddedComponents components,
                                                                        ServiceProcess command, ServiceProcess query,
                                                                        Backup backup) throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(() -> components.metric(command, "kronika_publisher_lag_events") == 0);
        Map<String, List<StoredRow>> storedBefore = storedRows(components);
        // 1: every command-service instance stopped; the loss: the backup is restored.
        command.close();
        backup.restore(components);
        assertThat(storedRows(components)).isNotEqualTo(storedBefore);
        // 2: find the streams whose topic is ahead of the store.
        var listed = components.runJar("command-service", "restore-from-topic");
        assertThat(listed.exit()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("BEHIND   runbook-0:", "BEHIND   runbook-1:", "0 in conflict")
                .doesNotContain("RESTORED");
        // 3: append them to the event store, as they were.
        var applied = components.runJar("command-service", "restore-from-topic", "--apply");
        assertThat(applied.exit()).as(applied.output()).isZero();
        assertThat(applied.output()).contains("RESTORED runbook-0", "RESTORED runbook-1");
        assertThat(storedRows(components)).as("the same ids, sequences, payloads, types and metadata")
                .isEqualTo(storedBefore);
        var again = components.runJar("command-service", "restore-from-topic");
        assertThat(again.output()).contains("0 behind in the event store", "0 in conflict");
        // 4: start the command-service; it publishes the events after the backup's token again, as repeats.
        ServiceProcess restarted = components.startService("command-service-restored", "command-service",
                CHECKPOINTS_OFTEN);
        restarted.awaitHealthy(EmbeddedComponents.START);
        recordTraining(components, restarted, "runbook-0", "runbook-0-after-restore");
        events.merge("runbook-0", 1, Integer::sum);
        await().atMost(Duration.ofSeconds(120)).until(() -> components.metric(restarted, "kronika_publisher_lag_events") == 0);
        assertThat(verify(components)).contains("OK      runbook-0:", "OK      runbook-1:");
        // 5: the backup predates the topic (created anew when it was lost above), so the service records it as holding
        // only what it republished: DOWN with lacksEventsFrom. The verifier passed it, so it is recorded complete, by
        // the runbook's own statement, and health is UP again.
        JsonNode lacking = await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(components.send(restarted,
                null, "GET", "/actuator/health", null).body()).at("/components/projectEventsTopic"),
                topic -> topic.at("/details/lacksEventsFrom").isNumber());
        assertThat(lacking.path("status").asText()).isEqualTo("DOWN");
        try (Connection connection = components.postgres.connect();
             PreparedStatement complete = connection.prepareStatement("INSERT INTO published_topics (topic_id, "
                     + "from_position, first_seen_at) VALUES (?, 0, now()) ON CONFLICT (topic_id) DO UPDATE SET "
                     + "from_position = 0")) {
            complete.setString(1, lacking.at("/details/topicId").asText());
            complete.executeUpdate();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> JSON.readTree(components.send(restarted, null, "GET",
                "/actuator/health", null).body()).at("/components/projectEventsTopic/status").asText().equals("UP"));
        Map<String, List<StoredRow>> stored = storedRows(components);
        Map<String, List<String>> onTopic = new TreeMap<>();
        topic(components).forEach((key, records) -> onTopic.put(key, records.stream().distinct()
                .map(r -> r.substring(0, r.lastIndexOf(' '))).toList()));
        Map<String, List<String>> storedIdsAndHashes = new TreeMap<>();
        stored.forEach((key, rows) -> storedIdsAndHashes.put(key, rows.stream().map(StoredRow::idSequenceHash).toList()));
        assertThat(onTopic).as("topic and store agree, event by event").isEqualTo(storedIdsAndHashes);
        awaitProjected(components, query);
        return restarted;
    }

    /** The diagnostic commands of the runbooks for alerts, as written there, answer on the running services. */
    private void diagnostics(EmbeddedComponents components, ServiceProcess command, ServiceProcess query)
            throws Exception {
        // Service down or unhealthy.
        JsonNode health = JSON.readTree(components.send(command, null, "GET", "/actuator/health", null).body());
        assertThat(health.path("status").asText()).as(health.toString()).isEqualTo("UP");
        assertThat(health.path("components").has("db")).isTrue();
        assertThat(components.send(query, null, "GET", "/actuator/health", null).body()).contains("projection");
        // Commands rejected or failing; publishing lags the event store.
        String commandScrape = components.send(command, null, "GET", "/actuator/prometheus", null).body();
        assertThat(commandScrape).contains("kronika_commands_seconds_count{", "kronika_publisher_lag_events",
                "kronika_eventstore_head", "kronika_publisher_position");
        try (Connection connection = components.postgres.connect(); ResultSet owner = connection.createStatement()
                .executeQuery("SELECT segment, owner, timestamp FROM tokenentry WHERE processorname = 'kafka-publisher'")) {
            assertThat(owner.next()).isTrue();
            assertThat(owner.getString("owner")).isNotBlank();
        }
        // Read models lag the topic; a parked project (none here).
        assertThat(components.send(query, null, "GET", "/actuator/prometheus", null).body())
                .contains("kronika_projection_remaining", "kronika_projection_rebuild_remaining");
        assertThat(components.send(query, "admin-demo", "GET", "/api/admin/read-models/lag", null).statusCode())
                .isEqualTo(200);
        var status = components.runJar("query-service", "read-models", "status", "--mongodb",
                components.mongo.connectionString("kronika"));
        assertThat(status.exit()).as(status.output()).isZero();
        var parked = components.send(query, "admin-demo", "GET", "/api/admin/read-models/parked", null);
        assertThat(parked.statusCode()).isEqualTo(200);
        assertThat(parked.body()).doesNotContain("runbook-");
        // A record that breaks the contract (none here): through the service, and the query for mongosh.
        var rejected = components.send(query, "admin-demo", "GET", "/api/admin/read-models/rejected", null);
        assertThat(rejected.statusCode()).isEqualTo(200);
        assertThat(rejected.body()).isEqualTo("[]");
        try (var mongo = MongoClients.create(components.mongo.connectionString("kronika"))) {
            assertThat(mongo.getDatabase("kronika").getCollection("rejected_records").find()
                    .sort(new Document("rejectedAt", -1)).limit(20).into(new ArrayList<>())).isEmpty();
        }
    }

    /** Every project at its last version with all its events, each once. */
    private void awaitProjected(EmbeddedComponents components, ServiceProcess query) {
        for (String projectId : PROJECTS) {
            int count = events.get(projectId);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode summary = components.get(query, "/api/projects/" + projectId);
                JsonNode history = components.get(query, "/api/projects/" + projectId + "/history?limit=50");
                return summary != null && summary.path("version").asInt() == count - 1
                        && history != null && history.path("entries").size() == count;
            });
        }
    }

    private static void recordTraining(EmbeddedComponents components, ServiceProcess command, String projectId,
                                       String activityId) throws Exception {
        assertThat(components.post(command, "recorder-komf", "/api/projects/" + projectId
                + "/activities/training-delivered", EmbeddedComponents.training(activityId, 10)).statusCode())
                .isEqualTo(201);
    }

    /**
     * A training stored straight into the event store as the next link of the project's chain, with a payload type
     * of the caller's choosing; its event id.
     */
    private static String storeLinkedTraining(EmbeddedComponents components, String projectId, long sequence,
                                              String activityId, String payloadType) throws Exception {
        String payload = "{\"projectId\":\"" + projectId + "\",\"activityId\":\"" + activityId + "\",\"title\":"
                + "\"Case management\",\"occurredOn\":\"2024-03-12\",\"municipality\":\"Gjilan\",\"participants\":"
                + "{\"total\":12,\"bySex\":{\"female\":7,\"male\":5},\"byAgeBand\":{},\"byCommunity\":{}},"
                + "\"plannedActivityId\":null,\"indicatorIds\":[],\"module\":null,\"sessions\":1,"
                + "\"deliveryMode\":\"in-person\"}";
        String recordedAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        String eventId = UUID.randomUUID().toString();
        try (Connection connection = components.postgres.connect()) {
            String previous;
            try (PreparedStatement last = connection.prepareStatement("SELECT metadata FROM domainevententry "
                    + "WHERE aggregateidentifier = ? AND sequencenumber = ?")) {
                last.setString(1, projectId);
                last.setLong(2, sequence - 1);
                try (ResultSet row = last.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    previous = JSON.readTree(row.getBytes(1)).path("hash").asText();
                }
            }
            Map<String, Object> data = JSON.readValue(payload, new TypeReference<>() {
            });
            String hash = EventChain.hash("org.kronika.training-delivered.v1", projectId, sequence, "2024-03-12",
                    recordedAt, EventChain.actor("recorder-komf", "recorder", "komf"), data, previous);
            Map<String, String> metadata = Map.of("recordedAt", recordedAt, "prevHash", previous, "hash", hash,
                    "actorSubject", "recorder-komf", "actorRole", "recorder", "actorOrganisation", "komf");
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO domainevententry "
                    + "(aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload, payloadrevision, "
                    + "payloadtype, timestamp) VALUES (?, ?, 'Project', ?, ?, ?, '1.1', ?, ?)")) {
                insert.setString(1, projectId);
                insert.setLong(2, sequence);
                insert.setString(3, eventId);
                insert.setBytes(4, JSON.writeValueAsBytes(metadata));
                insert.setBytes(5, payload.getBytes(StandardCharsets.UTF_8));
                insert.setString(6, payloadType);
                insert.setString(7, recordedAt);
                insert.executeUpdate();
            }
        }
        return eventId;
    }

    /** The latest published checkpoint's JWS, once one signed with {@code keyId} (null: any) is there. */
    private static String awaitCheckpoint(EmbeddedComponents components, ServiceProcess command, String keyId) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
            var latest = components.send(command, "auditor-demo", "GET", "/api/checkpoints", "application/jose");
            if (latest.statusCode() != 200) {
                return false;
            }
            found[0] = latest.body().strip();
            return keyId == null || keyId.equals(keyIdOf(found[0]));
        });
        return found[0];
    }

    private static String keyIdOf(String jws) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jws.substring(0, jws.indexOf('.')))).path("kid").asText();
    }

    /** What {@code openssl genpkey -algorithm ed25519} writes: a PKCS#8 PEM private key. */
    private static String ed25519Pem() throws Exception {
        byte[] pkcs8 = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate().getEncoded();
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pkcs8) + "\n-----END PRIVATE KEY-----\n";
    }

    /** The id of the topic the live read models were built from, as the query-service records it. */
    private static String liveTopicId(EmbeddedComponents components) {
        try (var mongo = MongoClients.create(components.mongo.connectionString("kronika"))) {
            var readModels = mongo.getDatabase("kronika").getCollection("read_models");
            Document pointer = readModels.find(Filters.regex("_id", "^live-v")).first();
            assertThat(pointer).as("a live generation").isNotNull();
            Document live = readModels.find(Filters.eq("_id", "g" + pointer.getInteger("generation"))).first();
            return live.getString("topicId");
        }
    }

    /** Each project's records on the topic: id, sequence, hash and the bytes of the value, in the topic's order. */
    private static Map<String, List<String>> topic(EmbeddedComponents components) {
        Map<String, List<String>> records = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : TopicRecords.all(components.kafka.bootstrapServers(), TOPIC,
                Duration.ofSeconds(30))) {
            records.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(TopicRecords.header(record, "ce_id") + " "
                    + TopicRecords.header(record, "ce_sequence") + " " + TopicRecords.header(record, "ce_hash") + " "
                    + Arrays.hashCode(record.value()));
        }
        return records;
    }

    /** A row of the event store, all but its global index (a row appended again gets a new one) and timestamp. */
    record StoredRow(String id, long sequence, String type, String payloadType, String revision, JsonNode metadata,
                     String payload) {

        String idSequenceHash() {
            return id + " " + sequence + " " + metadata.path("hash").asText();
        }
    }

    private static Map<String, List<StoredRow>> storedRows(EmbeddedComponents components) throws Exception {
        Map<String, List<StoredRow>> streams = new TreeMap<>();
        try (Connection connection = components.postgres.connect(); ResultSet row = connection.createStatement()
                .executeQuery("SELECT aggregateidentifier, eventidentifier, sequencenumber, type, payloadtype, "
                        + "payloadrevision, metadata, payload FROM domainevententry ORDER BY aggregateidentifier, "
                        + "sequencenumber")) {
            while (row.next()) {
                streams.computeIfAbsent(row.getString(1), k -> new ArrayList<>()).add(new StoredRow(row.getString(2),
                        row.getLong(3), row.getString(4), row.getString(5), row.getString(6),
                        JSON.readTree(row.getBytes(7)), new String(row.getBytes(8), StandardCharsets.UTF_8)));
            }
        }
        return streams;
    }

    private static String verify(EmbeddedComponents components, String... more) {
        List<String> args = new ArrayList<>(List.of("--kafka", components.kafka.bootstrapServers()));
        args.addAll(List.of(more));
        var out = new ByteArrayOutputStream();
        int exit = VerifyCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(said).isZero();
        return said;
    }

    /**
     * A backup of the event store's database, as a restore would bring it back: every table's rows and every
     * sequence's value (the embedded PostgreSQL has no pg_dump; COPY moves the same data).
     */
    private record Backup(Map<String, byte[]> tables, Map<String, Long> sequences) {

        static Backup of(EmbeddedComponents components) throws Exception {
            Map<String, byte[]> tables = new LinkedHashMap<>();
            Map<String, Long> sequences = new LinkedHashMap<>();
            try (Connection connection = components.postgres.connect()) {
                CopyManager copy = new CopyManager(connection.unwrap(BaseConnection.class));
                for (String table : tables(connection)) {
                    var out = new ByteArrayOutputStream();
                    copy.copyOut("COPY " + table + " TO STDOUT (FORMAT binary)", out);
                    tables.put(table, out.toByteArray());
                }
                try (ResultSet row = connection.createStatement().executeQuery(
                        "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")) {
                    while (row.next()) {
                        long value = row.getLong(2);
                        sequences.put(row.getString(1), row.wasNull() ? null : value);
                    }
                }
            }
            return new Backup(tables, sequences);
        }

        void restore(EmbeddedComponents components) throws Exception {
            try (Connection connection = components.postgres.connect()) {
                connection.setAutoCommit(false);
                connection.createStatement().execute("TRUNCATE " + String.join(", ", tables(connection)));
                CopyManager copy = new CopyManager(connection.unwrap(BaseConnection.class));
                for (var table : tables.entrySet()) {
                    copy.copyIn("COPY " + table.getKey() + " FROM STDIN (FORMAT binary)",
                            new ByteArrayInputStream(table.getValue()));
                }
                for (var sequence : sequences.entrySet()) {
                    connection.createStatement().execute(sequence.getValue() == null
                            ? "SELECT setval('" + sequence.getKey() + "', 1, false)"
                            : "SELECT setval('" + sequence.getKey() + "', " + sequence.getValue() + ", true)");
                }
                connection.commit();
            }
        }

        private static List<String> tables(Connection connection) throws Exception {
            List<String> tables = new ArrayList<>();
            try (ResultSet row = connection.createStatement().executeQuery("SELECT table_name FROM "
                    + "information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                    + "ORDER BY table_name")) {
                while (row.next()) {
                    tables.add(row.getString(1));
                }
            }
            return tables;
        }
    }
}
