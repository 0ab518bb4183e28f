package org.kronika.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.stream.ContractProducer;
import org.kronika.query.stream.EventStreamReader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kronika.query.fixtures.TopicEvents.registration;
import static org.kronika.query.fixtures.TopicEvents.training;

/**
 * A topic deleted and created again under the same name while the query service runs: the service is not
 * restarted. It keeps answering from its read models, rebuilds from the new topic's first record, and goes live on
 * the rebuilt read models only once they have every project at least as far: not while the topic is being
 * republished. No event is skipped or counted twice.
 */
@ExtendWith(OutputCaptureExtension.class)
class RecreatedTopicTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private RunningQueryService instance;

    @AfterEach
    void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void aRunningServiceRebuildsFromARecreatedTopicAndSwitchesOnlyOnceItHasEveryEvent(CapturedOutput output)
            throws Exception {
        Recreated recreated = runningOnATopicThenRecreated();
        String project = recreated.project();
        Generations generations = instance.bean(Generations.class);
        Generation before = recreated.before();
        try (ContractProducer producer = new ContractProducer(recreated.bootstrap(), recreated.topic())) {
            // Republishing has begun: only the first event is back.
            producer.send(0, registration(project));
            await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains(
                    "have read the whole topic but not yet every event the live ones show: project " + project));
            assertThat(generations.refresh()).as("the fuller read models stay live").contains(before);
            // The rebuild's consumer lag is its own, apart from what the lag alert reads (live="true").
            await().atMost(Duration.ofSeconds(30)).until(() -> instance.bean(
                    io.micrometer.core.instrument.MeterRegistry.class).find("kronika.projection.partition.lag")
                    .tag("live", "false").gauges().stream().anyMatch(g -> !g.getId().getTag("generation")
                            .equals(before.id())));
            assertThat(instance.project(project).path("version").asInt()).isEqualTo(2);
            JsonNode waiting = await().atMost(Duration.ofSeconds(30)).until(() -> instance.projectionHealth(),
                    health -> health.at("/details/rebuildLacksEventsSince").isTextual());
            assertThat(waiting.path("status").asText()).as("a republish held back would otherwise go unnoticed")
                    .isEqualTo("DEGRADED");
            assertThat(waiting.toString()).as("health answers anyone").doesNotContain(project);

            producer.send(1, training(project, "t-1"));
            producer.send(2, training(project, "t-2"));
            producer.send(3, training(project, "t-3"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> generations.refresh().filter(g -> !g.equals(before)).isPresent());
        JsonNode summary = await().atMost(Duration.ofSeconds(60)).until(() -> instance.project(project),
                s -> s != null && s.path("version").asInt() == 3);
        assertThat(summary.at("/totals/activities").asInt()).as("each activity once").isEqualTo(3);
        assertThat(summary.at("/totals/participants/total").asInt()).isEqualTo(9);
        assertThat(generations.state(generations.refresh().orElseThrow()).orElseThrow().reason()).contains("recreated");
        assertThat(instance.projectionHealth().at("/details/rebuildLacksEventsSince").isMissingNode()).isTrue();
    }

    /**
     * After a recreated topic, a project whose republished event cannot be applied parks in the rebuild, which then
     * never goes live, while the live read models answer and stop reading: the operator sees it among the parked
     * projects and can retry it there, and health says so.
     */
    @Test
    void aProjectParkedInTheRebuildIsListedRetriableAndDegradesHealth(CapturedOutput output) throws Exception {
        Recreated recreated = runningOnATopicThenRecreated();
        String project = recreated.project();
        try (ContractProducer producer = new ContractProducer(recreated.bootstrap(), recreated.topic())) {
            producer.send(0, registration(project));
            producer.send(1, training(project, "t-1"));
            producer.send(2, training(project, "t-1")); // republished wrongly: t-1 is recorded already
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("Project " + project + " parked"));

        String admin = Tokens.of("admin-demo");
        JsonNode parked = await().atMost(Duration.ofSeconds(30)).until(
                () -> JSON.readTree(instance.send("GET", "/api/admin/read-models/parked", admin).body()),
                list -> list.findValuesAsText("projectId").contains(project));
        assertThat(parked.findValuesAsText("projectId")).containsOnlyOnce(project);
        JsonNode entry = java.util.stream.StreamSupport.stream(parked.spliterator(), false)
                .filter(p -> p.path("projectId").asText().equals(project)).findFirst().orElseThrow();
        assertThat(entry.path("live").asBoolean()).as("parked in the rebuild, not in the live read models").isFalse();
        assertThat(entry.path("generation").asInt()).isEqualTo(2);
        assertThat(instance.send("POST", "/api/admin/read-models/parked/" + project + "/retry", admin).statusCode())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> instance.projectionHealth().at("/status").asText(),
                "DEGRADED"::equals);
    }

    /**
     * The topic deleted under a running service: its consumer is given no partitions and reads nothing, which looked
     * like a projection at the topic's end ({@code following}, nothing remaining) and raised no alert. Health is
     * DOWN naming the runbook, and a gauge says so, until the topic is created again.
     */
    @Test
    void aDeletedTopicIsReportedDownNamingTheRunbookUntilItIsCreatedAgain() throws Exception {
        Recreated running = runningOnATopic();
        deleteTopic(running);

        JsonNode projection = await().atMost(Duration.ofSeconds(30)).until(() -> instance.projectionHealth(),
                health -> health.path("status").asText().equals("DOWN"));
        assertThat(projection.at("/details/reason").asText()).contains(running.topic(), "does not exist",
                "Kafka topic lost");
        assertThat(projection.at("/details/topicMissingSince").isMissingNode()).isFalse();
        assertThat(instance.send("GET", "/actuator/health", null).statusCode())
                .as("what a monitor reading only the HTTP code sees").isEqualTo(503);
        var missing = instance.bean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("kronika.projection.topic.missing").gauge();
        assertThat(missing.value()).as("what an alert reads").isEqualTo(1);
        assertThat(instance.project(running.project()).path("version").asInt()).as("answers as it was")
                .isEqualTo(2);
        // Asked through the admin API, a rebuild was a 500 (an IllegalStateException no handler knew).
        var rebuild = instance.send("POST", "/api/admin/read-models/rebuilds", Tokens.of("admin-demo"));
        assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(409);
        assertThat(JSON.readTree(rebuild.body()).path("detail").asText()).contains(running.topic(), "does not exist",
                "nothing was started", "Kafka topic lost");
        assertThat(rebuild.headers().firstValue("Content-Type")).hasValue("application/problem+json");

        ContractProducer.createTopic(running.bootstrap(), running.topic(), 6);
        await().atMost(Duration.ofSeconds(30)).until(() -> missing.value() == 0);
        assertThat(instance.projectionHealth().at("/status").asText()).isNotEqualTo("DOWN");
    }

    /**
     * A project parked in the live read models stays parked there after the topic is recreated: those read models stop
     * reading and keep answering for it, until a rebuild replaces them. Health counted only what running projections
     * reported, so it said {@code parked: 0} while the list of parked projects showed it, live.
     */
    @Test
    void aProjectParkedInTheLiveReadModelsIsStillCountedByHealthAfterTheTopicIsRecreated(CapturedOutput output)
            throws Exception {
        Recreated running = runningOnATopic();
        try (ContractProducer producer = new ContractProducer(running.bootstrap(), running.topic())) {
            producer.send(3, training(running.project(), "t-1")); // t-1 is recorded already: the project parks
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("Project " + running.project()
                + " parked"));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                instance.projectionHealth().at("/details/parked").asInt() == 1);

        deleteTopic(running);
        ContractProducer.createTopic(running.bootstrap(), running.topic(), 6);
        await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("they stopped reading it"));

        JsonNode projection = await().atMost(Duration.ofSeconds(30)).until(() -> instance.projectionHealth(),
                health -> health.path("details").has("parked"));
        assertThat(projection.at("/details/parked").asInt()).as("the live read models' parked project")
                .isEqualTo(1);
        assertThat(projection.path("status").asText()).isEqualTo("DEGRADED");
        JsonNode listed = JSON.readTree(instance.send("GET", "/api/admin/read-models/parked",
                Tokens.of("admin-demo")).body());
        assertThat(listed.findValuesAsText("projectId")).containsOnlyOnce(running.project());
    }

    /**
     * Records the read models had not read yet deleted from the topic while the service was stopped (retention
     * shortened by mistake, {@code kafka-delete-records}): the saved position is before the topic's first record. The
     * consumer reads with {@code auto.offset.reset=none}, so this is an error that stops projecting, health {@code DOWN}
     * naming it, never a jump to the first record that is left, which would skip the deleted events without a word.
     * A rebuild once the events are republished reads the topic from its first record, and has every event once.
     */
    @Test
    void aPositionTheTopicNoLongerHasStopsTheProjectionUntilARebuildInsteadOfSkippingEvents() throws Exception {
        Recreated running = runningOnATopic();
        String project = running.project();
        instance.close();
        instance = null;
        try (ContractProducer producer = new ContractProducer(running.bootstrap(), running.topic())) {
            producer.send(3, training(project, "t-3"));
            producer.send(4, training(project, "t-4"));
        }
        TopicPartition partition = new TopicPartition(running.topic(), EventStreamReader.partitionOf(project, 6));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, running.bootstrap()))) {
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
            admin.deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(end))).all().get();
        }

        instance = new RunningQueryService(running.topic(), running.database());
        JsonNode down = await().atMost(Duration.ofSeconds(60)).until(() -> instance.projectionHealth(),
                health -> health.path("status").asText().equals("DOWN"));
        assertThat(down.at("/details/failure").asText()).isEqualTo("OffsetOutOfRangeException");
        try (ContractProducer producer = new ContractProducer(running.bootstrap(), running.topic())) {
            // What a jump to the topic's first record left would read next: it must not be read either.
            producer.send(5, training(project, "t-5"));
        }
        assertThat(instance.projectionHealth().path("status").asText()).isEqualTo("DOWN");
        assertThat(instance.project(project).path("version").asInt()).as("answers as it was").isEqualTo(2);

        // The events are in the event store: republished, as the runbook has it, a rebuild reads them all.
        try (ContractProducer producer = new ContractProducer(running.bootstrap(), running.topic())) {
            producer.send(0, registration(project));
            for (int sequence = 1; sequence <= 5; sequence++) {
                producer.send(sequence, training(project, "t-" + sequence));
            }
        }
        assertThat(instance.send("POST", "/api/admin/read-models/rebuilds", Tokens.of("admin-demo")).statusCode())
                .isEqualTo(202);
        JsonNode rebuilt = await().atMost(Duration.ofSeconds(60)).until(() -> instance.project(project),
                summary -> summary != null && summary.path("version").asInt() == 5);
        assertThat(rebuilt.at("/totals/activities").asInt()).as("each activity once").isEqualTo(5);
        await().atMost(Duration.ofSeconds(30)).until(() -> instance.projectionHealth().path("status").asText(),
                "UP"::equals);
    }

    private record Recreated(String bootstrap, String topic, String database, String project, Generation before) {
    }

    /**
     * A service whose read models show a project's three events (version 2), reading a topic that is then deleted
     * and created again, empty, under the same name.
     */
    private Recreated runningOnATopicThenRecreated() throws Exception {
        Recreated running = runningOnATopic();
        deleteTopic(running);
        ContractProducer.createTopic(running.bootstrap(), running.topic(), 6);
        return running;
    }

    /** A service whose read models show a project's three events (version 2). */
    private Recreated runningOnATopic() throws Exception {
        String bootstrap = TestInfrastructure.kafka().bootstrapServers();
        String topic = "recreated-" + UUID.randomUUID();
        String database = "recreated-" + UUID.randomUUID().toString().substring(0, 8);
        String project = "p-" + UUID.randomUUID().toString().substring(0, 6);
        ContractProducer.createTopic(bootstrap, topic, 6);
        try (ContractProducer producer = new ContractProducer(bootstrap, topic)) {
            producer.send(0, registration(project));
            producer.send(1, training(project, "t-1"));
            producer.send(2, training(project, "t-2"));
        }
        instance = new RunningQueryService(topic, database);
        await().atMost(Duration.ofSeconds(60)).until(() -> instance.project(project),
                s -> s != null && s.path("version").asInt() == 2);
        Generation before = instance.bean(Generations.class).refresh().orElseThrow();
        return new Recreated(bootstrap, topic, database, project, before);
    }

    private static void deleteTopic(Recreated running) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, running.bootstrap()))) {
            admin.deleteTopics(List.of(running.topic())).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get()
                    .contains(running.topic()));
        }
    }
}
