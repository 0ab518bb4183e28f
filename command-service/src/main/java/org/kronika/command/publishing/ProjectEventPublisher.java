package org.kronika.command.publishing;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.UnknownSerializedType;
import org.kronika.events.KronikaEvent;
import org.kronika.events.ProgrammeEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every stored event to Kafka, outbox-style: a tracking processor reads the PostgreSQL event store in
 * order and only moves its token once Kafka has acknowledged the whole batch. If Kafka is away, commands still
 * succeed; publication resumes from the token when it returns. Delivery is at least once and in order per
 * stream (key = its subject: a project id, or {@code programme:{id}}); readers drop repeats by the stream's
 * sequence.
 *
 * <p>A stored event that cannot become a record (its class no longer resolves, its data cannot be read) fails on
 * its own, in the handler, and goes to the processor's dead-letter queue; its project's later events queue behind
 * it in order, and every other project goes on ({@link PublisherDeadLetters}). Kafka's failures come later, for
 * the whole batch, and are retried with it: they say nothing about any one event, except a record Kafka refuses for
 * good (over its size limit), which is set aside like the others when the batch is offered again. The producer's
 * own limit is checked before anything of the batch is sent ({@link RecordSizeLimit}); a broker's or topic's lower
 * limit shows only in the acknowledgements, when the batch's other records may be on the topic already.
 */
@Component
@ProcessingGroup(ProjectEventPublisher.PROCESSING_GROUP)
public class ProjectEventPublisher {

    public static final String PROCESSING_GROUP = "kafka-publisher";
    private static final String PENDING_SENDS = ProjectEventPublisher.class.getName() + ".pending";
    private static final long ACK_TIMEOUT_SECONDS = 30;

    private final KafkaTemplate<String, byte[]> kafka;
    private final ProjectEventsTopic topic;
    private final CloudEventRecords records;
    private final StoredPayloads storedPayloads;
    private final EventStore eventStore;
    private final PublicationDelay delay;
    private final PublishedTopics publishedTopics;
    private final RecordSizeLimit sizeLimit;
    /**
     * Events whose record Kafka refused for good, by id, with its reason: the failed batch is offered again, and
     * this time each of them is set aside in the handler, where a failure holds up its own project alone.
     */
    private final Map<String, String> refusedForGood = new ConcurrentHashMap<>();

    public ProjectEventPublisher(KafkaTemplate<String, byte[]> kafka, ProjectEventsTopic topic,
                                 CloudEventRecords records, StoredPayloads storedPayloads, EventStore eventStore,
                                 PublicationDelay delay, PublishedTopics publishedTopics, RecordSizeLimit sizeLimit) {
        this.kafka = kafka;
        this.topic = topic;
        this.records = records;
        this.storedPayloads = storedPayloads;
        this.eventStore = eventStore;
        this.delay = delay;
        this.publishedTopics = publishedTopics;
        this.sizeLimit = sizeLimit;
    }

    /**
     * Every stored event, whatever its payload: a handler for {@code KronikaEvent} alone would never be offered an
     * event whose class does not resolve, and the processor would move past it unpublished.
     */
    @EventHandler
    void publish(DomainEventMessage<?> message) {
        if (isDeadLetter(CurrentUnitOfWork.get())) {
            // A dead letter being retried: read afresh from the event store, where an operator's fix (a class
            // deployed again, an upcaster, a restored row) takes effect, and sent on its own before the next one.
            send(new Batch(List.of(publishable(storedAgain(message)))));
        } else {
            String refused = refusedForGood.remove(message.getIdentifier());
            if (refused != null) {
                throw new UnpublishableEvent(message, "Kafka refuses its record for good: " + refused, null);
            }
            batch(CurrentUnitOfWork.get()).events.add(publishable(message));
        }
    }

    /**
     * Registered on the processor: offered every message of a batch, before the dead-letter queue decides whether
     * the handler sees it. The batch's first position says from where on the topic holds everything the publisher
     * passed, and that includes an event set aside (its class removed, say) and those queued behind it: counting
     * only what was sent left the topic's record above them, for ever, during a republish whose first events were
     * set aside. The checkpoints see set-aside streams by their own rule ({@link PublishedTopics}).
     */
    public MessageHandlerInterceptor<EventMessage<?>> passedInOrder() {
        return (unitOfWork, chain) -> {
            if (!isDeadLetter(unitOfWork) && unitOfWork.getMessage() instanceof TrackedEventMessage<?> tracked) {
                tracked.trackingToken().position().ifPresent(batch(unitOfWork)::passed);
            }
            return chain.proceed();
        };
    }

