package org.kronika.command.publishing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kronika.command.CommandServiceApplication;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.KronikaCommandProperties;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The topic's partition count is never changed by the command service, on the real broker the tests share. Each
 * test has a topic of its own, so the shared {@code kronika.project-events} is never touched; what the publisher
 * recorded of its topics ({@link PublishedTopics}) is in a database of this class's own.
 */
class ProjectEventsTopicTest {

    private static final String DATABASE = "project_events_topic_test";
    private static JdbcTemplate store;
    private final String topic = "kronika.topic-test-" + UUID.randomUUID();
    private Admin kafka;

    @BeforeAll
    static void createStore() {
        store = TestInfrastructure.database(DATABASE, "V1__axon_event_store.sql", "V9__published_topics.sql");
    }

    @AfterAll
    static void dropStore() {
        TestInfrastructure.dropDatabase(DATABASE);
    }

    @BeforeEach
    void connect() {
        kafka = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()));
    }

    /** A topic Kronika creates is recorded as holding nothing; over a store with events, that is a topic lacking them. */
    @BeforeEach
    void emptyStore() {
        store.update("DELETE FROM domainevententry");
        store.update("DELETE FROM published_topics");
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void theServiceDoesNotStartOnATopicWithAnotherPartitionCountThanConfigured(CapturedOutput output) throws Exception {
        createTopic(2, Map.of());
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--kronika.topic.name=" + topic,
                "--kronika.topic.partitions=6"));
        TestInfrastructure.properties().forEach((key, value) -> arguments.add("--" + key + "=" + value.get()));

        assertThatThrownBy(() -> new SpringApplicationBuilder(CommandServiceApplication.class)
                .run(arguments.toArray(String[]::new)))
                .rootCause().isInstanceOf(ProjectEventsTopic.PartitionCountChanged.class)
                .hasMessageContaining("Topic " + topic + " has 2 partitions")
                .hasMessageContaining("configured for 6 (KRONIKA_TOPIC_PARTITIONS)")
                .hasMessageContaining("set KRONIKA_TOPIC_PARTITIONS=2; if partitions were added to it");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Action:")
                .contains("If the variable is what is wrong (the topic had 2 partitions from its creation), set"
                        + " KRONIKA_TOPIC_PARTITIONS=2");
        assertThat(partitions()).as("the topic is left as it was").isEqualTo(2);
    }

    /** Kafka was away at start-up, so the publisher is the first to find the topic changed: it refuses to publish. */
    @Test
    void thePublisherRefusesATopicWithAnotherPartitionCountAndReportsItDown() throws Exception {
        createTopic(2, Map.of());
        ProjectEventsTopic events = topicOf(6, (short) 1);

        assertThatThrownBy(events::ensureExists).isInstanceOf(ProjectEventsTopic.PartitionCountChanged.class)
                .hasMessageContaining("has 2 partitions");

        assertThat(events.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(events.health().getDetails()).containsEntry("partitions", 2).containsEntry("configuredPartitions", 6)
                .hasEntrySatisfying("reason", reason -> assertThat((String) reason).contains("never changes"));
        assertThat(partitions()).as("no partition was added").isEqualTo(2);
    }

    /** Partitions added while the service runs: the publisher, seeing them as its producer does, stops. */
    @Test
    void partitionsAddedWhileTheServiceRunsStopThePublisher() throws Exception {
        ProjectEventsTopic events = grownFromTwoPartitionsToThreeOnceChecked();

        // What the publisher's producer sees, as it sees it before each batch (a new producer: no stale metadata).
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(Map.of(
                "bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            int seen = await().atMost(Duration.ofSeconds(30)).until(() -> producer.partitionsFor(topic).size(),
                    count -> count == 3);
            assertThatThrownBy(() -> events.requirePartitionsAsSeen(seen))
                    .isInstanceOf(ProjectEventsTopic.PartitionCountChanged.class).hasMessageContaining("has 3 partitions");
        }
        assertThat(events.health().getStatus()).isEqualTo(Status.DOWN);
    }

    /**
     * The publisher names each record's partition itself, as Kafka's producer chose it by the configured count: a
     * producer whose metadata refreshes in the middle of a batch, after partitions were added, would send a
     * project's later records elsewhere than its earlier ones.
     */
    @Test
    void eachRecordGoesToThePartitionOfItsProjectsHistoryWhateverCountTheProducerNowSees() throws Exception {
        createTopic(2, Map.of());
        ProjectEventsTopic events = topicOf(2, (short) 1);
        events.ensureExists();
        List<String> projects = java.util.stream.IntStream.range(0, 40).mapToObj(i -> "p-" + i).toList();
        Map<String, Integer> history = new java.util.HashMap<>();
        try (var producer = producer()) {
            for (String project : projects) {
                history.put(project, producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(topic,
                        project, new byte[0])).get().partition());
            }
        }

        kafka.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(3))).all().get();
        Map<String, Integer> byTheProducerNow = new java.util.HashMap<>();
        try (var producer = producer()) {
            await().atMost(Duration.ofSeconds(30)).until(() -> producer.partitionsFor(topic).size() == 3);
            for (String project : projects) {
                byTheProducerNow.put(project, producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                        topic, project, new byte[0])).get().partition());
            }
        }
        assertThat(byTheProducerNow).as("the hazard: Kafka's choice moves with the count").isNotEqualTo(history);

        CloudEventRecords records = new CloudEventRecords(events, new KronikaCommandProperties("test-programme",
                new KronikaCommandProperties.Topic(topic, 2, (short) 1), 100));
        for (String project : projects) {
            var event = new org.axonframework.eventhandling.GenericDomainEventMessage<>("Project", project, 0,
                    new org.kronika.events.PeriodSubmitted(project, "2024-Q1", "All recorded"));
            assertThat(records.toRecord(event, new byte[0]).partition()).as(project).isEqualTo(history.get(project));
        }
    }

    private org.apache.kafka.clients.producer.KafkaProducer<String, byte[]> producer() {
        return new org.apache.kafka.clients.producer.KafkaProducer<>(Map.of(
                "bootstrap.servers", TestInfrastructure.kafka().bootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    /**
     * Deleted while nothing is published: the health describes the topic itself rather than report what it saw
     * at the last publication, which would say UP with the old partition count until a command's publication
     * created the topic again, empty.
     */
    @Test
    void aTopicDeletedWhileTheServiceRunsIsReportedDownNamingTheRunbookBeforeAnythingIsPublished() throws Exception {
        ProjectEventsTopic events = topicOf(6, (short) 1);
        events.ensureExists();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(events.health().getStatus()).isEqualTo(Status.UP));

        kafka.deleteTopics(List.of(topic)).all().get();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(events.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(events.health().getDetails()).containsEntry("reason", "topic " + topic
                    + " does not exist: see the runbook 'Kafka topic lost' (docs/operations.md)");
        });
    }

    @Test
    void partitionsAddedWhileNothingIsPublishedAreReportedDown() throws Exception {
        ProjectEventsTopic events = grownFromTwoPartitionsToThreeOnceChecked();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(events.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(events.health().getDetails()).containsEntry("partitions", 3)
                    .containsEntry("configuredPartitions", 2);
        });
    }

    /**
     * The publisher's next batch creates the topic again, and it is no longer missing; but it holds only what was
     * published since, until the events published to the one before are published again.
     */
    @Test
    void aTopicCreatedAnewAfterEventsWentToTheOneBeforeIsDownUntilTheyArePublishedAgain() throws Exception {
        long first = storedEvent();
        long later = storedEvent();
        PublishedTopics published = new PublishedTopics(store);
        ProjectEventsTopic events = topicOf(6, (short) 1);
        events.ensureExists();
        ProjectEventsTopic.Known before = events.known();
        published.sent(before.id(), first);

        kafka.deleteTopics(List.of(topic)).all().get();
        await().atMost(Duration.ofSeconds(30)).until(() -> events.health().getStatus().equals(Status.DOWN));
        events.ensureExists();
        ProjectEventsTopic.Known anew = events.known();
        assertThat(anew.id()).as("Kafka's id of the topic created again").isNotEqualTo(before.id());
        published.sent(anew.id(), later);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(events.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(events.health().getDetails()).containsEntry("lacksEventsFrom", first)
                    .hasEntrySatisfying("reason", reason -> assertThat((String) reason)
                            .contains("was created anew and lacks the events from position " + first)
                            .contains("'Kafka topic lost'"));
        });

        published.sent(anew.id(), first);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(events.health().getStatus()).isEqualTo(Status.UP);
            assertThat(events.health().getDetails()).containsEntry("topicId", anew.id()).containsEntry("partitions", 6);
        });
    }

    /**
     * The topic created anew by the publisher, then another instance (this one restarted, or another taking over
     * the publisher) finds it existing and publishes to it: it did not create the topic, yet it must not take it to
     * hold everything, which turned the health UP and let checkpoints out over the events the topic lacks.
     */
    @Test
    void anInstanceThatFindsTheTopicCreatedAnewKeepsItLackingTheEventsOfTheOneBefore() throws Exception {
        long first = storedEvent();
        long later = storedEvent();
        ProjectEventsTopic events = topicOf(6, (short) 1);
        events.ensureExists();
        new PublishedTopics(store).sent(events.known().id(), first);
        kafka.deleteTopics(List.of(topic)).all().get();
        await().atMost(Duration.ofSeconds(30)).until(() -> events.health().getStatus().equals(Status.DOWN));
        events.ensureExists();
        new PublishedTopics(store).sent(events.known().id(), later);

        ProjectEventsTopic restarted = topicOf(6, (short) 1);
        restarted.ensureExists();
        assertThat(restarted.known().id()).isEqualTo(events.known().id());
        new PublishedTopics(store).sent(restarted.known().id(), later);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(restarted.health().getStatus()).isEqualTo(Status.DOWN);
            assertThat(restarted.health().getDetails()).containsEntry("lacksEventsFrom", first);
        });
        assertThat(new PublishedTopics(store).heldFrom(restarted.known().id())).hasValue(later);
    }

    /**
     * An upgrade: the topic the service published to before published_topics existed held everything then. Found
     * while nothing is recorded, it is recorded as holding every event; without that the first batch after the
     * upgrade would record it as holding only what follows, and no checkpoint would go out again.
     */
    @Test
    void theTopicFoundWhileNothingIsRecordedIsTheOneEverythingWasPublishedTo() throws Exception {
        storedEvent();
        long later = storedEvent();
        createTopic(6, Map.of());
        ProjectEventsTopic events = topicOf(6, (short) 1);
        events.ensureExists();
        new PublishedTopics(store).sent(events.known().id(), later);

        assertThat(new PublishedTopics(store).heldFrom(events.known().id())).hasValue(0);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(events.health().getStatus()).isEqualTo(Status.UP));
    }

    /** A description asked for as the service stops (the checkpoints' thread, say) leaves no Kafka client behind. */
    @Test
    void onceClosedTheTopicIsNotDescribedAgain() {
        ProjectEventsTopic events = topicOf(6, (short) 1);
        events.ensureExists();
        assertThat(events.existingId()).isPresent();

        events.close();

        assertThatThrownBy(events::existingId).hasMessageContaining("stopping");
    }

    /** A row of this class's own event store; its global index. */
    private static long storedEvent() {
        return store.queryForObject("INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, "
                + "eventidentifier, metadata, payload, payloadtype, timestamp) VALUES (?, 0, 'Project', ?, '\\x7b7d', "
                + "'\\x7b7d', 'org.kronika.events.ProjectRegistered', 'now') RETURNING globalindex", Long.class,
                "p-" + UUID.randomUUID(), UUID.randomUUID().toString());
    }

    @Test
    void aCreatedTopicKeepsEverythingAndAcksAllNeedsAsManyReplicasAsItCan() throws Exception {
        ProjectEventsTopic events = topicOf(3, (short) 1);

        events.ensureExists();

        // The controller has created it when ensureExists returns; a broker may describe it a moment later (a
        // describe in between failed with "This server does not host this topic-partition" on a loaded machine).
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() -> {
            assertThat(partitions()).isEqualTo(3);
            Config config = config();
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            ConfigEntry minInsync = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            assertThat(minInsync.source()).as("set on the topic").isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
            assertThat(minInsync.value()).isEqualTo("1");
            assertThat(events.health().getStatus()).isEqualTo(Status.UP);
        });
    }

    @Test
    void withThreeReplicasAcksAllCannotBeMetByTheLeaderAlone() {
        assertThat(ProjectEventsTopic.configs(3)).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        assertThat(ProjectEventsTopic.configs(2)).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2");
        assertThat(ProjectEventsTopic.configs(1)).containsEntry(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "1");
    }

    @Test
    void theConfigsOfAnExistingTopicAreCorrected() throws Exception {
        createTopic(6, Map.of(TopicConfig.RETENTION_MS_CONFIG, "86400000",
                TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"));

        topicOf(6, (short) 1).ensureExists();

        // The controller has accepted the change when ensureExists returns; brokers apply it a moment later.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Config config = config();
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(config.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG).value()).isEqualTo("CreateTime");
            assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).source())
                    .isEqualTo(ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG);
        });
    }

    /** A topic of 2 partitions, as configured and found UP, to which a third is then added. */
    private ProjectEventsTopic grownFromTwoPartitionsToThreeOnceChecked() throws Exception {
        createTopic(2, Map.of());
        ProjectEventsTopic events = topicOf(2, (short) 1);
        events.ensureExists();
        assertThat(events.health().getStatus()).isEqualTo(Status.UP);

        kafka.createPartitions(Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(3))).all().get();
        return events;
    }

    private ProjectEventsTopic topicOf(int partitions, short replicationFactor) {
        KafkaAdmin admin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafka().bootstrapServers()));
        return new ProjectEventsTopic(admin, new KronikaCommandProperties("test-programme",
                new KronikaCommandProperties.Topic(topic, partitions, replicationFactor), 100),
                new PublishedTopics(store));
    }

    private void createTopic(int partitions, Map<String, String> configs) throws Exception {
        kafka.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
    }

    private int partitions() throws Exception {
        return kafka.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
    }

    private Config config() throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return kafka.describeConfigs(List.of(resource)).all().get().get(resource);
    }
}
