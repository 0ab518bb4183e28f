package org.kronika.command.publishing;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;
import org.kronika.command.KronikaCommandProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.health.Health;
import org.springframework.dao.DataAccessException;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The published stream's topic, created with infinite retention before the first event goes out: the topic is a
 * complete log that partners and the query service can rebuild from at any time.
 *
 * <p>Its partition count is never changed here. Events are keyed by project, and adding partitions would send a
 * project's later events to another partition than its earlier ones, so consumers could read them out of order.
 * A topic with another count than configured is refused: at start-up the service does not start, and if Kafka
 * was away then, nothing is published and the health indicator is DOWN until an operator decides. Its configs
 * (retention, {@code min.insync.replicas}) are corrected, which moves no record.
 *
 * <p>Its health is the topic as described at most {@link #CHECKED_FOR} ago, not as it was at the last
 * publication: a topic deleted while nothing is published would otherwise stay UP until the next command's
 * publication created it again, empty. DOWN while it does not exist, has another partition count, or was created
 * anew and lacks events the publisher had published to the one before ({@link PublishedTopics}).
 */
@Component
public class ProjectEventsTopic implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(ProjectEventsTopic.class);
    private static final Duration KAFKA_TIMEOUT = Duration.ofSeconds(5);
    /** Health asks Kafka at most this often, each time waiting at most {@link #CHECK_TIMEOUT}. */
    static final Duration CHECKED_FOR = Duration.ofSeconds(5);
    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(2);
    private static final String RUNBOOK = "see the runbook 'Kafka topic lost' (docs/operations.md)";

    private final KafkaAdmin admin;
    private final String name;
    private final int partitions;
    private final short replicationFactor;
    private final PublishedTopics published;
    private volatile boolean ready;
    private volatile Health health;
    private volatile Known known;
    private volatile long checkedAt = System.nanoTime() - CHECKED_FOR.toNanos();
    /** Whether the first topic this instance found existing was offered as the one from before the table. */
    private volatile boolean upgradeChecked;
    private Admin checks;
    private boolean closed;
    private final AtomicBoolean checking = new AtomicBoolean();

    /** The topic as last created or described: Kafka's id for it. */
    public record Known(String id) {
    }

    public ProjectEventsTopic(KafkaAdmin admin, KronikaCommandProperties properties, PublishedTopics published) {
        this.admin = admin;
        this.published = published;
        this.name = properties.topic().name();
        this.partitions = properties.topic().partitions();
        this.replicationFactor = properties.topic().replicationFactor();
        this.health = Health.unknown().withDetail("topic", name)
                .withDetail("reason", "not checked yet: Kafka has not been reachable").build();
    }

    public String name() {
        return name;
    }

    /**
     * With Kafka reachable, the service starts only on a topic it may publish to. Without Kafka it starts anyway
     * (commands are accepted while Kafka is away) and the publisher checks before its first publication.
     */
    @PostConstruct
    void checkAtStartUp() {
        try {
            ensureExists();
        } catch (PartitionCountChanged e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("Kafka not reachable at start-up; topic {} will be checked before the first publication: {}",
                    name, e.getMessage());
        }
    }

    /**
     * Creates the topic, or checks its partition count and corrects its configs. Throws while Kafka is
     * unreachable, and {@link PartitionCountChanged} while the topic has another partition count than configured;
     * the publisher's processor then retries later.
     */
    public void ensureExists() {
        if (ready) {
            return;
        }
        try (Admin client = Admin.create(clientConfig())) {
            Optional<TopicDescription> existing = describe(client);
            if (existing.isEmpty() && created(client)) {
                ready();
                return;
            }
            TopicDescription topic = existing.or(() -> describeOnceKnown(client)).orElseThrow(() ->
                    new IllegalStateException("Topic " + name + " exists, but no broker describes it within "
                            + KAFKA_TIMEOUT.toSeconds() + " s; it is checked again before the first publication"));
            requireConfiguredPartitions(topic);
            correctConfigs(client, topic);
            String id = topic.topicId().toString();
            known = new Known(id);
            if (!upgradeChecked) {
                published.existedBeforeAnyRecord(id);
                upgradeChecked = true;
            }
        }
        ready();
    }

    /** Health describes the topic again when next asked, rather than report what it saw before this check. */
    private void ready() {
        ready = true;
        checkedAt = System.nanoTime() - CHECKED_FOR.toNanos();
    }

    /**
     * The partition a key's records go to, by the configured count and Kafka's own rule for keyed records
     * (murmur2 of the key's bytes): the partition Kafka's producer chose before, so a project stays where its
     * history is. Chosen here, not by the producer, because the producer chooses by the count in its metadata,
     * which may refresh in the middle of a batch after partitions were added; the check before each batch
     * would then come too late for the batch's later records.
     */
    public int partitionOf(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** After a batch failed: the next one describes the topic again before it sends. */
    public void checkAgain() {
        ready = false;
    }

    /**
     * Before each batch, with the partition count the producer itself sees (its metadata, refreshed by Kafka's
     * client, fetched only when it has none, within max.block.ms): partitions added while the service runs
     * (kafka-topics --alter) would send a project's later events to another partition than its earlier ones.
     * Refused like a changed count at start-up; the publisher then checks the topic again.
     */
    public void requirePartitionsAsSeen(int seen) {
        requireConfiguredPartitions(seen);
    }

    /** The topic the publisher sends to, as last created or described; null before {@link #ensureExists()}. */
    public Known known() {
        return known;
    }

    /**
     * The id of the topic that exists now, asked of Kafka now; empty when there is none. Throws while Kafka does
     * not answer within {@link #CHECK_TIMEOUT}.
     */
    public Optional<String> existingId() {
        return describeNow().map(topic -> topic.topicId().toString());
    }

    /**
     * One caller describes the topic at a time, and the others answer what it saw last rather than wait behind it:
     * a description waits up to {@link #CHECK_TIMEOUT}, the record's query for a pool connection, and health calls
     * queued behind them held the checkpoints' thread too.
     */
    @Override
    public Health health() {
        if (System.nanoTime() - checkedAt >= CHECKED_FOR.toNanos() && checking.compareAndSet(false, true)) {
            try {
                check();
            } finally {
                checking.set(false);
            }
        }
        return health;
    }

    private void check() {
        if (System.nanoTime() - checkedAt < CHECKED_FOR.toNanos()) {
            return;
        }
        try {
            Optional<TopicDescription> topic = describeNow();
            if (topic.isEmpty()) {
                // The publisher's next batch creates it, with its configs, rather than sending to what the broker
                // might create by itself.
                checkAgain();
                health = Health.down().withDetail("topic", name).withDetail("reason", "topic " + name
                        + " does not exist: " + RUNBOOK).build();
                return;
            }
            int count = topic.get().partitions().size();
            if (count != partitions) {
                checkAgain();
                refused(count);
                return;
            }
            String id = topic.get().topicId().toString();
            Known before = known;
            if (before == null || !before.id().equals(id)) {
                // Created by someone else since it was last described: the next batch corrects its configs first.
                known = new Known(id);
                checkAgain();
            }
            OptionalLong lacking = lackingFrom(id);
            if (lacking.isPresent()) {
                health = Health.down().withDetail("topic", name).withDetail("topicId", id)
                        .withDetail("partitions", count).withDetail("lacksEventsFrom", lacking.getAsLong())
                        .withDetail("reason", "topic " + name + " was created anew and lacks the events from position "
                                + lacking.getAsLong() + " on that were published to the topic before it: " + RUNBOOK)
                        .build();
                return;
            }
            health = Health.up().withDetail("topic", name).withDetail("topicId", id).withDetail("partitions", count)
                    .withDetail("replicationFactor", topic.get().partitions().get(0).replicas().size()).build();
        } catch (RuntimeException e) {
            health = Health.unknown().withDetail("topic", name)
                    .withDetail("reason", "Kafka did not describe the topic: " + e.getMessage()).build();
        } finally {
            checkedAt = System.nanoTime();
        }
    }

    /** With PostgreSQL away, what Kafka says is still worth reporting: the history check is left for the next time. */
    private OptionalLong lackingFrom(String id) {
        try {
            return published.lacksFrom(id);
        } catch (DataAccessException e) {
            log.debug("Whether topic {} lacks published events is not known now: {}", name, e.getMessage());
            return OptionalLong.empty();
        }
    }

    private Optional<TopicDescription> describeNow() {
        Admin client;
        synchronized (this) {
            if (closed) {
                // A call that comes in late, as the service stops, must not leave a client of its own behind.
                throw new IllegalStateException("The service is stopping: topic " + name + " is not described");
            }
            if (checks == null) {
                checks = Admin.create(clientConfig());
            }
            client = checks;
        }
        try {
            return Optional.of(await(client.describeTopics(List.of(name)).allTopicNames(), CHECK_TIMEOUT).get(name));
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    @PreDestroy
    synchronized void close() {
        closed = true;
        if (checks != null) {
            checks.close(Duration.ZERO);
            checks = null;
        }
    }

    /**
     * What the topic is given: infinite retention, acks=all needing more than the leader where it can, and the
     * records' own timestamps.
     */
    public static Map<String, String> configs(int replicationFactor) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(Math.min(2, replicationFactor)));
        // A record's timestamp is its event's, as the publisher sets it: restore-from-topic gives it back to chained
        // events as their stored time. A broker stamping its own append time would change it.
        configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
        return configs;
    }

    private Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) KAFKA_TIMEOUT.toMillis());
        return config;
    }

    private Optional<TopicDescription> describe(Admin client) {
        try {
            return Optional.of(await(client.describeTopics(List.of(name)).allTopicNames()).get(name));
        } catch (UnknownTopicOrPartitionException e) {
            return Optional.empty();
        }
    }

    /**
     * A topic another instance (or an operator) has just created exists for the controller before every broker can
     * describe it. Asked in between, the start-up check failed and left the partition count unchecked until the
     * first publication; so it asks again for up to {@link #KAFKA_TIMEOUT}.
     */
    private Optional<TopicDescription> describeOnceKnown(Admin client) {
        long until = System.nanoTime() + KAFKA_TIMEOUT.toNanos();
        Optional<TopicDescription> topic = describe(client);
        while (topic.isEmpty() && System.nanoTime() < until) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            topic = describe(client);
        }
        return topic;
    }

    /** False if another instance created the topic in the meantime: it is then checked like any existing one. */
    private boolean created(Admin client) {
        try {
            var creation = client.createTopics(List.of(new NewTopic(name, partitions, replicationFactor)
                    .configs(configs(replicationFactor))));
            await(creation.all());
            Known created = new Known(await(creation.topicId(name)).toString());
            known = created;
            upgradeChecked = true;
            published.created(created.id());
        } catch (TopicExistsException e) {
            return false;
        }
        log.info("Topic {} created ({} partitions, replication factor {}, infinite retention)", name, partitions,
                replicationFactor);
        return true;
    }

    private void requireConfiguredPartitions(TopicDescription topic) {
        requireConfiguredPartitions(topic.partitions().size());
    }

    private void requireConfiguredPartitions(int actual) {
        if (actual != partitions) {
            PartitionCountChanged refusal = refused(actual);
            log.error("Not publishing: {}", refusal.getMessage());
            throw refusal;
        }
    }

    private PartitionCountChanged refused(int actual) {
        PartitionCountChanged refusal = new PartitionCountChanged(name, actual, partitions);
        health = Health.down().withDetail("topic", name).withDetail("partitions", actual)
                .withDetail("configuredPartitions", partitions).withDetail("reason", refusal.getMessage()).build();
        return refusal;
    }

    /** Configs follow the topic's actual replication factor: a min.insync.replicas above it would refuse all writes. */
    private void correctConfigs(Admin client, TopicDescription topic) {
        int actualReplicas = topic.partitions().get(0).replicas().size();
        if (actualReplicas != replicationFactor) {
            log.warn("Topic {} has replication factor {}, not the configured {}; Kronika does not change it",
                    name, actualReplicas, replicationFactor);
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config current = await(client.describeConfigs(List.of(resource)).all()).get(resource);
        List<AlterConfigOp> corrections = new ArrayList<>();
        configs(actualReplicas).forEach((key, wanted) -> {
            ConfigEntry entry = current.get(key);
            // Set on the topic even where the broker's default agrees: that default can change under it.
            if (entry == null || !wanted.equals(entry.value())
                    || entry.source() != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG) {
                corrections.add(new AlterConfigOp(new ConfigEntry(key, wanted), AlterConfigOp.OpType.SET));
            }
        });
        if (!corrections.isEmpty()) {
            await(client.incrementalAlterConfigs(Map.of(resource, corrections)).all());
            log.info("Topic {}: corrected {}", name, corrections.stream().map(op -> op.configEntry().name()
                    + "=" + op.configEntry().value()).toList());
        }
        log.info("Topic {} ready ({} partitions, infinite retention)", name, topic.partitions().size());
    }


    private static <T> T await(KafkaFuture<T> future) {
        return await(future, KAFKA_TIMEOUT);
    }

    private static <T> T await(KafkaFuture<T> future, Duration timeout) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while talking to Kafka", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout.toSeconds() + " s", e);
        }
    }

    /** The topic exists with another partition count than configured: publishing to it could reorder projects. */
    public static class PartitionCountChanged extends IllegalStateException {

        private final String description;
        private final String action;

        PartitionCountChanged(String topic, int actual, int configured) {
            this("Topic " + topic + " has " + actual + " partitions, but the command service is configured for "
                            + configured + " (KRONIKA_TOPIC_PARTITIONS). Kronika never changes a topic's partition "
                            + "count: adding partitions would send a project's later events to another partition and "
                            + "break its order for every consumer.",
                    "If the variable is what is wrong (the topic had " + actual + " partitions from its creation), "
                            + "set KRONIKA_TOPIC_PARTITIONS=" + actual + "; if partitions were added to it, that would "
                            + "split its projects' records across two partitions: move to a new topic with the new "
                            + "count as docs/operations.md describes (\"Changing the partition count\").");
        }

        private PartitionCountChanged(String description, String action) {
            super(description + " " + action);
            this.description = description;
            this.action = action;
        }

        public String description() {
            return description;
        }

        public String action() {
            return action;
        }
    }
}
