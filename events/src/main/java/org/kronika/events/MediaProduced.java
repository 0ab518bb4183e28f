package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * Media were produced (video spots, films, portraits, interviews ...; the full list is
 * {@link Vocabulary#MEDIA_KINDS}).
 *
 * <p>Public type {@code org.kronika.media-produced.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param kind one of {@link Vocabulary#MEDIA_KINDS}
 * @param count how many pieces
 * @param document where the media can be found, or null
 */
public record MediaProduced(
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
        DocumentReference document) implements ActivityEvent {

    public MediaProduced {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
