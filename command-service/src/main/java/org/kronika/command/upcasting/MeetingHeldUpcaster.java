package org.kronika.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.kronika.events.MeetingHeld;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * meeting-held revision 1 → 1.1: the contract gained {@code deliveryMode}. Unlike a training's, a meeting recorded
 * before then states no mode: meetings were held online too (a diaspora's discussions on a call), and nobody was
 * asked, so its absence means "not stated", never "in person".
 */
@Component
@Order(1)
public class MeetingHeldUpcaster extends MemberAddedUpcaster {

    public MeetingHeldUpcaster() {
        super(MeetingHeld.class, "deliveryMode");
    }

    @Override
    JsonNode absentMeans() {
        return NullNode.getInstance();
    }
}
