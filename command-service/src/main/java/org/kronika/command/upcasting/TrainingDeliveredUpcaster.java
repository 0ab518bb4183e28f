package org.kronika.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;
import org.kronika.events.EventTypes;
import org.kronika.events.TrainingDelivered;
import org.kronika.events.Vocabulary;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * training-delivered revision 1 → 1.1: the contract gained {@code deliveryMode}; a training recorded before
 * then was given in person. Only the command side's reading changes: what was published, and hashed, stays the
 * stored data (the publisher sends the stored bytes).
 */
@Component
@Order(1)
public class TrainingDeliveredUpcaster extends SingleEventUpcaster {

    private static final SimpleSerializedType REVISION_1 = new SimpleSerializedType(TrainingDelivered.class.getName(), "1");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return REVISION_1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(
                new SimpleSerializedType(TrainingDelivered.class.getName(), EventTypes.of(TrainingDelivered.class).revision()),
                JsonNode.class,
                payload -> {
                    ((ObjectNode) payload).put("deliveryMode", Vocabulary.DEFAULT_DELIVERY_MODE);
                    return payload;
                });
    }
}
