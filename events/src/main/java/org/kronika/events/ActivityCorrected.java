package org.kronika.events;

import java.util.Map;

/**
 * A recorded activity was corrected. The original event is never changed: this one states the corrected facts
 * in full, and why.
 *
 * @param activityId   the activity corrected
 * @param activityType public type name of the activity, e.g. {@code training-delivered}
 * @param corrected    the activity's corrected data, in full, as that type's schema describes it
 * @param reason       why it was corrected
 */
public record ActivityCorrected(
        String projectId,
        String activityId,
        String activityType,
        Map<String, Object> corrected,
        String reason) implements ProjectEvent {
}
