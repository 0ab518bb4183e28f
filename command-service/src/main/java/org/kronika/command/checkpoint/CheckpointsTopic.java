package org.kronika.command.checkpoint;

import org.apache.kafka.clients.admin.NewTopic;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.publishing.ProjectEventsTopic;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The checkpoints' topic, created (or its configs corrected) before the first checkpoint goes out: one partition,
 * so that every reader sees the checkpoints in the order they were signed, and the same infinite retention as the
 * events' topic, since a checkpoint is worth keeping as long as the history it signs.
 */
@Component
public class CheckpointsTopic {

    private static final int TIMEOUT_SECONDS = 5;

    private final KafkaAdmin admin;
    private final NewTopic topic;
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

    /** Throws while Kafka is unreachable: the publisher tries again at its next round. */
    public void ensureExists() {
        if (!ready) {
            admin.createOrModifyTopics(topic);
            admin.describeTopics(topic.name());
            ready = true;
        }
    }
}
