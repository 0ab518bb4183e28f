package org.kronika.command.publishing;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.kronika.events.ProjectEvent;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
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

    public ProjectEventPublisher(KafkaTemplate<String, byte[]> kafka, ProjectEventsTopic topic,
                                 CloudEventRecords records) {
        this.kafka = kafka;
        this.topic = topic;
        this.records = records;
    }

    @EventHandler
    void publish(ProjectEvent event, DomainEventMessage<ProjectEvent> message) {
        topic.ensureExists();
        pendingSendsOfThisBatch().add(kafka.send(records.toRecord(message)));
    }

    /** Sends go out without waiting; the batch commits (and the token moves) only when all are acknowledged. */
    private List<CompletableFuture<SendResult<String, byte[]>>> pendingSendsOfThisBatch() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_SENDS, key -> {
            List<CompletableFuture<SendResult<String, byte[]>>> sends = new ArrayList<>();
            batch.onPrepareCommit(u -> awaitAcknowledgements(sends));
            return sends;
        });
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
