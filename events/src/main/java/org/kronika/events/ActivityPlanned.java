package org.kronika.events;

import java.util.List;

/**
 * An activity of the logframe was planned.
 *
 * @param plannedActivityId unique within the project
 * @param title             as the logframe words it
 * @param activityType      the public type name of the activities that implement it, e.g. {@code meeting-held}
 * @param plannedCount      how many times it is planned to happen, 0 if open
 * @param indicatorIds      indicators it is meant to move
 */
public record ActivityPlanned(
        String projectId,
        String plannedActivityId,
        String title,
        String activityType,
        int plannedCount,
        List<String> indicatorIds) implements ProjectEvent {

    public ActivityPlanned {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
