package org.kronika.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import org.kronika.events.IndicatorRedefined;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * indicator-redefined revision 1 → 1.1: the contract gained {@code municipalityTargets}; a redefinition recorded
 * before then left them as they were, which null says, as for its other members.
 */
@Component
@Order(1)
public class IndicatorRedefinedUpcaster extends MemberAddedUpcaster {

    public IndicatorRedefinedUpcaster() {
        super(IndicatorRedefined.class, "municipalityTargets");
    }

    @Override
    JsonNode absentMeans() {
        return NullNode.getInstance();
    }
}