    private static boolean isDeadLetter(UnitOfWork<?> unitOfWork) {
        return unitOfWork.resources().containsKey(DeadLetter.class.getName());
    }

    /** The event as one of the contract's (a project's or the programme's), or why it cannot be published. */
    @SuppressWarnings("unchecked")
    private static DomainEventMessage<KronikaEvent> publishable(DomainEventMessage<?> message) {
        Object payload;
        try {
            payload = message.getPayload();
        } catch (RuntimeException e) {
            throw new UnpublishableEvent(message, "its data cannot be read as " + message.getPayloadType().getName()
                    + ": " + e.getMessage(), e);
        }
        if (payload instanceof UnknownSerializedType unknown) {
            throw new UnpublishableEvent(message, "its type " + unknown.serializedType().getName()
                    + " is no class this service knows", null);
        }
        if (!(payload instanceof KronikaEvent event)) {
            throw new UnpublishableEvent(message, payload.getClass().getName() + " is not an event of the contract",
                    null);
        }
        // What its record is built from, read here, where a failure sets aside this event alone: read when the batch
        // is sent, it failed the whole batch, again and again, and no project was published any more.
        String subject;
        try {
            message.getMetaData();
            subject = event.subject();
        } catch (RuntimeException e) {
            throw new UnpublishableEvent(message, "its metadata or subject cannot be read: " + e.getMessage(), e);
        }
        String stream = message.getAggregateIdentifier();
        // A programme's stream may be stored under its bare id; a project's is its id.
        boolean own = subject != null && (subject.equals(stream)
                || event instanceof ProgrammeEvent && subject.equals(ProgrammeEvent.SUBJECT_PREFIX + stream));
        if (!own) {
            // Sent under the stream it names with this one's sequence, readers would drop it as a repeat of that
            // stream's event, or take it for a forgery.
            throw new UnpublishableEvent(message, "its data names " + (subject == null ? "no stream" : "the stream "
                    + subject) + ", not its own stream " + stream, null);
        }
        return (DomainEventMessage<KronikaEvent>) message;
    }

    private DomainEventMessage<?> storedAgain(DomainEventMessage<?> letter) {
        var stream = eventStore.readEvents(letter.getAggregateIdentifier(), letter.getSequenceNumber());
        while (stream.hasNext()) {
            DomainEventMessage<?> stored = stream.next();
            if (stored.getSequenceNumber() == letter.getSequenceNumber()) {
                return stored;
            }
        }
        throw new UnpublishableEvent(letter, "it is no longer in the event store", null);
    }

    /**
     * The batch is sent when it is about to commit: one read of the stored payloads, every record sent without
     * waiting, and the batch commits (and the token moves) only when Kafka acknowledged all of them.
     */
    private Batch batch(UnitOfWork<?> current) {
        UnitOfWork<?> root = current.root();
        return root.getOrComputeResource(PENDING_SENDS, key -> {
            Batch batch = new Batch(new ArrayList<>());
            root.onPrepareCommit(u -> {
                try {
                    send(batch);
                } catch (RefusedForGood e) {
                    refusedForGood.putAll(e.reasons);
                    throw e;
                }
            });
            // The batch offered again went through: a refusal it did not meet (its event queued behind an earlier
            // letter, or the segment taken by another instance meanwhile) must not set that event aside unsent later,
            // in a republish after the limits were raised, say.
            root.afterCommit(u -> refusedForGood.clear());
            return batch;
        });
    }

    /**
     * The events of a batch to send, and the lowest position among all it passed, sent or set aside; none for a
     * dead letter retried on its own, which says nothing of what the topic holds from where on.
     */
    private static final class Batch {
        private final List<DomainEventMessage<KronikaEvent>> events;
        private long from = Long.MAX_VALUE;

        Batch(List<DomainEventMessage<KronikaEvent>> events) {
            this.events = events;
        }

        void passed(long position) {
            from = Math.min(from, position);
        }

