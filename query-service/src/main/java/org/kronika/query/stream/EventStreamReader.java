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
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final KafkaClientMetrics metrics;
    private final io.micrometer.core.instrument.Counter rejectedCount;

    public EventStreamReader(StreamProperties properties, RejectedRecords rejected, MeterRegistry meters,
                             String clientId) {
        this.properties = properties;
        this.rejected = rejected;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.metrics = meters == null ? null : new KafkaClientMetrics(consumer);
        this.rejectedCount = meters == null ? null : meters.counter("kronika.projection.events", "outcome", "rejected");
        if (metrics != null) {
            metrics.bindTo(meters);
        }
    }

    /** Starts reading each of the topic's {@code partitionCount} partitions at its saved offset, or its start. */
    public void open(int partitionCount, Map<Integer, Long> offsets) {
        for (int p = 0; p < partitionCount; p++) {
            partitions.add(new TopicPartition(properties.topic(), p));
        }
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long next = offsets.get(partition.partition());
            if (next == null) {
                consumer.seekToBeginning(Set.of(partition));
            } else {
                consumer.seek(partition, next);
            }
        }
    }

    public StreamBatch poll(Duration timeout) {
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        List<ReceivedEvent> events = new ArrayList<>(records.count());
        Map<Integer, Long> next = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(decoder.decode(record));
            } catch (CloudEventDecoder.MalformedRecord e) {
                rejected.add(record, e.getMessage());
                if (rejectedCount != null) {
                    rejectedCount.increment();
                }
                log.error("Rejected record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
            }
            next.put(record.partition(), record.offset() + 1);
        }
        return new StreamBatch(events, next, records.count() >= properties.maxPollRecords());
    }

    /** How many records are left to read after the current positions. */
    public long remaining() {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(5));
        long remaining = 0;
        for (TopicPartition partition : partitions) {
            remaining += Math.max(0, end.get(partition) - consumer.position(partition, Duration.ofSeconds(5)));
        }
        return remaining;
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
