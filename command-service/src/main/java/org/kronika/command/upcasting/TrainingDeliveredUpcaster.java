package org.kronika.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.kronika.events.TrainingDelivered;
import org.kronika.events.Vocabulary;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * training-delivered revision 1 → 1.1: the contract gained {@code deliveryMode}; a training recorded before then
 * was given in person.
 */
@Component
@Order(1)
public class TrainingDeliveredUpcaster extends MemberAddedUpcaster {

    public TrainingDeliveredUpcaster() {
        super(TrainingDelivered.class, "deliveryMode");
    }

    @Override
    JsonNode absentMeans() {
        return TextNode.valueOf(Vocabulary.DEFAULT_DELIVERY_MODE);
    }
}
