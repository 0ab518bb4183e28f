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
        int sessions) implements ActivityEvent {

    public TrainingDelivered {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
