package org.kronika.command.publishing;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.kronika.events.KronikaEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Publishes every stored event to Kafka, outbox-style: a tracking processor reads the PostgreSQL event store in
 * order and only moves its token once Kafka has acknowledged the whole batch. If Kafka is away, commands still
 * succeed; publication resumes from the token when it returns. Delivery is at least once and in order per
 * project (key = project id); readers drop repeats by the per-project sequence.
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

    public ProjectEventPublisher(KafkaTemplate<String, byte[]> kafka, ProjectEventsTopic topic,
                                 CloudEventRecords records, StoredPayloads storedPayloads) {
        this.kafka = kafka;
        this.topic = topic;
        this.records = records;
        this.storedPayloads = storedPayloads;
    }

    @EventHandler
    void publish(KronikaEvent event, DomainEventMessage<KronikaEvent> message) {
        topic.ensureExists();
        eventsOfThisBatch().add(message);
    }

    /**
     * The batch is sent when it is about to commit: one read of the stored payloads, every record sent without
     * waiting, and the batch commits (and the token moves) only when Kafka acknowledged all of them.
     */
    private List<DomainEventMessage<KronikaEvent>> eventsOfThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_SENDS, key -> {
            List<DomainEventMessage<KronikaEvent>> events = new ArrayList<>();
            batch.onPrepareCommit(u -> send(events));
            return events;
        });
    }

    private void send(List<DomainEventMessage<KronikaEvent>> events) {
        Map<String, byte[]> stored = storedPayloads.of(events.stream().map(DomainEventMessage::getIdentifier).toList());
        List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
        for (DomainEventMessage<KronikaEvent> event : events) {
            byte[] payload = stored.get(event.getIdentifier());
            if (payload == null) {
                throw new EventPublicationFailed("Event " + event.getIdentifier() + " is not in the event store", null);
            }
            sends.add(kafka.send(records.toRecord(event, payload)));
        }
        awaitAcknowledgements(sends);
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
}
