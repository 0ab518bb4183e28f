package org.kronika.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.kronika.events.KronikaEvent;
import org.kronika.events.Vocabulary;

/**
 * A type that gained {@code deliveryMode} after it was published (a training, then a meeting): what was recorded
 * before then was given in person.
 */
abstract class DeliveryModeAddedUpcaster extends MemberAddedUpcaster {

    DeliveryModeAddedUpcaster(Class<? extends KronikaEvent> javaType) {
        super(javaType, "deliveryMode");
    }

    @Override
    JsonNode absentMeans() {
        return TextNode.valueOf(Vocabulary.DEFAULT_DELIVERY_MODE);
    }
}
