package org.kronika.query.stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.kronika.query.projection.ProjectHistoryProjection;
import org.kronika.query.projection.ProjectReadModels;
import org.kronika.query.projection.ProjectSummaryProjection;
import org.kronika.query.projection.ProjectionOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the published topic with a plain Kafka client, as a partner would, and projects it in batches.
 *
 * <p>The position lives in MongoDB ({@link Checkpoints}) and is saved only after the batch's read-model writes,
 * so a crash re-delivers at most one batch, which the projections recognise and ignore. With no checkpoint (a
 * new or lost read store) the stream is read from the beginning and the read models rebuild themselves.
 */
@Component
public class ProjectEventStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProjectEventStream.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final StreamProperties properties;
    private final Checkpoints checkpoints;
    private final RejectedRecords rejected;
    private final ProjectReadModels readModels;
    private final ProjectSummaryProjection summaries;
    private final ProjectHistoryProjection history;
    private final MeterRegistry meters;
    private final CloudEventDecoder decoder = new CloudEventDecoder();

    private final Counter appliedEvents;
    private final Counter duplicateEvents;
    private final Counter earlyEvents;
    private final Counter rejectedRecords;
    private final Timer lag;

    private final Instant startedAt = Instant.now();
    private volatile boolean running;
    private volatile Consumer<String, byte[]> consumer;
    private Thread worker;

    public ProjectEventStream(StreamProperties properties, Checkpoints checkpoints, RejectedRecords rejected,
                              ProjectReadModels readModels, ProjectSummaryProjection summaries,
                              ProjectHistoryProjection history, MeterRegistry meters) {
        this.properties = properties;
        this.checkpoints = checkpoints;
        this.rejected = rejected;
        this.readModels = readModels;
        this.summaries = summaries;
        this.history = history;
        this.meters = meters;
        this.appliedEvents = meters.counter("kronika.projection.events", "outcome", "applied");
        this.duplicateEvents = meters.counter("kronika.projection.events", "outcome", "duplicate");
        this.earlyEvents = meters.counter("kronika.projection.events", "outcome", "early");
        this.rejectedRecords = meters.counter("kronika.projection.events", "outcome", "rejected");
        this.lag = Timer.builder("kronika.projection.lag")
                .description("From an event's recording on the command side to its projection here")
                .publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = new Thread(this::run, "project-event-stream");
        worker.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Consumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (worker != null) {
            try {
                worker.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        while (running) {
            try (Consumer<String, byte[]> kafka = connect()) {
                consumer = kafka;
                if (!assignAndSeek(kafka)) {
                    sleep(Duration.ofSeconds(1));
                    continue;
                }
                backoff = Duration.ofMillis(200);
                while (running) {
                    ConsumerRecords<String, byte[]> records = kafka.poll(POLL);
                    if (!records.isEmpty()) {
                        project(records);
                    }
                }
            } catch (WakeupException e) {
                // stop() was called
            } catch (RuntimeException e) {
                log.warn("Projection batch failed; resuming from the last checkpoint in {} ms: {}",
                        backoff.toMillis(), e.toString());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                consumer = null;
            }
        }
    }

    private Consumer<String, byte[]> connect() {
        KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, properties.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "kronika-query-service",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.maxPollRecords(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20),
                new StringDeserializer(), new ByteArrayDeserializer());
        new KafkaClientMetrics(kafka).bindTo(meters);
        return kafka;
    }

    /** False while the topic does not exist yet (the command side creates it). */
    private boolean assignAndSeek(Consumer<String, byte[]> kafka) {
        String topic = properties.topic();
        var partitionInfos = kafka.partitionsFor(topic, Duration.ofSeconds(5));
        if (partitionInfos == null || partitionInfos.isEmpty()) {
            log.info("Waiting for topic {} to exist", topic);
            return false;
        }
        List<TopicPartition> partitions = partitionInfos.stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        Map<TopicPartition, Long> positions = checkpoints.load(topic);
        if (!positions.isEmpty() && readModels.isEmpty()) {
            log.warn("Read models are missing but a checkpoint exists: rebuilding from the beginning of {}", topic);
            checkpoints.clear(topic);
            positions = Map.of();
        }
        if (positions.isEmpty()) {
            readModels.clear();
            log.info("No checkpoint: projecting {} from the beginning", topic);
        }
        kafka.assign(partitions);
        for (TopicPartition partition : partitions) {
            Long next = positions.get(partition);
            if (next == null) {
                kafka.seekToBeginning(Set.of(partition));
            } else {
                kafka.seek(partition, next);
            }
        }
        return true;
    }

    private void project(ConsumerRecords<String, byte[]> records) {
        List<ReceivedEvent> batch = new ArrayList<>(records.count());
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                batch.add(decoder.decode(record));
            } catch (CloudEventDecoder.MalformedRecord e) {
                rejected.add(record, e.getMessage());
                rejectedRecords.increment();
                log.error("Rejected record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
            }
            nextOffsets.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
        }
        history.apply(batch);
        ProjectionOutcome outcome = summaries.apply(batch);
        checkpoints.save(nextOffsets);

        appliedEvents.increment(outcome.applied());
        duplicateEvents.increment(outcome.duplicates());
        earlyEvents.increment(outcome.early());
        // Lag describes live traffic; events replayed while catching up would only describe the replay.
        Instant now = Instant.now();
        batch.stream().filter(event -> event.recordedAt().isAfter(startedAt))
                .forEach(event -> lag.record(Duration.between(event.recordedAt(), now)));
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
