package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A training session or module was delivered.
 *
 * <p>Public type {@code org.kronika.training-delivered.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param module the training package or programme module it belongs to, or null
 * @param sessions how many sessions it took (at least 1)
 * @param deliveryMode one of {@link Vocabulary#DELIVERY_MODES}; added to version 1 after it was published, so
 *                     absent from earlier events, where it means {@code in-person}
 */
public record TrainingDelivered(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String module,
        int sessions,
        String deliveryMode) implements ActivityEvent {

    public TrainingDelivered {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }

    /** A training whose delivery mode was not stated. */
    public TrainingDelivered(String projectId, String activityId, String title, LocalDate occurredOn,
                             String municipality, Participants participants, String plannedActivityId,
                             List<String> indicatorIds, String module, int sessions) {
        this(projectId, activityId, title, occurredOn, municipality, participants, plannedActivityId, indicatorIds,
                module, sessions, null);
    }
}
