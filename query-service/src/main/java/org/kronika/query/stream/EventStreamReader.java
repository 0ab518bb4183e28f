package org.kronika.query.stream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the published topic with a plain Kafka client, exactly as a partner would, from positions the caller
 * keeps (no consumer group). {@code auto.offset.reset} is {@code none}: a position the topic no longer has is an
 * error to act on, never a silent jump.
 */
public class EventStreamReader implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventStreamReader.class);

    private final StreamProperties properties;
    private final RejectedRecords rejected;
    private final CloudEventDecoder decoder = new CloudEventDecoder();
    private final KafkaConsumer<String, byte[]> consumer;
    private final java.util.Set<TopicPartition> partitions = new java.util.LinkedHashSet<>();
    /**
     * Whether the group gave this consumer its share of the partitions (perhaps none) and it still holds it: false
     * from the start of each rebalance, and from being dropped from the group, until the next assignment.
     */
    private volatile boolean holdsAssignment;
    private final KafkaClientMetrics metrics;
    private final io.micrometer.core.instrument.Counter rejectedCount;

    /**
     * @param group the consumer group that shares the topic's partitions among the instances projecting one
     *              generation: each partition is read by one instance at a time
     */
    public EventStreamReader(StreamProperties properties, RejectedRecords rejected, MeterRegistry meters,
                             String clientId, String group) {
        this.properties = properties;
        this.rejected = rejected;
        this.consumer = new KafkaConsumer<>(Map.ofEntries(
                Map.entry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers()),
                Map.entry(ConsumerConfig.CLIENT_ID_CONFIG, clientId),
                Map.entry(ConsumerConfig.GROUP_ID_CONFIG, group),
                // Whole partitions move at a rebalance, after everything read from them is written.
                Map.entry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                        org.apache.kafka.clients.consumer.RangeAssignor.class.getName()),
                Map.entry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000),
                Map.entry(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) properties.sessionTimeout().toMillis()),
                Map.entry(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, heartbeatInterval(properties.sessionTimeout())),
                Map.entry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                Map.entry(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false),
                Map.entry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none"),
                Map.entry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords()),
                Map.entry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20),
                Map.entry(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024),
                Map.entry(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.metrics = meters == null ? null : new KafkaClientMetrics(consumer);
        this.rejectedCount = meters == null ? null : meters.counter("kronika.projection.events", "outcome", "rejected");
        if (metrics != null) {
            metrics.bindTo(meters);
        }
    }

    /** What the reader's owner does when partitions come and go. */
    public interface Ownership {
        /** Before the partitions go to another instance: write everything read from them. */
        void losing(Set<Integer> partitions);

        /** The partitions this instance now reads, and where to start each (null: from the beginning). */
        Map<Integer, Long> gained(Set<Integer> partitions);

        /**
         * The partitions were taken already (this instance was out of the group too long): another instance reads
         * them from the last checkpoint, so nothing read since may be written, least of all a checkpoint.
         */
        void lost();
    }

    /** Joins the group; each partition it is given is read from where {@code ownership} says. */
    public void open(Ownership ownership) {
        consumer.subscribe(List.of(properties.topic()), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> revoked) {
                holdsAssignment = false;
                if (!revoked.isEmpty()) {
                    ownership.losing(numbers(revoked));
                }
                partitions.removeAll(revoked);
            }

            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> assigned) {
                partitions.addAll(assigned);
                Map<Integer, Long> starts = ownership.gained(numbers(assigned));
                for (TopicPartition partition : assigned) {
                    Long next = starts.get(partition.partition());
                    if (next == null) {
                        consumer.seekToBeginning(Set.of(partition));
                    } else {
                        consumer.seek(partition, next);
                    }
                }
                holdsAssignment = true;
            }

            @Override
            public void onPartitionsLost(java.util.Collection<TopicPartition> lost) {
                // Taken without a chance to write: what was not written is read again by the new owner.
                holdsAssignment = false;
                partitions.removeAll(lost);
                ownership.lost();
            }
        });
    }

    /**
     * Whether this consumer holds its assignment in the group: not while a rebalance waits for its members to join
     * again, nor after the group dropped it (its session ran out, as when Kafka was frozen) until it is let back in.
     * Meanwhile it reads nothing and owns no partitions, which without this looked like an instance at the end of
     * the topic. From the thread that polls.
     */
    public boolean assigned() {
        return holdsAssignment && consumer.groupMetadata().generationId() >= 0;
    }

    /**
     * A third of the session or Kafka's default 3 s, whichever is shorter: the group waits three missed heartbeats
     * before it drops a member.
     */
    static int heartbeatInterval(Duration session) {
        return (int) Math.min(3000, session.toMillis() / 3);
    }

    /** The partitions this instance reads now. */
    public Set<Integer> owned() {
        return numbers(partitions);
    }

    private static Set<Integer> numbers(java.util.Collection<TopicPartition> partitions) {
        Set<Integer> numbers = new java.util.TreeSet<>();
        partitions.forEach(p -> numbers.add(p.partition()));
        return numbers;
    }

    public StreamBatch poll(Duration timeout) {
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        List<ReceivedEvent> events = new ArrayList<>(records.count());
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(decoder.decode(record));
            } catch (CloudEventDecoder.MalformedRecord e) {
                // Counted once: read again by a rebuild, or after a restart, it fired the alert anew.
                if (rejected.add(record, e.getMessage())) {
                    if (rejectedCount != null) {
                        rejectedCount.increment();
                    }
                    log.error("Rejected record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                            e.getMessage());
                } else {
                    log.warn("Read again record {}-{}@{}, set aside before: {}", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
            }
            next.put(record.partition(), record.offset() + 1);
        }
        return new StreamBatch(events, next, records.count() >= properties.maxPollRecords());
    }

    /** How many records are left to read after the current positions. */
    public long remaining() {
        return remainingByPartition().values().stream().mapToLong(Long::longValue).sum();
    }

    /** How many records are left to read after the current position of each partition this instance reads. */
    public Map<Integer, Long> remainingByPartition() {
        if (partitions.isEmpty()) {
            // Nothing to read, but Kafka must answer: a consumer that cannot reach it is never given partitions,
            // and polls nothing without an error. Throws if it does not answer within the timeout.
            endOffsets();
            return Map.of();
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(5));
        Map<Integer, Long> remaining = new java.util.TreeMap<>();
        for (TopicPartition partition : partitions) {
            remaining.put(partition.partition(),
                    Math.max(0, end.get(partition) - consumer.position(partition, Duration.ofSeconds(5))));
        }
        return remaining;
    }

    /** Records between these positions and these ends ({@link #endOffsets}), over every partition the ends name. */
    public static long remainingBeyond(Map<Integer, Long> positions, Map<Integer, Long> ends) {
        long remaining = 0;
        for (Map.Entry<Integer, Long> end : ends.entrySet()) {
            remaining += Math.max(0, end.getValue() - positions.getOrDefault(end.getKey(), 0L));
        }
        return remaining;
    }

    /** Where every partition of the topic ends now, whichever instance reads it. */
    public Map<Integer, Long> endOffsets() {
        List<TopicPartition> all = consumer.partitionsFor(properties.topic(), Duration.ofSeconds(5)).stream()
                .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
        Map<Integer, Long> ends = new java.util.TreeMap<>();
        consumer.endOffsets(all, Duration.ofSeconds(5)).forEach((partition, end) -> ends.put(partition.partition(), end));
        return ends;
    }

    /** The partition Kafka's default partitioner puts a project's events in. */
    public static int partitionOf(String projectId, int partitions) {
        return org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(
                projectId.getBytes(java.nio.charset.StandardCharsets.UTF_8))) % partitions;
    }

    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
