package org.kronika.command.publishing;

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
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
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
 * the whole batch, and are retried with it: they say nothing about any one event.
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

    public ProjectEventPublisher(KafkaTemplate<String, byte[]> kafka, ProjectEventsTopic topic,
                                 CloudEventRecords records, StoredPayloads storedPayloads, EventStore eventStore,
                                 PublicationDelay delay, PublishedTopics publishedTopics) {
        this.kafka = kafka;
        this.topic = topic;
        this.records = records;
        this.storedPayloads = storedPayloads;
        this.eventStore = eventStore;
        this.delay = delay;
        this.publishedTopics = publishedTopics;
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
            root.onPrepareCommit(u -> send(batch));
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
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
        try {
            topic.requirePartitionsAsSeen(kafka.partitionsFor(topic.name()).size());
            for (DomainEventMessage<KronikaEvent> event : events) {
                byte[] payload = stored.get(event.getIdentifier());
                if (payload == null) {
                    throw new EventPublicationFailed("Event " + event.getIdentifier() + " is not in the event store",
                            null);
                }
                sends.add(kafka.send(records.toRecord(event, payload)));
            }
            awaitAcknowledgements(sends);
        } catch (RuntimeException e) {
            // The topic may be gone or changed since it was checked: the next batch checks it again (and creates
            // it, or corrects its configs) before it sends.
            topic.checkAgain();
            throw e;
        }
        delay.acknowledged(events);
        batch.from().ifPresent(from -> publishedTopics.sent(sentTo.id(), from));
    }

    private static void awaitAcknowledgements(List<CompletableFuture<SendResult<String, byte[]>>> sends) {
        for (CompletableFuture<SendResult<String, byte[]>> send : sends) {
            try {
                send.get(ACK_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EventPublicationFailed("Interrupted while waiting for Kafka", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new EventPublicationFailed("Kafka did not acknowledge a published event", e);
            }
        }
    }

    static class EventPublicationFailed extends RuntimeException {
        EventPublicationFailed(String message, Throwable cause) {
            super(message, cause);
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
