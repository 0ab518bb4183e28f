package org.kronika.command.publishing;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.kronika.command.config.KronikaCommandProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * The published stream's topic, created (or corrected) with infinite retention before the first event goes out:
 * the topic is a complete log that partners and the query service can rebuild from at any time.
 */
@Component
public class ProjectEventsTopic {

    private static final Logger log = LoggerFactory.getLogger(ProjectEventsTopic.class);

    private final KafkaAdmin admin;
    private final NewTopic topic;
    private volatile boolean ready;

    public ProjectEventsTopic(KafkaAdmin admin, KronikaCommandProperties properties) {
        this.admin = admin;
        this.topic = TopicBuilder.name(properties.topic().name())
                .partitions(properties.topic().partitions())
                .replicas(properties.topic().replicationFactor())
                .config(TopicConfig.RETENTION_MS_CONFIG, "-1")
                .config(TopicConfig.RETENTION_BYTES_CONFIG, "-1")
                .config(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)
                .build();
        // Start-up must not wait for Kafka: commands are accepted while it is away.
        admin.setFatalIfBrokerNotAvailable(false);
        admin.setModifyTopicConfigs(true);
        admin.setOperationTimeout(5);
    }

    public String name() {
        return topic.name();
    }

    /** Throws while Kafka is unreachable; the publisher's processor then retries later. */
    public void ensureExists() {
        if (ready) {
            return;
        }
        admin.createOrModifyTopics(topic);
        ready = true;
        log.info("Topic {} ready ({} partitions, infinite retention)", topic.name(), topic.numPartitions());
    }

    /** Creates the topic early so consumers find it, without delaying start-up when Kafka is down. */
    @EventListener(ApplicationReadyEvent.class)
    public void createEarly() {
        Thread thread = new Thread(() -> {
            try {
                ensureExists();
            } catch (RuntimeException e) {
                log.warn("Kafka not reachable at start-up; topic {} will be created before the first publication: {}",
                        topic.name(), e.getMessage());
            }
        }, "topic-init");
        thread.setDaemon(true);
        thread.start();
    }
}
