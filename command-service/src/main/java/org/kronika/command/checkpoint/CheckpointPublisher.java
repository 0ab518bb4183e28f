package org.kronika.command.checkpoint;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.events.checkpoint.Checkpoint;
import org.kronika.events.checkpoint.Head;
import org.kronika.events.checkpoint.SignedCheckpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes stored checkpoints on their topic, oldest first, each only once the Kafka publisher has put every
 * event it signs on the events' topic: whoever reads a checkpoint from Kafka (or from the API, which serves only
 * published ones) finds the history it signs already there. A checkpoint therefore waits while Kafka is away or
 * the publisher catches up, and goes out when both are done.
 *
 * <p>Record: key = the programme id, value = the JWS compact serialisation (ASCII), header {@code content-type} =
 * {@code application/jose}. Delivery is at least once: a repeat is the same JWS.
 */
@Component
public class CheckpointPublisher {

    public static final String CONTENT_TYPE = SignedCheckpoints.MEDIA_TYPE;
    /** Held while an instance publishes, so that two instances do not both send the same checkpoint. */
    static final long PUBLISHING_LOCK = 0x6b726f6e696b6102L;
    private static final long ACK_TIMEOUT_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(CheckpointPublisher.class);

    private final CheckpointStore store;
    private final SigningKeys keys;
    private final PublisherProgress publisher;
    private final CheckpointsTopic topic;
    private final KafkaTemplate<String, byte[]> kafka;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String programme;

    public CheckpointPublisher(CheckpointStore store, PublisherProgress publisher, CheckpointsTopic topic,
                               KafkaTemplate<String, byte[]> kafka, TransactionTemplate transactions, Clock clock,
                               KronikaCommandProperties properties, SigningKeys keys) {
        this.keys = keys;
        this.store = store;
        this.publisher = publisher;
        this.topic = topic;
        this.kafka = kafka;
        this.transactions = transactions;
        this.clock = clock;
        this.programme = properties.programme();
    }

    /** Publishes what can be published now; answers how many checkpoints went out. */
    public int publishPending() {
        Integer sent = transactions.execute(status -> {
            if (!store.tryLock(PUBLISHING_LOCK)) {
                return 0;
            }
            int count = 0;
            Optional<Checkpoint> onTopic = topic.latest().flatMap(keys::verified);
            for (CheckpointStore.Pending pending : store.unpublished()) {
                Optional<Checkpoint> checkpoint = keys.verified(pending.jws());
                if (checkpoint.isEmpty()) {
                    // Not signed by a key of the set (or by a retired one since its retirement: an instance not yet
                    // switched in a rotation, or whoever kept the key): not this service's. It never reaches partners,
                    // and it holds no genuine checkpoint back.
                    log.error("Checkpoint row {} ({}) is signed by no checkpoint key: not published", pending.id(),
                            pending.reason());
                    continue;
                }
                if (onTopic.filter(last -> signsLessThan(checkpoint.get(), last)).isPresent()) {
                    // Sent already, before the database was restored from a backup older than the topic: sent again,
                    // it would be the topic's last record, older than the ones signed after it.
                    log.warn("Checkpoint row {} ({}) signs less than the checkpoints topic's last record: it went out "
                            + "before the database was put back; marked published, not sent again", pending.id(),
                            pending.reason());
                    store.published(pending.id(), clock.instant());
                    continue;
                }
                // In order: a later checkpoint never overtakes an earlier one still waiting for its events.
                if (!publisher.hasPublished(pending.headPositions()) || !send(pending)) {
                    break;
                }
                store.published(pending.id(), clock.instant());
                count++;
            }
            return count;
        });
        return sent == null ? 0 : sent;
    }

    /**
     * Whether every stream the checkpoint signs is signed as far or further by the other, which signs more: a
     * checkpoint signed after another never signs a stream lower or leaves one out, so this one was signed first.
     * The same checkpoint counts too, as sent already.
     */
    static boolean signsLessThan(Checkpoint checkpoint, Checkpoint other) {
        if (checkpoint.equals(other)) {
            return true;
        }
        Map<String, Long> further = new HashMap<>();
        other.heads().forEach(head -> further.put(head.projectId(), head.sequence()));
        boolean less = other.heads().size() > checkpoint.heads().size();
        for (Head head : checkpoint.heads()) {
            Long there = further.get(head.projectId());
            if (there == null || there < head.sequence()) {
                return false;
            }
            less |= there > head.sequence();
        }
        return less;
    }

    private boolean send(CheckpointStore.Pending pending) {
        try {
            topic.ensureExists();
            byte[] jws = pending.jws().getBytes(StandardCharsets.US_ASCII);
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), null, programme, jws);
            record.headers().add("content-type", CONTENT_TYPE.getBytes(StandardCharsets.US_ASCII));
            kafka.send(record).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            topic.published(pending.jws());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Checkpoint {} ({}) not published yet, will retry: {}", pending.id(), pending.reason(),
                    e.getMessage());
            return false;
        }
    }
}
