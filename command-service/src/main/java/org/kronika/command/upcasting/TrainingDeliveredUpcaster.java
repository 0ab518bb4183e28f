package org.kronika.command.upcasting;

import org.kronika.events.TrainingDelivered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * training-delivered revision 1 → 1.1: the contract gained {@code deliveryMode}; a training recorded before then
 * was given in person.
 */
@Component
@Order(1)
public class TrainingDeliveredUpcaster extends DeliveryModeAddedUpcaster {

    public TrainingDeliveredUpcaster() {
        super(TrainingDelivered.class);
    }
}
