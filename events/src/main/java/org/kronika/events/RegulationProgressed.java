package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * A municipal regulation was initiated, revised or adopted.
 *
 * <p>Public type {@code org.kronika.regulation-progressed.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param stage initiated, revised or adopted
 * @param regulation the regulation's name
 * @param institution the municipal body that acted
 */
public record RegulationProgressed(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String stage,
        String regulation,
        String institution) implements ActivityEvent {

    public RegulationProgressed {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
