package org.kronika.command.publishing;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.UnknownSerializedType;
import org.kronika.events.KronikaEvent;
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
 * project (key = project id); readers drop repeats by the per-project sequence.
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
        if (CurrentUnitOfWork.get().resources().containsKey(DeadLetter.class.getName())) {
            // A dead letter being retried: read afresh from the event store, where an operator's fix (a class
            // deployed again, an upcaster, a restored row) takes effect, and sent on its own before the next one.
            send(List.of(publishable(storedAgain(message))), false);
        } else {
            eventsOfThisBatch().add(publishable(message));
        }
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
        if (!(payload instanceof KronikaEvent)) {
            throw new UnpublishableEvent(message, payload.getClass().getName() + " is not an event of the contract",
                    null);
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
    private List<DomainEventMessage<KronikaEvent>> eventsOfThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_SENDS, key -> {
            List<DomainEventMessage<KronikaEvent>> events = new ArrayList<>();
            batch.onPrepareCommit(u -> send(events, true));
            return events;
        });
    }

    /**
     * @param inOrder a batch the token passes, rather than a dead letter retried on its own: only such a batch says
     *                that the topic holds everything from its first event on ({@link PublishedTopics})
     */
    private void send(List<DomainEventMessage<KronikaEvent>> events, boolean inOrder) {
        if (events.isEmpty()) {
            return;
        }
        topic.ensureExists();
        // The topic as it was before sending: were it deleted meanwhile, the batch is recorded for a topic that no
        // longer exists, never for the one created after it.
        ProjectEventsTopic.Known sentTo = topic.known();
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
        if (inOrder) {
            lowestPosition(events).ifPresent(from -> publishedTopics.sent(sentTo.id(), sentTo.createdHere(), from));
        }
    }

    private static OptionalLong lowestPosition(List<DomainEventMessage<KronikaEvent>> events) {
        long lowest = Long.MAX_VALUE;
        for (DomainEventMessage<KronikaEvent> event : events) {
            if (event instanceof TrackedEventMessage<?> tracked) {
                lowest = Math.min(lowest, tracked.trackingToken().position().orElse(Long.MAX_VALUE));
            }
        }
        return lowest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(lowest);
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
