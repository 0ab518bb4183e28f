package org.kronika.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kronika.infra.embedded.Ports;
import org.kronika.query.projection.ReadModelService;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.GenerationState;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;
import org.kronika.query.stream.ContractProducer;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kronika.query.fixtures.TopicEvents.registration;
import static org.kronika.query.fixtures.TopicEvents.training;

/**
 * Which generation of read models is served, and which ones are projected, when things happen around a switch: the
 * first build, a partition count changed under a running service, a build of a topic that is gone, a switch cut
 * short, a second instance catching up after the first switched.
 */
@ExtendWith(OutputCaptureExtension.class)
class GenerationSwitchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();
    private final String topic = "switch-" + UUID.randomUUID();
    private final String database = "switch-" + UUID.randomUUID().toString().substring(0, 8);
    private final String project = "p-" + UUID.randomUUID().toString().substring(0, 6);

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    /** A first build is not served half done: queries answer 503 until it has read the whole topic. */
    @Test
    void untilTheFirstReadModelsHaveCaughtUpQueriesAnswer503NeverPartialOrNotFound() throws Exception {
        ContractProducer.createTopic(bootstrap(), topic, 3);
        int trainings = 3000;
        try (ContractProducer producer = new ContractProducer(bootstrap(), topic)) {
            producer.send(0, registration(project));
            for (int i = 1; i <= trainings; i++) {
                producer.sendQuickly(i, training(project, "t-" + i));
            }
            producer.flush();
        }
        String base = start();
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> answer = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> {
                    HttpResponse<String> response = get(base, project);
                    statuses.add(response.statusCode());
                    if (response.statusCode() == 503) {
                        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                                assertThat(type).startsWith("application/problem+json"));
                        assertThat(response.headers().firstValue("Retry-After")).isPresent();
                    }
                    return response;
                }, response -> response.statusCode() != 503);

        assertThat(answer.statusCode()).as("statuses seen: " + statuses).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("version").asInt()).as("the first answer is the whole project")
                .isEqualTo(trainings);
        assertThat(statuses).as("503 while it was built").contains(503);
    }

    /**
     * Partitions added to the topic under a running service: it stops projecting and says why, instead of reading
     * a project's later events from another partition than its earlier ones; recreated with its count as the
     * runbook says, the topic is rebuilt and projected again.
     */
    @Test
    void aPartitionCountChangedWhileRunningStopsTheProjectionUntilTheTopicIsRecreated() throws Exception {
        String base = startedWithARegistrationAndATraining();
        ReadModelService service = instances.get(0).getBean(ReadModelService.class);

        try (Admin admin = admin()) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(6))).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> service.refusal().isPresent());
            assertThat(service.refusal().get()).contains("now has 6 partitions").contains("built from 3");
            assertThat(service.statuses()).as("nothing is projected").isEmpty();
            HttpResponse<String> rebuild = http.send(HttpRequest.newBuilder(URI.create(base
                            + "/api/admin/read-models/rebuilds")).header("Authorization", "Bearer " + Tokens.of("admin-demo"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(rebuild.statusCode()).as("nor rebuilt over the changed partitions").isEqualTo(409);
            assertThat(rebuild.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(service.refusal()).isPresent();
            assertThat(service.statuses()).isEmpty();

            admin.deleteTopics(List.of(topic)).all().get();
            await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(topic));
        }
        ContractProducer.createTopic(bootstrap(), topic, 3);
        try (ContractProducer producer = new ContractProducer(bootstrap(), topic)) {
            producer.send(0, registration(project));
            producer.send(1, training(project, "t-1"));
            producer.send(2, training(project, "t-2"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> version(base, project) == 2);
        assertThat(service.refusal()).isEmpty();
    }

    /**
     * The partition count changed as the runbook says, by moving to a new topic republished from the event store,
     * with the read store kept: the read models of the old topic answer until those of the new one have every
     * project at least as far, never the part of the new topic republished so far. (On an emptied read store
     * nothing says how much is still to come, and a first build is served once it has read what is there.)
     */
    @Test
    void movedToANewTopicWithTheReadStoreKeptTheOldReadModelsAnswerUntilTheNewOnesHaveEveryEvent(
            CapturedOutput output) throws Exception {
        startedWithARegistrationAndATraining();
        Generation old = instances.get(0).getBean(Generations.class).refresh().orElseThrow();
        instances.remove(0).close();
        String moved = topic + "-v2";
        ContractProducer.createTopic(bootstrap(), moved, 6);
        try (ContractProducer producer = new ContractProducer(bootstrap(), moved)) {
            producer.send(0, registration(project));
            String base = start(moved);
            await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains(
                    "have read the whole topic but not yet every event the live ones show: project " + project));
            Generations generations = instances.get(0).getBean(Generations.class);
            assertThat(generations.refresh()).as("the fuller read models stay live").contains(old);
            assertThat(version(base, project)).isEqualTo(1);

            producer.send(1, training(project, "t-1"));
            await().atMost(Duration.ofSeconds(60)).until(() -> generations.refresh().filter(g -> !g.equals(old))
                    .isPresent());
            assertThat(generations.state(generations.refresh().orElseThrow()).orElseThrow().topic()).isEqualTo(moved);
            assertThat(version(base, project)).isEqualTo(1);
        }
    }

    /**
     * A build from a topic that has since been deleted (its positions mean nothing on the new one) is given up,
     * never made live over the read models being served.
     */
    @Test
    void aBuildOfATopicThatIsGoneIsGivenUpNotMadeLive() throws Exception {
        ContractProducer.createTopic(bootstrap(), topic, 3);
        try (ContractProducer producer = new ContractProducer(bootstrap(), topic)) {
            producer.send(0, registration(project));
        }
        String base = start();
        await().atMost(Duration.ofSeconds(60)).until(() -> version(base, project) == 0);
        Generations generations = instances.get(0).getBean(Generations.class);
        Generation live = generations.refresh().orElseThrow();

        Generation orphan = generations.create(new TopicIdentity(topic, "an-id-the-topic-no-longer-has", 3),
                "a rebuild started before the topic was deleted");

        await().atMost(Duration.ofSeconds(30)).until(() -> generations.state(orphan)
                .map(state -> GenerationState.RETIRED.equals(state.status())).orElse(true));
        assertThat(generations.refresh()).contains(live);
        assertThat(instances.get(0).getBean(ReadModelService.class).statuses())
                .extracting(status -> status.generation().number()).containsExactly(live.number());
    }

    /**
     * A switch cut short after the pointer moved (a crash, a failed write) is finished at the next start: the
     * generation pointed at is live and projected, the one before it is retired, so it is dropped at the next switch.
     */
    @Test
    void aSwitchCutShortAfterThePointerMovedIsFinished() throws Exception {
        startedWithARegistrationAndATraining();
        int schema = instances.get(0).getBean(Generations.class).schemaVersion();
        instances.remove(0).close();
        var client = com.mongodb.client.MongoClients.create(TestInfrastructure.mongo().connectionString(database));
        Generations generations = new Generations(client.getDatabase(database), schema);
        Generation before = generations.refresh().orElseThrow();
        TopicIdentity identity = identity(generations.state(before).orElseThrow());

        Generation rebuilt = generations.create(identity, "a rebuild whose switch was cut short");
        generations.database().getCollection(Generations.COLLECTION).updateOne(
                Filters.eq("_id", "live-v" + generations.schemaVersion()), Updates.combine(
                        Updates.set("generation", rebuilt.number()), Updates.set("previous", before.number())));
        String again = start();

        await().atMost(Duration.ofSeconds(60)).until(() -> version(again, project) == 1);
        assertThat(generations.state(rebuilt).orElseThrow().status()).isEqualTo(GenerationState.LIVE);
        assertThat(generations.state(before).orElseThrow().status()).isEqualTo(GenerationState.RETIRED);
        client.close();
    }

    /**
     * An operator's {@code read-models drop N} racing a switch to N (the drop checked that N was not live, the switch
     * moved the pointer, the drop deleted N) left the pointer on a generation that is gone: every run stopped, queries
     * found nothing, and nothing rebuilt, as only an empty pointer started a build. Such a pointer is let go of, and
     * the read models are built again.
     */
    @Test
    void aLivePointerLeftOnAGenerationThatIsGoneIsLetGoOfAndTheReadModelsBuiltAgain() throws Exception {
        String base = startedWithARegistrationAndATraining();
        var client = com.mongodb.client.MongoClients.create(TestInfrastructure.mongo().connectionString(database));
        Generations generations = new Generations(client.getDatabase(database),
                instances.get(0).getBean(Generations.class).schemaVersion());
        Generation before = generations.refresh().orElseThrow();
        Generation dropped = generations.create(identity(generations.state(before).orElseThrow()),
                "a rebuild dropped as it went live");
        generations.database().getCollection(Generations.COLLECTION).updateOne(
                Filters.eq("_id", "live-v" + generations.schemaVersion()), Updates.combine(
                        Updates.set("generation", dropped.number()), Updates.set("previous", before.number())));
        generations.database().getCollection(Generations.COLLECTION).deleteOne(Filters.eq("_id", dropped.id()));

        await().atMost(Duration.ofSeconds(90)).until(() -> version(base, project) == 1
                && generations.refresh().flatMap(generations::state).isPresent());
        assertThat(generations.state(generations.refresh().orElseThrow()).orElseThrow().status())
                .isEqualTo(GenerationState.LIVE);
        client.close();
    }

    /**
     * Two instances rebuild together; the second finds the rebuilt generation caught up after the first made it
     * live. It changes nothing then: it does not switch again (which could drop the generation the first switch
     * retired, kept for a diff until the next one, or move the pointer back after a later switch).
     */
    @Test
    void aSecondInstanceCatchingUpAfterTheSwitchKeepsTheRetiredGeneration(CapturedOutput output) throws Exception {
        ContractProducer.createTopic(bootstrap(), topic, 6);
        try (ContractProducer producer = new ContractProducer(bootstrap(), topic)) {
            // The registrations one by one: the idempotent producer's first batches to a topic just created, sent
            // without waiting, were seen to be retried for ever (OUT_OF_ORDER_SEQUENCE_NUMBER) on the embedded broker.
            for (int p = 0; p < 12; p++) {
                producer.send(0, registration(project + "-" + p));
            }
            for (int p = 0; p < 12; p++) {
                for (int i = 1; i <= 100; i++) {
                    producer.sendQuickly(i, training(project + "-" + p, "t-" + i));
                }
            }
            producer.flush();
        }
        // Numbers no other service in this JVM uses, so that their log lines are this test's.
        try (var client = com.mongodb.client.MongoClients.create(TestInfrastructure.mongo().connectionString(database))) {
            client.getDatabase(database).getCollection(Generations.COLLECTION).insertOne(new org.bson.Document("_id",
                    "next-generation").append("value", 1000 + new java.util.Random().nextInt(9000)));
        }
        String first = start();
        await().atMost(Duration.ofSeconds(60)).until(() -> version(first, project + "-11") == 100);
        String second = start();
        await().atMost(Duration.ofSeconds(60)).until(() -> version(second, project + "-0") == 100);
        Generations generations = instances.get(0).getBean(Generations.class);
        Generation retired = generations.refresh().orElseThrow();

        generations.requestRebuild("rebuilt by two instances");
        await().atMost(Duration.ofSeconds(60)).until(() -> generations.refresh().filter(g -> !g.equals(retired))
                .isPresent());
        Generation rebuilt = generations.refresh().orElseThrow();
        String caughtUp = "Read models " + rebuilt.id() + " caught up with the topic";
        await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().split(caughtUp, -1).length - 1 == 2);

        assertThat(generations.refresh()).contains(rebuilt);
        assertThat(output.getOut().split("Read models " + rebuilt.id() + " are live", -1)).as("switched once")
                .hasSize(2);
        assertThat(generations.state(retired)).as("kept for a diff until the next switch")
                .hasValueSatisfying(state -> assertThat(state.status()).isEqualTo(GenerationState.RETIRED));
    }

    /**
     * Events keep coming while a rebuild catches up, as they do on a programme in use (here one after the other, as
     * fast as Kafka acknowledges them: about 100 a second): the rebuild still goes live, and no event is lost or
     * counted twice across the switch. It waited for a checkpoint at the very end of the topic, which steady traffic
     * never leaves, and did not go live.
     */
    @Test
    void aRebuildGoesLiveWhileEventsKeepComing() throws Exception {
        String base = startedWithARegistrationAndATraining();
        Generations generations = instances.get(0).getBean(Generations.class);
        Generation before = generations.refresh().orElseThrow();
        java.util.concurrent.atomic.AtomicLong sequence = new java.util.concurrent.atomic.AtomicLong(1);
        java.util.concurrent.atomic.AtomicBoolean producing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread traffic = new Thread(() -> {
            try (ContractProducer producer = new ContractProducer(bootstrap(), topic)) {
                while (producing.get()) {
                    long next = sequence.get() + 1;
                    producer.send(next, training(project, "t-" + next));
                    sequence.set(next);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "steady-traffic");
        traffic.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> sequence.get() > 100);
            generations.requestRebuild("rebuilt while events keep coming");
            await().atMost(Duration.ofSeconds(90)).until(() -> generations.refresh().filter(g -> !g.equals(before))
                    .isPresent());
        } finally {
            producing.set(false);
            traffic.join();
        }
        long last = sequence.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> version(base, project) == last);
        JsonNode summary = JSON.readTree(get(base, project).body());
        assertThat(summary.at("/totals/activities").asLong()).as("each activity once").isEqualTo(last);
    }

    /** A service started on a topic of three partitions, once it shows the project's registration and training. */
    private String startedWithARegistrationAndATraining() throws Exception {
        ContractProducer.createTopic(bootstrap(), topic, 3);
        try (ContractProducer producer = new ContractProducer(bootstrap(), topic)) {
            producer.send(0, registration(project));
            producer.send(1, training(project, "t-1"));
        }
        String base = start();
        await().atMost(Duration.ofSeconds(60)).until(() -> version(base, project) == 1);
        return base;
    }

    private static TopicIdentity identity(GenerationState state) {
        return new TopicIdentity(state.topic(), state.topicId(), state.partitions());
    }

    private static String bootstrap() {
        return TestInfrastructure.kafka().bootstrapServers();
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()));
    }

    private String start() {
        return start(topic);
    }

    private String start(String topicName) {
        int port = Ports.free();
        instances.add(TestInfrastructure.queryService(port, topicName, database));
        return "http://localhost:" + port;
    }

    private HttpResponse<String> get(String base, String projectId) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/projects/" + projectId))
                .header("Authorization", "Bearer " + Tokens.of("auditor-demo")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The project's version as served, or -1 while it cannot be read. */
    private int version(String base, String projectId) throws Exception {
        HttpResponse<String> response = get(base, projectId);
        if (response.statusCode() != 200) {
            return -1;
        }
        JsonNode summary = JSON.readTree(response.body());
        return summary.path("version").asInt();
    }
}
