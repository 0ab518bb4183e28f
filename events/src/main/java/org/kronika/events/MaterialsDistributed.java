package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * Materials such as citizen investment kits were distributed.
 *
 * <p>Public type {@code org.kronika.materials-distributed.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param item what was distributed
 * @param quantity how many
 */
public record MaterialsDistributed(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String item,
        int quantity) implements ActivityEvent {

    public MaterialsDistributed {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
