package org.kronika.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kronika.infra.embedded.Ports;
import org.kronika.query.stream.ContractProducer;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.kronika.query.fixtures.TopicEvents.registration;
import static org.kronika.query.fixtures.TopicEvents.training;

/**
 * Two query-service instances on one topic and one read store share the partitions through a consumer group; when
 * one stops, the other takes its partitions over where it left them. Every event is applied once, and both answer
 * the same.
 */
class TwoInstancesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<ConfigurableApplicationContext> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void twoInstancesShareThePartitionsAndOneTakesOverWhenTheOtherStops() throws Exception {
        String topic = "two-instances-" + UUID.randomUUID();
        String database = "two-" + UUID.randomUUID().toString().substring(0, 8);
        ContractProducer.createTopic(TestInfrastructure.kafka().bootstrapServers(), topic, 6);
        try (ContractProducer producer = new ContractProducer(TestInfrastructure.kafka().bootstrapServers(), topic)) {
            List<String> projects = registered(producer, 24);
            String first = start(topic, database);
            String second = start(topic, database);
            for (int round = 1; round <= 10; round++) {
                for (String id : projects) {
                    producer.sendQuickly(round, training(id, "t-" + round));
                }
                producer.flush();
                if (round == 5) {
                    // The first instance goes away mid-stream; the second carries on with its partitions.
                    instances.remove(0).close();
                }
            }
            for (String id : projects) {
                JsonNode summary = await().atMost(Duration.ofSeconds(60)).until(() -> get(second, id),
                        s -> s != null && s.path("version").asInt() == 10);
                assertThat(summary.at("/totals/activities").asInt()).as(id).isEqualTo(10);
                assertThat(summary.at("/totals/participants/total").asInt()).as(id).isEqualTo(30);
            }
            String third = start(topic, database);
            for (String id : projects) {
                assertThat(get(third, id)).as("any instance answers any query").isEqualTo(get(second, id));
            }
            assertThat(first).isNotEqualTo(second);
        }
    }

    /**
     * Two query services each with a read store of its own on one topic, as a second deployment (a staging copy, a
     * rebuilt read store beside the old one) reads production's: each projects every event. Both first generations
     * are numbered 1, and a consumer group named by that alone split the partitions between the two read stores,
     * each missing the other's projects while saying it followed the topic.
     */
    @Test
    void twoReadStoresOnOneTopicEachProjectEveryEvent() throws Exception {
        String topic = "two-stores-" + UUID.randomUUID();
        ContractProducer.createTopic(TestInfrastructure.kafka().bootstrapServers(), topic, 6);
        try (ContractProducer producer = new ContractProducer(TestInfrastructure.kafka().bootstrapServers(), topic)) {
            List<String> projects = registered(producer, 12);
            for (String id : projects) {
                producer.sendQuickly(1, training(id, "t-1"));
            }
            producer.flush();
            List<String> stores = List.of(start(topic, "store-a-" + UUID.randomUUID().toString().substring(0, 8)),
                    start(topic, "store-b-" + UUID.randomUUID().toString().substring(0, 8)));
            for (String store : stores) {
                for (String id : projects) {
                    await(store + " " + id).atMost(Duration.ofSeconds(60)).until(() -> get(store, id),
                            s -> s != null && s.path("version").asInt() == 1);
                }
            }
        }
    }

    /** Projects registered on the topic, each under an id of its own, spread over the partitions. */
    private static List<String> registered(ContractProducer producer, int count) throws Exception {
        List<String> projects = new ArrayList<>();
        for (int p = 0; p < count; p++) {
            String id = "p" + p + "-" + UUID.randomUUID().toString().substring(0, 6);
            projects.add(id);
            producer.send(0, registration(id));
        }
        return projects;
    }

    private String start(String topic, String database) {
        int port = Ports.free();
        instances.add(TestInfrastructure.queryService(port, topic, database));
        return "http://localhost:" + port;
    }

    private JsonNode get(String base, String projectId) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/projects/" + projectId))
                .header("Authorization", "Bearer " + Tokens.of("auditor-demo")).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
    }
}
