package org.kronika.infra.embedded;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerTest {

    @TempDir
    Path data;

    @Test
    void keepsRecordsAndPortAcrossARestart() throws Exception {
        try (KafkaBroker broker = KafkaBroker.at(data, 0).start()) {
            String servers = broker.bootstrapServers();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
                admin.createTopics(List.of(new NewTopic("t", 1, (short) 1))).all().get();
            }
            try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t", "k", "before restart")).get();
            }

            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.start();

            assertThat(broker.bootstrapServers()).isEqualTo(servers);
            assertThat(readAll(servers)).containsExactly("before restart");
        }
    }

    /**
     * A broker whose port is taken fails to start: it says where, is not taken for running, and lets go of the
     * controller it started first, so the same broker starts once the port is free.
     */
    @Test
    void aBrokerThatFailsToStartSaysWhereAndLeavesNothingRunning() throws Exception {
        KafkaBroker broker;
        try (java.net.ServerSocket taken = new java.net.ServerSocket()) {
            taken.setReuseAddress(true);
            taken.bind(new java.net.InetSocketAddress("localhost", 0));
            broker = KafkaBroker.at(data, taken.getLocalPort());

            org.assertj.core.api.Assertions.assertThatThrownBy(broker::start)
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining(data.toString());
            assertThat(broker.isRunning()).isFalse();
            try (java.net.ServerSocket controller = new java.net.ServerSocket()) {
                controller.setReuseAddress(true);
                controller.bind(new java.net.InetSocketAddress("localhost", broker.controllerPort()));
            }
        }
        try (KafkaBroker started = broker.start()) {
            assertThat(started.isRunning()).isTrue();
        }
    }

    @Test
    void aTemporaryBrokerRemovesItsLogWhenClosedAndAnotherKeepsIt() throws Exception {
        KafkaBroker temporary = KafkaBroker.temporary(0).start();
        Path log = temporary.dataDirectory();
        assertThat(log.resolve("logs/meta.properties")).exists();

        temporary.close();

        assertThat(log).doesNotExist();
        try (KafkaBroker kept = KafkaBroker.at(data, 0).start()) {
            assertThat(kept.dataDirectory()).isEqualTo(data);
        }
        assertThat(data.resolve("logs/meta.properties")).exists();
    }

    private static List<String> readAll(String servers) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            TopicPartition partition = new TopicPartition("t", 0);
            consumer.assign(Set.of(partition));
            consumer.seekToBeginning(Set.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (values.isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
