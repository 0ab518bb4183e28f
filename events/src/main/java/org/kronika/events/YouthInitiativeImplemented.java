package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A youth initiative was implemented.
 *
 * <p>Public type {@code org.kronika.youth-initiative-implemented.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param initiative what the young people did
 */
public record YouthInitiativeImplemented(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String initiative) implements ActivityEvent {

    public YouthInitiativeImplemented {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
