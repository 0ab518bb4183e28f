package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * Scholarships or grants were awarded. How many and for what, never to whom.
 *
 * <p>Public type {@code org.kronika.award-granted.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param kind scholarship or grant
 * @param count how many were awarded
 * @param purpose what they are for
 */
public record AwardGranted(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String kind,
        int count,
        String purpose) implements ActivityEvent {

    public AwardGranted {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