        OptionalLong from() {
            return from == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(from);
        }
    }

    private void send(Batch batch) {
        List<DomainEventMessage<KronikaEvent>> events = batch.events;
        if (events.isEmpty() && batch.from().isEmpty()) {
            return;
        }
        topic.ensureExists();
        // The topic as it was before sending: were it deleted meanwhile, the batch is recorded for a topic that no
        // longer exists, never for the one created after it.
        ProjectEventsTopic.Known sentTo = topic.known();
        if (events.isEmpty()) {
            // Everything passed was set aside: the topic still holds everything else from there on.
            batch.from().ifPresent(from -> publishedTopics.sent(sentTo.id(), from));
            return;
        }
        Map<String, byte[]> stored = storedPayloads.of(events.stream().map(DomainEventMessage::getIdentifier).toList());
        List<ProducerRecord<String, byte[]>> toSend = new ArrayList<>();
        Map<String, String> tooLarge = new LinkedHashMap<>();
        for (DomainEventMessage<KronikaEvent> event : events) {
            byte[] payload = stored.get(event.getIdentifier());
            if (payload == null) {
                throw new EventPublicationFailed("Event " + event.getIdentifier() + " is not in the event store", null);
            }
            ProducerRecord<String, byte[]> record = records.toRecord(event, payload);
            sizeLimit.refusal(record).ifPresent(why -> tooLarge.put(event.getIdentifier(), why));
            toSend.add(record);
        }
        if (!tooLarge.isEmpty()) {
            throw new RefusedForGood(tooLarge);
        }
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
        try {
            topic.requirePartitionsAsSeen(kafka.partitionsFor(topic.name()).size());
            toSend.forEach(record -> sends.add(kafka.send(record)));
            awaitAcknowledgements(events, sends);
        } catch (RuntimeException e) {
            // The topic may be gone or changed since it was checked: the next batch checks it again (and creates
            // it, or corrects its configs) before it sends.
            topic.checkAgain();
            throw e;
        }
        delay.acknowledged(events);
        batch.from().ifPresent(from -> publishedTopics.sent(sentTo.id(), from));
    }

    /**
     * Every record acknowledged, or why not; the records refused for good (by a broker or topic whose limit is below
     * the producer's) are all named, by their event.
     */
    private static void awaitAcknowledgements(List<DomainEventMessage<KronikaEvent>> events,
                                              List<CompletableFuture<SendResult<String, byte[]>>> sends) {
        Map<String, String> refused = new LinkedHashMap<>();
        for (int i = 0; i < sends.size(); i++) {
            try {
                sends.get(i).get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventPublicationFailed("Interrupted while waiting for Kafka", e);
            } catch (ExecutionException e) {
                RecordTooLargeException tooLarge = tooLarge(e);
                if (tooLarge == null) {
                    throw new EventPublicationFailed("Kafka did not acknowledge a published event", e);
                }
                refused.put(events.get(i).getIdentifier(), tooLarge.getMessage());
            } catch (TimeoutException e) {
                throw new EventPublicationFailed("Kafka did not acknowledge a published event", e);
            }
        }
        if (!refused.isEmpty()) {
            throw new RefusedForGood(refused);
        }
    }

    private static RecordTooLargeException tooLarge(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RecordTooLargeException tooLarge) {
                return tooLarge;
            }
        }
        return null;
    }

    static class EventPublicationFailed extends RuntimeException {
        EventPublicationFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Records Kafka will never take, whatever the retries: each event's id, with Kafka's reason. */
    static class RefusedForGood extends EventPublicationFailed {
        private final Map<String, String> reasons;

        RefusedForGood(Map<String, String> reasons) {
            super("Kafka refuses for good the record of event " + String.join(", ", reasons.keySet()) + ": "
                    + reasons.values().iterator().next(), null);
            this.reasons = Map.copyOf(reasons);
        }
    }

    /** One stored event that cannot become a record of the contract; dead-lettered, never skipped. */
    static class UnpublishableEvent extends RuntimeException {
        UnpublishableEvent(DomainEventMessage<?> event, String why, Throwable cause) {
            super("Event " + event.getIdentifier() + " (project " + event.getAggregateIdentifier() + ", sequence "
                    + event.getSequenceNumber() + ") cannot be published: " + why, cause);
        }
    }
}
