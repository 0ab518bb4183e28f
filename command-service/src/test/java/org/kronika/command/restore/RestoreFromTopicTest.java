package org.kronika.command.restore;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.ledger.LedgerRows;
import org.kronika.command.publishing.TopicReader;
import org.kronika.events.CloudEventHeaders;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The restore tool against copies of a project's records on topics of their own, each altered as a tampered or
 * diverged topic would be, over an event store that lost the project's last events (a backup older than the topic).
 * It appends only what an auditor's verifier would accept: every hash recomputed, never taken from its header.
 */
class RestoreFromTopicTest extends IntegrationTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EventStorageEngine events;
    @Autowired
    Cache projectCache;

    @Test
    void appendsOnlyAHistoryWhoseHashesItRecomputedAndCallsAForkAConflict() throws Exception {
        String projectId = "restore-" + UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> records = registeredAndTrainedThrice(projectId);

        // As after a backup taken at event 1: the store has lost events 2 and 3.
        var lost = jdbc.queryForList("SELECT * FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND sequencenumber >= 2 ORDER BY sequencenumber", projectId);
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber >= 2", projectId);
        try {
            assertThat(restore(copy(records, record -> record)).output()).as("the topic as published")
                    .contains("BEHIND   " + projectId).contains("0 in conflict").doesNotContain("incomplete");
            assertThat(restore(copy(records, record -> record.headers().lastHeader(CloudEventHeaders.SEQUENCE) != null
                    && sequence(record) == 2 ? withValue(record, new String(record.value(), StandardCharsets.UTF_8)
                    .replace("\"total\":3", "\"total\":30")) : record)).output())
                    .as("a payload changed on the topic, its hash header kept")
                    .contains("CONFLICT " + projectId + ": event 2 at partition 0, offset 2 is CHANGED: its content "
                            + "does not match its hash");
            assertThat(restore(copy(records, record -> sequence(record) == 3 ? without(record,
                    CloudEventHeaders.PREV_HASH) : record)).output()).as("a link left out")
                    .contains("CONFLICT " + projectId + ": event 3 at partition 0, offset 3 is UNLINKED");
            assertThat(restore(copy(records, record -> sequence(record) == 3 ? without(without(record,
                    CloudEventHeaders.PREV_HASH), CloudEventHeaders.HASH) : record)).output())
                    .as("both hashes left out")
                    .contains("CONFLICT " + projectId + ": event 3 at partition 0, offset 3 carries no hash");
            // Event 3 twice on the topic, the second copy another event: that stream is a conflict, not an error
            // that stops the restore of every other stream.
            List<ConsumerRecord<String, byte[]>> twice = new java.util.ArrayList<>(records);
            twice.add(records.get(3));
            var copies = new java.util.concurrent.atomic.AtomicInteger();
            assertThat(restore(copy(twice, record -> sequence(record) == 3 && copies.incrementAndGet() == 2
                    ? withHeader(record, CloudEventHeaders.ID, UUID.randomUUID().toString()) : record)).output())
                    .contains("CONFLICT " + projectId + ": the topic holds two different events 3 (")
                    .contains("1 streams on ").contains("1 in conflict").doesNotContain("error:");
        } finally {
            assertThat(restore(copy(records, record -> record), "--apply").output()).contains("RESTORED " + projectId);
        }
        assertThat(jdbc.queryForList("SELECT eventidentifier FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND sequencenumber >= 2 ORDER BY sequencenumber", String.class, projectId))
                .containsExactlyElementsOf(lost.stream().map(row -> (String) row.get("eventidentifier")).toList());

        // The store as long as the topic, but its last event another: a command accepted after the restore.
        assertThat(restore(copy(records, record -> sequence(record) == 3 ? withHeader(record, CloudEventHeaders.ID,
                UUID.randomUUID().toString()) : record)).output()).contains("CONFLICT " + projectId + ": the store's event 3 is "
                + lost.get(1).get("eventidentifier")).contains("the histories forked");
    }

    /**
     * A command service left running records an event of the stream while the restore compares it: the topic's events
     * were appended after that event, whose sequence they skip and whose hash the first of them does not name, and
     * the restore said RESTORED. Now the stream is a conflict, and nothing of the topic's is written.
     */
    @Test
    void anEventRecordedWhileTheRestoreRunsMakesItsStreamAConflictNotABrokenChain() throws Exception {
        String projectId = "restore-" + UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> records = registeredAndTrainedThrice(projectId);
        Map<String, Object> second = jdbc.queryForMap("SELECT * FROM domainevententry WHERE aggregateidentifier = ? "
                + "AND sequencenumber = 2", projectId);
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber >= 2", projectId);
        String meanwhile = UUID.randomUUID().toString();
        try {
            Run run = restore(copy(records, record -> record), line -> {
                if (line.startsWith("BEHIND   " + projectId)) {
                    jdbc.update("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, "
                            + "eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp) "
                            + "VALUES (?, 2, ?, ?, ?, ?, ?, ?, ?)", projectId, second.get("type"), meanwhile,
                            second.get("metadata"), second.get("payload"), second.get("payloadrevision"),
                            second.get("payloadtype"), second.get("timestamp"));
                }
            }, "--apply");

            assertThat(run.exit()).as(run.output()).isEqualTo(1);
            assertThat(run.output()).contains("CONFLICT " + projectId + ": the event store took an event of the stream "
                    + "while this ran").doesNotContain("RESTORED " + projectId);
            assertThat(jdbc.queryForList("SELECT eventidentifier FROM domainevententry WHERE aggregateidentifier = ? "
                    + "AND sequencenumber >= 2", String.class, projectId)).containsExactly(meanwhile);
        } finally {
            jdbc.update("DELETE FROM domainevententry WHERE eventidentifier = ?", meanwhile);
            assertThat(restore(copy(records, record -> record), "--apply").output()).contains("RESTORED " + projectId);
        }
    }

    /**
     * A backup older than the topic holds the ledgers as they were at its last event; the events the restore appends
     * leave their heads behind, and the first command folds them in: the project answers from everything restored,
     * its measurements (corrected, retracted, how late) and its activities alike.
     */
    @Test
    void aProjectRestoredFromTheTopicAnswersFromLedgersCaughtUpWithTheRestoredEvents() throws Exception {
        String projectId = "restore-" + UUID.randomUUID();
        register(projectId);
        assertThat(post("/api/projects/{id}/indicators", Map.of("indicatorId", "trained", "name", "People trained",
                "unit", "count", "counts", "measured", "aggregation", "sum", "baseline", 0, "target", 100), projectId))
                .isEqualTo(201);
        assertThat(measure(projectId, "m-1", "2024-03-12", 10)).isEqualTo(201);
        assertThat(measure(projectId, "m-2", "2024-03-13", 10)).isEqualTo(201);
        assertThat(post("/api/projects/{id}/indicators/trained/measurements/m-1/corrections", Map.of("reason",
                "Dated wrongly", "corrected", Map.of("measuredOn", "2024-05-02", "value", 12)), projectId))
                .isEqualTo(200);
        assertThat(post("/api/projects/{id}/indicators/trained/measurements/m-2/retractions", Map.of("reason",
                "Measured twice"), projectId)).isEqualTo(200);
        train(projectId, "t-1");
        List<ConsumerRecord<String, byte[]>> records = published(projectId, 7);

        // As after a backup taken at event 1, the indicator's definition: its events, ledgers and snapshots then.
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber >= 2", projectId);
        jdbc.update("DELETE FROM snapshotevententry WHERE aggregateidentifier = ? AND sequencenumber >= 2", projectId);
        for (String ledger : List.of("activity_ledger", "measurement_ledger")) {
            assertThat(jdbc.update("DELETE FROM " + ledger + " WHERE project_id = ?", projectId)).isPositive();
            assertThat(jdbc.update("UPDATE " + ledger + "_heads SET sequence = 1 WHERE project_id = ?", projectId))
                    .isEqualTo(1);
        }
        projectCache.removeAll();
        assertThat(restore(copy(records, record -> record), "--apply").output()).contains("RESTORED " + projectId);

        assertThat(post("/api/projects/{id}/amendments", Map.of("endDate", "2024-04-30", "reason", "Shortened"),
                projectId)).as("m-1, corrected to 2024-05-02, stands").isEqualTo(422);
        assertThat(measure(projectId, "m-1", "2024-03-12", 10)).as("recorded, and corrected since").isEqualTo(409);
        assertThat(post("/api/projects/{id}/indicators/trained/measurements/m-2/corrections", Map.of("reason",
                "Recounted", "corrected", Map.of("measuredOn", "2024-03-13", "value", 11)), projectId))
                .as("retracted").isEqualTo(422);
        assertThat(post("/api/projects/{id}/activities/training-delivered", Map.of("activityId", "t-1", "title",
                "Case management", "occurredOn", "2024-03-12", "municipality", "Gjilan", "sessions", 1,
                "participants", Map.of("total", 3)), projectId)).as("recorded").isEqualTo(409);
        assertThat(measure(projectId, "m-3", "2024-03-14", 10)).isEqualTo(201);
        LedgerRows.assertMeasurementsAreTheFoldOfTheEvents(events, projectId);
        assertThat(LedgerRows.measurements(projectId)).containsOnlyKeys("m-1", "m-2", "m-3");
    }

    /**
     * A backup taken before the hash chain existed holds a project's events without hashes, and the first event
     * recorded after the upgrade names the genesis hash as its previous: restored onto that backup, it follows the
     * stored head, and is no fork.
     */
    @Test
    void anEventChainedAfterAStoredHeadFromBeforeTheChainIsRestoredNotCalledAFork() throws Exception {
        String projectId = "restore-" + UUID.randomUUID();
        register(projectId);
        // The registration as stored before the chain: no hash, no previous, no time of recording.
        jdbc.update("UPDATE domainevententry SET metadata = convert_to((convert_from(metadata, 'UTF8')::jsonb"
                + " - 'hash' - 'prevHash' - 'recordedAt')::text, 'UTF8') WHERE aggregateidentifier = ?", projectId);
        jdbc.update("DELETE FROM snapshotevententry WHERE aggregateidentifier = ?", projectId);
        projectCache.removeAll();
        train(projectId, "t-1");
        List<ConsumerRecord<String, byte[]>> records = published(projectId, 2);
        assertThat(new String(records.get(1).headers().lastHeader(CloudEventHeaders.PREV_HASH).value(),
                StandardCharsets.UTF_8)).as("the first chained event follows the genesis").isEqualTo("0".repeat(64));
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber >= 1", projectId);
        projectCache.removeAll();

        Run run = restore(copy(records, record -> record), "--apply");

        assertThat(run.output()).contains("RESTORED " + projectId).doesNotContain("CONFLICT " + projectId);
        assertThat(storedEvents(projectId)).isEqualTo(2);
    }

    /**
     * An event from before the chain published the time it was stored as its ce_time, which is what it is stored
     * with again: not the record's timestamp, which a topic with LogAppendTime or a copy that did not keep it changed.
     */
    @Test
    void anEventFromBeforeTheChainIsStoredAgainAtTheTimeItPublished() throws Exception {
        String projectId = "restore-" + UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> records = registeredAndTrainedThrice(projectId);
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ?", projectId);
        // As published before the chain, on a copy whose records the producer timestamps anew.
        String topic = copy(records, record -> withHeader(without(without(record, CloudEventHeaders.HASH),
                CloudEventHeaders.PREV_HASH), CloudEventHeaders.TIME, "2024-01-0" + (sequence(record) + 1)
                + "T08:30:00.123Z"));

        assertThat(restore(topic, "--apply").output()).contains("RESTORED " + projectId);

        assertThat(jdbc.queryForList("SELECT timestamp FROM domainevententry WHERE aggregateidentifier = ? ORDER BY "
                + "sequencenumber", String.class, projectId)).containsExactly("2024-01-01T08:30:00.123Z",
                "2024-01-02T08:30:00.123Z", "2024-01-03T08:30:00.123Z", "2024-01-04T08:30:00.123Z");
    }

    /**
     * The hash covers no event id, so a forged or miscopied record may repeat another event's: the stream that meets
     * it is a conflict, nothing of it written, and the run goes on with the others rather than end in an error.
     */
    @Test
    void anEventUnderAnIdTheStoreHoldsForAnotherIsItsStreamsConflictAndTheOthersAreRestored() throws Exception {
        String one = "restore-" + UUID.randomUUID();
        String two = "restore-" + UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>(registeredAndTrainedThrice(one));
        records.addAll(registeredAndTrainedThrice(two));
        String taken = new String(records.get(1).headers().lastHeader(CloudEventHeaders.ID).value(),
                StandardCharsets.UTF_8);
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier IN (?, ?) AND sequencenumber >= 1", one,
                two);
        String topic = copy(records, record -> two.equals(record.key()) && sequence(record) == 1
                ? withHeader(record, CloudEventHeaders.ID, taken) : record);
        // Restored in the order of their keys: the second to come holds the id the first restored.
        String first = one.compareTo(two) < 0 ? one : two;
        String second = first.equals(one) ? two : one;

        Run run = restore(topic, "--apply");

        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("RESTORED " + first, "CONFLICT " + second + ": its event 1 ",
                "has id " + taken + ", which the store holds as event 1 of " + first).doesNotContain("error:");
        assertThat(storedEvents(first)).isEqualTo(4);
        assertThat(storedEvents(second)).isEqualTo(1);
    }

    /**
     * A database lost with no backup is made anew without a schema: the listing says so and writes nothing; the
     * restore creates the schema as the command service does (whose start would record the programme file's quarters
     * again, another calendar than the topic's) and appends every stream.
     */
    @Test
    void aStoreWithNoSchemaIsListedAsHoldingNothingAndTheRestoreCreatesItAsTheServiceDoes() throws Exception {
        String projectId = "restore-" + UUID.randomUUID();
        List<ConsumerRecord<String, byte[]>> records = registeredAndTrainedThrice(projectId);
        String topic = copy(records, record -> record);
        String database = "restore_empty_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        jdbc.execute("CREATE DATABASE " + database);
        var postgres = TestInfrastructure.postgres();
        String url = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + database;
        JdbcTemplate empty = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(url,
                postgres.username(), postgres.password()));

        Run listed = restore(topic, "--postgres", url);
        assertThat(listed.exit()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("NOTE     the event store has no schema", "BEHIND   " + projectId);
        assertThat(empty.queryForObject("SELECT to_regclass('domainevententry') IS NULL", Boolean.class))
                .as("nothing written").isTrue();

        Run restored = restore(topic, "--postgres", url, "--apply");

        assertThat(restored.exit()).as(restored.output()).isZero();
        assertThat(restored.output()).contains("NOTE     the event store had no schema: created it",
                "RESTORED " + projectId);
        assertThat(empty.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Integer.class, projectId)).isEqualTo(4);
        assertThat(empty.queryForList("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank",
                String.class)).isEqualTo(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE success"
                + " ORDER BY installed_rank", String.class));
    }

    private int measure(String projectId, String measurementId, String measuredOn, double value) {
        return post("/api/projects/{id}/indicators/trained/measurements", Map.of("measurementId", measurementId,
                "measuredOn", measuredOn, "value", value), projectId);
    }

    private int post(String path, Map<String, Object> body, String projectId) {
        return http.postForEntity(path, body, String.class, projectId).getStatusCode().value();
    }

    /** A backup older than a project's registration lost its organisation's row too: the restore registers it. */
    @Test
    void restoringARegistrationRegistersItsOrganisationUnderTheTopicsName() throws Exception {
        String projectId = "restore-" + UUID.randomUUID();
        String organisation = "org-" + UUID.randomUUID();
        assertThat(http.postForEntity("/api/projects", Map.of("projectId", projectId, "organisationId", organisation,
                "organisation", "Open Data Kosovo", "title", "Restored", "municipalities", List.of("Gjilan"),
                "startDate", "2024-01-01", "endDate", "2024-12-31"), String.class).getStatusCode().value())
                .isEqualTo(201);
        List<ConsumerRecord<String, byte[]>> records = published(projectId, 1);

        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ?", projectId);
        jdbc.update("DELETE FROM organisations WHERE organisation_id = ?", organisation);
        assertThat(restore(copy(records, record -> record), "--apply").output()).contains("RESTORED " + projectId);

        assertThat(jdbc.queryForMap("SELECT name, project_id FROM organisations WHERE organisation_id = ?",
                organisation)).isEqualTo(Map.of("name", "Open Data Kosovo", "project_id", projectId));
        assertThat(http.postForEntity("/api/projects", Map.of("projectId", "restore-" + UUID.randomUUID(),
                "organisationId", organisation, "organisation", "ODK", "title", "Another", "municipalities",
                List.of("Gjilan"), "startDate", "2024-01-01", "endDate", "2024-12-31"), String.class)
                .getStatusCode().value()).as("another name for it").isEqualTo(422);
    }

    /**
     * A record that is no event as Kronika publishes it, or a second, different record of an event, sets its own
     * stream aside, nothing of it written, with where the record is and why; every other stream is restored, and
     * the run says it is incomplete (exit code 1) instead of stopping at the record with an error.
     */
    @Test
    void aMalformedRecordSetsAsideItsStreamAloneAndTheRestoreSaysItIsIncomplete() throws Exception {
        String good = "restore-" + UUID.randomUUID();
        String bad = "restore-" + UUID.randomUUID();
        for (String projectId : List.of(good, bad)) {
            register(projectId);
            train(projectId, "t-1");
            train(projectId, "t-2");
        }
        List<ConsumerRecord<String, byte[]>> published = await().atMost(Duration.ofSeconds(60)).until(() ->
                TopicReader.readAll(TestInfrastructure.kafka().bootstrapServers(), "kronika.project-events").stream()
                        .filter(r -> good.equals(r.key()) || bad.equals(r.key())).toList(), found -> found.size() == 6);
        // On the copies' one partition: the good stream's events at offsets 0 to 2, the bad one's at 3 to 5.
        List<ConsumerRecord<String, byte[]>> records = new java.util.ArrayList<>(published.stream()
                .filter(r -> good.equals(r.key())).toList());
        records.addAll(published.stream().filter(r -> bad.equals(r.key())).toList());
        ConsumerRecord<String, byte[]> badEvent2 = records.get(5);
        // As after a backup taken at event 0: the store has lost both streams' events 1 and 2.
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier IN (?, ?) AND sequencenumber >= 1", good,
                bad);
        String conflict = "CONFLICT " + bad + ": ";
        String atOffset5 = conflict + "the record at partition 0, offset 5 ";

        Map<String, UnaryOperator<ProducerRecord<String, byte[]>>> alterations = new java.util.LinkedHashMap<>();
        alterations.put(atOffset5 + "has a ce_time header with no value", record -> withHeader(record,
                CloudEventHeaders.TIME, (byte[]) null));
        alterations.put(atOffset5 + "has no ce_sequence header", record -> without(record, CloudEventHeaders.SEQUENCE));
        alterations.put(atOffset5 + "has no key", RestoreFromTopicTest::withoutKey);
        alterations.put(atOffset5 + "holds no one JSON object (Duplicate field 'title'", record -> withValue(record,
                "{\"title\":\"Twice\"," + new String(record.value(), StandardCharsets.UTF_8).substring(1)));
        alterations.put(conflict + "event 2 at partition 0, offset 5 is NOT_CANONICAL: its content has no canonical "
                + "form", record -> withValue(record, new String(record.value(), StandardCharsets.UTF_8)
                .replace("Case management", "Case \\ud800management")));
        for (var alteration : alterations.entrySet()) {
            Run run = restore(copy(records, record -> record.key() != null && record.key().equals(bad)
                    && sequence(record) == 2 ? alteration.getValue().apply(record) : record), "--apply");
            assertRestoredAllBut(bad, good, run, alteration.getKey());
        }

        // Event 2 twice, the copies differing only in what the hash is not checked against: each is another event.
        for (String header : List.of(CloudEventHeaders.TIME, CloudEventHeaders.ACTOR_SUBJECT)) {
            List<ConsumerRecord<String, byte[]>> twice = new java.util.ArrayList<>(records);
            twice.add(badEvent2);
            var copies = new java.util.concurrent.atomic.AtomicInteger();
            Run run = restore(copy(twice, record -> record.key().equals(bad) && sequence(record) == 2
                    && copies.incrementAndGet() == 2 ? withHeader(record, header, header.equals(CloudEventHeaders.TIME)
                    ? "2024-03-12T10:00:00Z".getBytes(StandardCharsets.UTF_8)
                    : "someone-else".getBytes(StandardCharsets.UTF_8)) : record), "--apply");
            assertRestoredAllBut(bad, good, run, conflict + "the topic holds two different events 2 (the records at "
                    + "partition 0, offset 5 and partition 0, offset 6 differ in " + header + ")");
        }

        // A record that names no stream may be any stream's event: both streams are restored, the run is incomplete.
        List<ConsumerRecord<String, byte[]>> unplaced = new java.util.ArrayList<>(records);
        unplaced.add(badEvent2);
        var copies = new java.util.concurrent.atomic.AtomicInteger();
        Run run = restore(copy(unplaced, record -> record.key().equals(bad) && sequence(record) == 2
                && copies.incrementAndGet() == 2 ? withoutKey(without(record, CloudEventHeaders.SUBJECT)) : record),
                "--apply");
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).contains("RESTORED " + good, "RESTORED " + bad, "UNPLACED the record at partition 0, "
                + "offset 6 has no key and no ce_subject header: it names no stream",
                "0 in conflict, 1 records of no stream: the restore is incomplete").doesNotContain("error:");
        assertThat(storedEvents(bad)).isEqualTo(3);
    }

    /** The run set aside the bad stream, wrote nothing of it, restored the good one, and said it is incomplete. */
    private void assertRestoredAllBut(String bad, String good, Run run, String why) {
        assertThat(run.exit()).as(run.output()).isEqualTo(1);
        assertThat(run.output()).as(why).contains(why, "RESTORED " + good,
                "2 streams on ", "1 in conflict: the restore is incomplete").doesNotContain("RESTORED " + bad)
                .doesNotContain("error:");
        assertThat(storedEvents(bad)).as(why).isEqualTo(1);
        assertThat(storedEvents(good)).as(why).isEqualTo(3);
        jdbc.update("DELETE FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber >= 1", good);
    }

    private int storedEvents(String projectId) {
        return jdbc.queryForObject("SELECT count(*) FROM domainevententry WHERE aggregateidentifier = ?",
                Integer.class, projectId);
    }

    record Run(int exit, String output) {
    }

    private Run restore(String topic, String... more) {
        return restore(topic, line -> { }, more);
    }

    /** @param onLine called with each line the tool prints, once printed: what happens meanwhile */
    private Run restore(String topic, java.util.function.Consumer<String> onLine, String... more) {
        var postgres = TestInfrastructure.postgres();
        List<String> args = new java.util.ArrayList<>(List.of("--kafka", TestInfrastructure.kafka().bootstrapServers(),
                "--topic", topic, "--postgres", postgres.jdbcUrl(), "--user", postgres.username(), "--password",
                postgres.password()));
        args.addAll(List.of(more));
        var out = new ByteArrayOutputStream();
        int exit = StoreFromTopic.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                super.println(line);
                onLine.accept(line);
            }
        });
        return new Run(exit, out.toString(StandardCharsets.UTF_8));
    }

    /** The records, each as the alteration leaves it, on a topic of their own. */
    private static String copy(List<ConsumerRecord<String, byte[]>> records,
                               UnaryOperator<ProducerRecord<String, byte[]>> alteration) throws Exception {
        String topic = "restore-copy-" + UUID.randomUUID();
        String bootstrap = TestInfrastructure.kafka().bootstrapServers();
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap, ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false), new StringSerializer(),
                new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> record : records) {
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(topic, null, record.key(), record.value(),
                        record.headers());
                producer.send(alteration.apply(copy)).get();
            }
        }
        return topic;
    }

    private static long sequence(ProducerRecord<String, byte[]> record) {
        return Long.parseLong(new String(record.headers().lastHeader(CloudEventHeaders.SEQUENCE).value(),
                StandardCharsets.UTF_8));
    }

    private static ProducerRecord<String, byte[]> withValue(ProducerRecord<String, byte[]> record, String value) {
        return new ProducerRecord<>(record.topic(), null, record.key(), value.getBytes(StandardCharsets.UTF_8),
                record.headers());
    }

    private static ProducerRecord<String, byte[]> withoutKey(ProducerRecord<String, byte[]> record) {
        return new ProducerRecord<>(record.topic(), null, (String) null, record.value(), record.headers());
    }

    private static ProducerRecord<String, byte[]> without(ProducerRecord<String, byte[]> record, String header) {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray());
        headers.remove(header);
        return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), headers);
    }

    private static ProducerRecord<String, byte[]> withHeader(ProducerRecord<String, byte[]> record, String header,
                                                            String value) {
        return withHeader(record, header, value.getBytes(StandardCharsets.UTF_8));
    }

    /** The record with that header's value replaced; {@code null} leaves the header without a value. */
    private static ProducerRecord<String, byte[]> withHeader(ProducerRecord<String, byte[]> record, String header,
                                                            byte[] value) {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders(record.headers().toArray());
        headers.remove(header);
        headers.add(header, value);
        return new ProducerRecord<>(record.topic(), null, record.key(), record.value(), headers);
    }

    /** The project registered and three trainings recorded: its four records, once all are on the topic. */
    private List<ConsumerRecord<String, byte[]>> registeredAndTrainedThrice(String projectId) {
        register(projectId);
        for (int i = 1; i <= 3; i++) {
            train(projectId, "t-" + i);
        }
        return published(projectId, 4);
    }

    /** The project's records on the topic, once there are {@code count} of them. */
    private static List<ConsumerRecord<String, byte[]>> published(String projectId, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(() ->
                TopicReader.readAll(TestInfrastructure.kafka().bootstrapServers(), "kronika.project-events").stream()
                        .filter(r -> projectId.equals(r.key())).toList(), found -> found.size() == count);
    }

    private void register(String projectId) {
        assertThat(http.postForEntity("/api/projects", Map.of("projectId", projectId, "organisationId", "komf",
                "organisation", "KOMF", "title", "Restored", "municipalities", List.of("Gjilan"),
                "startDate", "2024-01-01", "endDate", "2024-12-31"), String.class).getStatusCode().value())
                .isEqualTo(201);
    }

    private void train(String projectId, String activityId) {
        assertThat(http.postForEntity("/api/projects/{id}/activities/training-delivered", Map.of("activityId",
                activityId, "title", "Case management", "occurredOn", "2024-03-12", "municipality", "Gjilan",
                "sessions", 1, "participants", Map.of("total", 3)), String.class, projectId).getStatusCode().value())
                .isEqualTo(201);
    }
}
