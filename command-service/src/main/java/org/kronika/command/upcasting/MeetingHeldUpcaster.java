package org.kronika.command.upcasting;

import org.kronika.events.MeetingHeld;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * meeting-held revision 1 → 1.1: the contract gained {@code deliveryMode}; a meeting recorded before then was held
 * in person, as a training was.
 */
@Component
@Order(1)
public class MeetingHeldUpcaster extends DeliveryModeAddedUpcaster {

    public MeetingHeldUpcaster() {
        super(MeetingHeld.class);
    }
}
