package org.kronika.command.upcasting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.kronika.events.IndicatorDefined;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * indicator-defined revision 1 → 1.1: the contract gained {@code municipalityTargets}; an indicator defined before
 * then has none.
 */
@Component
@Order(1)
public class IndicatorDefinedUpcaster extends MemberAddedUpcaster {

    public IndicatorDefinedUpcaster() {
        super(IndicatorDefined.class, "municipalityTargets");
    }

    @Override
    JsonNode absentMeans() {
        return JsonNodeFactory.instance.arrayNode();
    }
}
