package org.kronika.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.kronika.verifier.VerifyCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runbooks of docs/operations.md for a lost topic and a lost read store, step by step as written there, on the
 * embedded components: the SQL is the runbook's, sent over JDBC instead of psql.
 */
class RunbooksTest {

    private static final String TOPIC = "kronika.project-events";
    private static final List<String> PROJECTS = List.of("runbook-0", "runbook-1");

    @Test
    void aLostTopicIsPublishedAgainWithTheSameIdsAndHashesAndALostReadStoreIsRebuilt() throws Exception {
        try (EmbeddedComponents components = EmbeddedComponents.start("kronika-runbooks")) {
            ServiceProcess command = components.startService("command-service", "command-service");
            command.awaitHealthy(EmbeddedComponents.START);
            ServiceProcess query = components.startService("query-service", "query-service");
            query.awaitHealthy(EmbeddedComponents.START);
            for (String projectId : PROJECTS) {
                assertThat(components.post(command, "admin-demo", "/api/projects",
                        EmbeddedComponents.registration(projectId, "Runbook " + projectId)).statusCode()).isEqualTo(201);
                for (int i = 0; i < 3; i++) {
                    assertThat(components.post(command, "recorder-komf", "/api/projects/" + projectId
                            + "/activities/training-delivered", EmbeddedComponents.training(projectId + "-a" + i, 10)).statusCode())
                            .isEqualTo(201);
                }
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> components.metric(command, "kronika_publisher_lag_events") == 0);
            Map<String, List<String>> before = topic(components);
            assertThat(before.keySet()).containsAll(PROJECTS); // and the programme's own stream
            awaitProjected(components, query);

            // Kafka topic lost. 1: stop every command-service instance; the loss: the topic is deleted.
            command.close();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    components.kafka.bootstrapServers()))) {
                admin.deleteTopics(List.of(TOPIC)).all().get();
                await().atMost(Duration.ofSeconds(30)).until(() -> !admin.listTopics().names().get().contains(TOPIC));
            }
            // 2: delete the publisher's token.
            try (Connection connection = components.postgres.connect()) {
                assertThat(connection.createStatement()
                        .executeUpdate("DELETE FROM tokenentry WHERE processorname = 'kafka-publisher'")).isEqualTo(1);
            }
            // 3: start the command-service; it creates the topic and publishes every event again.
            ServiceProcess republisher = components.startService("command-service-again", "command-service");
            republisher.awaitHealthy(EmbeddedComponents.START);
            await().atMost(Duration.ofSeconds(60)).until(() -> components.metric(republisher, "kronika_publisher_lag_events") == 0);
            assertThat(topic(components)).as("the same events, ids, hashes and bytes, in order").isEqualTo(before);
            // 4: the chains verify on the new topic.
            assertThat(verify(components)).contains("OK      runbook-0:", "OK      runbook-1:");
            // 5: restart the query-service; at start it finds the topic is another one and builds new read models
            // from it while the old ones keep answering. (Running, it only fails to read the old positions.)
            String builtFrom = liveTopicId(components);
            query.close();
            ServiceProcess restarted = components.startService("query-service-restarted", "query-service");
            restarted.awaitHealthy(EmbeddedComponents.START);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .until(() -> !builtFrom.equals(liveTopicId(components)));
            awaitProjected(components, restarted);

            // Read store lost: the database is dropped; the query-service, started again, rebuilds it.
            restarted.close();
            try (var mongo = MongoClients.create(components.mongo.connectionString("kronika"))) {
                mongo.getDatabase("kronika").drop();
            }
            ServiceProcess rebuilt = components.startService("query-service-again", "query-service");
            rebuilt.awaitHealthy(EmbeddedComponents.START);
            awaitProjected(components, rebuilt);
        }
    }

    /** Every project at its last version (registration and three activities: version 3) with its four events. */
    private static void awaitProjected(EmbeddedComponents components, ServiceProcess query) {
        for (String projectId : PROJECTS) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode summary = components.get(query, "/api/projects/" + projectId);
                JsonNode history = components.get(query, "/api/projects/" + projectId + "/history?limit=50");
                return summary != null && summary.path("version").asInt() == 3
                        && history != null && history.path("entries").size() == 4;
            });
        }
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

    private static String verify(EmbeddedComponents components) {
        var out = new ByteArrayOutputStream();
        int exit = VerifyCli.run(new String[]{"--kafka", components.kafka.bootstrapServers()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String said = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(said).isZero();
        return said;
    }
}
