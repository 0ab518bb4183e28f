package org.kronika.command.checkpoint;

import org.apache.kafka.clients.admin.NewTopic;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.publishing.ProjectEventsTopic;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checkpoints' topic, created (or its configs corrected) before the first checkpoint goes out: one partition,
 * so that every reader sees the checkpoints in the order they were signed, and the same infinite retention as the
 * events' topic, since a checkpoint is worth keeping as long as the history it signs.
 */
@Component
public class CheckpointsTopic {

    private static final int TIMEOUT_SECONDS = 5;
    private static final java.time.Duration REREAD = java.time.Duration.ofMinutes(1);
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CheckpointsTopic.class);

    private final KafkaAdmin admin;
    private final NewTopic topic;
    private volatile String last;
    private volatile long publishedAt = System.nanoTime() - REREAD.toNanos();
    private volatile long readAt = System.nanoTime() - REREAD.toNanos();
    private volatile boolean ready;

    public CheckpointsTopic(KafkaAdmin kafkaAdmin, CheckpointProperties checkpoints, KronikaCommandProperties properties) {
        // An admin of its own: correcting an existing topic's configs is this topic's policy, not every topic's.
        this.admin = new KafkaAdmin(kafkaAdmin.getConfigurationProperties());
        admin.setOperationTimeout(TIMEOUT_SECONDS);
        admin.setModifyTopicConfigs(true);
        short replicas = properties.topic().replicationFactor();
        this.topic = TopicBuilder.name(checkpoints.topic()).partitions(1).replicas(replicas)
                .configs(ProjectEventsTopic.configs(replicas)).build();
    }

    public String name() {
        return topic.name();
    }

    /**
     * The last checkpoint on the topic, as published: what anyone outside the database holds as the newest. Read
     * from the topic at most once a minute (a signing may wait for it, inside its transaction), and kept up to date
     * by this instance's own publications meanwhile. Empty when the topic has none yet, or has never been readable.
     */
    public Optional<String> latest() {
        long now = System.nanoTime();
        if (now - readAt >= REREAD.toNanos()) {
            readAt = now;
            try {
                Optional<String> read = lastRead();
                // A publication of this instance while the read was under way is newer than what it read.
                if (publishedAt - now < 0) {
                    read.ifPresent(jws -> last = jws);
                }
            } catch (RuntimeException e) {
                log.warn("Checkpoints topic {} not readable now; the last checkpoint known stays {}: {}", topic.name(),
                        last == null ? "none" : "the one seen before", e.toString());
            }
        }
        return Optional.ofNullable(last);
    }

    /** The topic read again at the next call, as a minute after the last read: for tests. */
    void readAgain() {
        readAt = System.nanoTime() - REREAD.toNanos();
    }

    /** A checkpoint this instance has just published: the topic's last record now, as far as it knows. */
    void published(String jws) {
        last = jws;
        publishedAt = System.nanoTime();
    }

    private Optional<String> lastRead() {
        Map<String, Object> config = new java.util.HashMap<>();
        admin.getConfigurationProperties().forEach((key, value) -> {
            if (key.equals("bootstrap.servers") || key.startsWith("security.") || key.startsWith("ssl.")
                    || key.startsWith("sasl.")) {
                config.put(key, value);
            }
        });
        config.put("allow.auto.create.topics", false);
        config.put("enable.auto.commit", false);
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(config,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic.name(), 0);
            var timeout = java.time.Duration.ofSeconds(2);
            if (consumer.partitionsFor(topic.name(), timeout).isEmpty()) {
                return Optional.empty();
            }
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            if (end == 0) {
                return Optional.empty();
            }
            consumer.seek(partition, end - 1);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (var record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    if (record.offset() == end - 1 && record.value() != null) {
                        return Optional.of(new String(record.value(), StandardCharsets.US_ASCII));
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** Throws while Kafka is unreachable: the publisher tries again at its next round. */
    public void ensureExists() {
        if (!ready) {
            admin.createOrModifyTopics(topic);
            admin.describeTopics(topic.name());
            ready = true;
        }
    }
}
