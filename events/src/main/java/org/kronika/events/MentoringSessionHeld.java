package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * An on-the-job mentoring session was held with one or more organisations.
 *
 * <p>Public type {@code org.kronika.mentoring-session-held.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param topic what the mentoring covered
 * @param organisationsMentored how many organisations took part
 */
public record MentoringSessionHeld(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String topic,
        int organisationsMentored) implements ActivityEvent {

    public MentoringSessionHeld {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
