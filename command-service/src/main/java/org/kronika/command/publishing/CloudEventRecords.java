package org.kronika.command.publishing;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.DomainEventMessage;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.project.ActorMetaData;
import org.kronika.command.project.ChainMetaData;
import org.kronika.events.EventTypes;
import org.kronika.events.KronikaEvent;
import org.kronika.events.ProjectEvent;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;

import static org.kronika.events.CloudEventHeaders.ACTOR_ORGANISATION;
import static org.kronika.events.CloudEventHeaders.ACTOR_ROLE;
import static org.kronika.events.CloudEventHeaders.ACTOR_SUBJECT;
import static org.kronika.events.CloudEventHeaders.CONTENT_TYPE;
import static org.kronika.events.CloudEventHeaders.CORRELATION_ID;
import static org.kronika.events.CloudEventHeaders.HASH;
import static org.kronika.events.CloudEventHeaders.PREV_HASH;
import static org.kronika.events.CloudEventHeaders.ID;
import static org.kronika.events.CloudEventHeaders.JSON;
import static org.kronika.events.CloudEventHeaders.SEQUENCE;
import static org.kronika.events.CloudEventHeaders.SOURCE;
import static org.kronika.events.CloudEventHeaders.SPEC_VERSION;
import static org.kronika.events.CloudEventHeaders.SPEC_VERSION_VALUE;
import static org.kronika.events.CloudEventHeaders.SUBJECT;
import static org.kronika.events.CloudEventHeaders.TIME;
import static org.kronika.events.CloudEventHeaders.TYPE;

/**
 * Turns a stored event into a Kafka record of the public contract: CloudEvents 1.0 in binary mode, keyed by its
 * stream's subject (a project id, or {@code programme:{id}}), with the event's JSON as value. Nothing Axon- or
 * Java-specific leaves this class.
 */
@Component
public class CloudEventRecords {

    private final ProjectEventsTopic topic;
    private final String programme;

    public CloudEventRecords(ProjectEventsTopic topic, KronikaCommandProperties properties) {
        this.topic = topic;
        this.programme = properties.programme();
    }

    /**
     * @param storedPayload the event's data exactly as stored when it was recorded: what its hash covers, even
     *                      when the command side now reads the event upcast to a later revision
     */
    public ProducerRecord<String, byte[]> toRecord(DomainEventMessage<? extends KronikaEvent> message,
                                                   byte[] storedPayload) {
        KronikaEvent event = message.getPayload();
        RecordHeaders headers = new RecordHeaders();
        header(headers, SPEC_VERSION, SPEC_VERSION_VALUE);
        header(headers, ID, message.getIdentifier());
        header(headers, TYPE, EventTypes.of(event.getClass()).cloudEventType());
        header(headers, SOURCE, event instanceof ProjectEvent project
                ? "/programmes/" + programme + "/projects/" + project.projectId() : "/programmes/" + programme);
        header(headers, SUBJECT, event.subject());
        // recordedAt as hashed; events stored before the chain existed fall back to Axon's timestamp.
        Object recordedAt = message.getMetaData().get(ChainMetaData.RECORDED_AT);
        header(headers, TIME, recordedAt != null ? recordedAt.toString() : message.getTimestamp().toString());
        header(headers, SEQUENCE, Long.toString(message.getSequenceNumber()));
        header(headers, CONTENT_TYPE, JSON);
        optionalHeader(headers, ACTOR_SUBJECT, message.getMetaData().get(ActorMetaData.SUBJECT));
        optionalHeader(headers, ACTOR_ROLE, message.getMetaData().get(ActorMetaData.ROLE));
        optionalHeader(headers, ACTOR_ORGANISATION, message.getMetaData().get(ActorMetaData.ORGANISATION));
        optionalHeader(headers, CORRELATION_ID, message.getMetaData().get(ActorMetaData.CORRELATION_ID));
        optionalHeader(headers, HASH, message.getMetaData().get(ChainMetaData.HASH));
        optionalHeader(headers, PREV_HASH, message.getMetaData().get(ChainMetaData.PREV_HASH));
        return new ProducerRecord<>(topic.name(), topic.partitionOf(event.subject()),
                message.getTimestamp().toEpochMilli(), event.subject(), storedPayload, headers);
    }

    private static void optionalHeader(RecordHeaders headers, String name, Object value) {
        if (value != null) {
            header(headers, name, value.toString());
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
