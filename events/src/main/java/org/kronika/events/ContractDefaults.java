package org.kronika.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The members a reader fills in where an older record leaves them out: each its documented default
 * (docs/partners/versioning.md, "a member missing from an old event takes its documented default"). A member present,
 * null included, is what the record states and stays as it is.
 */
public final class ContractDefaults {

    private static final String TRAINING = EventTypes.of(TrainingDelivered.class).name();

    private ContractDefaults() {
    }

    /**
     * An activity's facts as the contract reads them: a training stated before trainings had a delivery mode is in
     * person ({@link Vocabulary#DEFAULT_DELIVERY_MODE}).
     *
     * @param activityType the activity's type name, e.g. {@code training-delivered}
     * @param facts        its facts as a record states them; not changed
     * @return the same facts, the defaults added where left out
     */
    public static Map<String, Object> activityFacts(String activityType, Map<String, Object> facts) {
        if (!TRAINING.equals(activityType) || facts.containsKey("deliveryMode")) {
            return facts;
        }
        Map<String, Object> filled = new LinkedHashMap<>(facts);
        filled.put("deliveryMode", Vocabulary.DEFAULT_DELIVERY_MODE);
        return filled;
    }
}
