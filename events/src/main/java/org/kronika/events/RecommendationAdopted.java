package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * An institution adopted a recommendation the project made.
 *
 * <p>Public type {@code org.kronika.recommendation-adopted.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param institution who adopted it
 * @param recommendation what was adopted
 * @param sourceActivityId the activity (e.g. a published report) it came from, or null
 */
public record RecommendationAdopted(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String institution,
        String recommendation,
        String sourceActivityId) implements ActivityEvent {

    public RecommendationAdopted {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
