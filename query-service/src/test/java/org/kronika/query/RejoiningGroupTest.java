package org.kronika.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.stream.ContractProducer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kronika.query.fixtures.TopicEvents.registration;
import static org.kronika.query.fixtures.TopicEvents.training;

/**
 * The query service's consumer waiting to be let back into its group, as after Kafka was frozen: for 45 s it owned
 * no partitions and read nothing, while health and {@code kronika.projection.remaining} said it followed the topic
 * with nothing left (619 events were). Here a rebalance is held open by a member of the group that stops polling,
 * as a vanished member holds one until its session runs out.
 */
class RejoiningGroupTest {

    private RunningQueryService instance;

    @AfterEach
    void stop() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void whileItsConsumerWaitsToRejoinTheGroupHealthAndTheGaugeCountTheRecordsBeyondTheCheckpointNotNothing()
            throws Exception {
        String bootstrap = TestInfrastructure.kafka().bootstrapServers();
        String topic = "rejoining-" + UUID.randomUUID();
        String project = "p-" + UUID.randomUUID().toString().substring(0, 6);
        ContractProducer.createTopic(bootstrap, topic, 3);
        try (ContractProducer producer = new ContractProducer(bootstrap, topic)) {
            producer.send(0, registration(project));
            instance = new RunningQueryService(topic, "rejoining-" + UUID.randomUUID().toString().substring(0, 8));
            await().atMost(Duration.ofSeconds(60)).until(() -> projection().path("state").asText(),
                    "following"::equals);
            Generations generations = instance.bean(Generations.class);
            String group = generations.state(generations.refresh().orElseThrow()).orElseThrow().consumerGroup();

            // Closed in the reverse order: the stalled member leaves first, which ends the rebalance the joining one
            // waits in; closed first, the joining one waited up to its 30 s close timeout for an answer to its join.
            try (KafkaConsumer<byte[], byte[]> joining = member(bootstrap, group);
                 KafkaConsumer<byte[], byte[]> stalled = member(bootstrap, group)) {
                stalled.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    stalled.poll(Duration.ofMillis(100));
                    return !stalled.assignment().isEmpty();
                });
                // The stalled member polls no more: the rebalance the next member starts waits for it, and the
                // service gives up its partitions meanwhile. Only then do the events come, so that it cannot have
                // read them before (they would be applied, and nothing would remain).
                joining.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    joining.poll(Duration.ofMillis(100));
                    return projection().path("state").asText().equals("joining the consumer group");
                });
                for (int sequence = 1; sequence <= 5; sequence++) {
                    producer.send(sequence, training(project, "t-" + sequence));
                }
                var remaining = instance.bean(MeterRegistry.class).get("kronika.projection.remaining").gauge();
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    joining.poll(Duration.ofMillis(100));
                    JsonNode projection = projection();
                    assertThat(projection.path("state").asText()).isEqualTo("joining the consumer group");
                    assertThat(projection.path("remaining").asLong()).isGreaterThanOrEqualTo(5);
                    assertThat(remaining.value()).as("what an alert reads").isGreaterThanOrEqualTo(5);
                });
            }
            // Both leave the group: the service is given every partition and reads what was left.
            await().atMost(Duration.ofSeconds(60)).until(() -> version(project) == 5);
            await().atMost(Duration.ofSeconds(60)).until(() -> projection().path("state").asText(),
                    "following"::equals);
            assertThat(projection().path("remaining").asLong()).isZero();
        }
    }

    private static KafkaConsumer<byte[], byte[]> member(String bootstrap, String group) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                org.apache.kafka.clients.consumer.RangeAssignor.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                // Gone from the group soon after the test, whether or not their leaving reaches it.
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 6000),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private JsonNode projection() throws Exception {
        return instance.projectionHealth().path("details");
    }

    private int version(String projectId) throws Exception {
        JsonNode project = instance.project(projectId);
        return project == null ? -1 : project.path("version").asInt();
    }
}
