package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A gathering took place (workshop, forum, public debate, budget hearing, camp, conference ...; the full
 * list is {@link Vocabulary#MEETING_KINDS}).
 *
 * <p>Public type {@code org.kronika.meeting-held.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param kind one of {@link Vocabulary#MEETING_KINDS}, e.g. budget-hearing
 * @param institution the institution it was held with or addressed to, or null
 * @param deliveryMode one of {@link Vocabulary#DELIVERY_MODES}, as a training's, or null when not stated; added to
 *                     version 1 after it was published, so absent from earlier events, where it means not stated
 *                     (unlike a training's: meetings were held online before it existed)
 */
public record MeetingHeld(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String kind,
        String institution,
        String deliveryMode) implements ActivityEvent {

    public MeetingHeld {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }

    /** A meeting whose delivery mode was not stated. */
    public MeetingHeld(String projectId, String activityId, String title, LocalDate occurredOn, String municipality,
                       Participants participants, String plannedActivityId, List<String> indicatorIds, String kind,
                       String institution) {
        this(projectId, activityId, title, occurredOn, municipality, participants, plannedActivityId, indicatorIds,
                kind, institution, null);
    }
}
