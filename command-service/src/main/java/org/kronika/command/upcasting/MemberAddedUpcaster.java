package org.kronika.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.events.KronikaEvent;

/**
 * One member added to a version after it was published: a stored form without it reads as the next revision, with
 * the member's documented default. Only the command side's reading changes: what was published, and hashed, stays
 * the stored data (the publisher sends the stored bytes).
 */
abstract class MemberAddedUpcaster extends SingleEventUpcaster {

    private final EventType type;
    private final String member;
    private final SimpleSerializedType from;
    private final SimpleSerializedType to;

    /** @param member one of the type's {@link EventType#addedMembers}: the revision before it is the one upcast */
    MemberAddedUpcaster(Class<? extends KronikaEvent> javaType, String member) {
        this.type = EventTypes.of(javaType);
        this.member = member;
        int added = type.addedMembers().indexOf(member);
        if (added < 0) {
            throw new IllegalArgumentException(member + " is not a member added to " + type.cloudEventType());
        }
        this.from = new SimpleSerializedType(javaType.getName(), type.revisionWith(added));
        this.to = new SimpleSerializedType(javaType.getName(), type.revisionWith(added + 1));
    }

    /** What an event recorded before the member existed means by its absence. */
    abstract JsonNode absentMeans();

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return from.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(to, JsonNode.class, payload -> {
            ((ObjectNode) payload).set(member, absentMeans());
            return payload;
        });
    }
}
