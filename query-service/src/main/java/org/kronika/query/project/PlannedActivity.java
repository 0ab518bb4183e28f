package org.kronika.query.project;

import java.util.List;

/**
 * An activity of the logframe, and how many recorded activities (not retracted) implement it.
 *
 * @param sequence the event that planned it
 */
public record PlannedActivity(String plannedActivityId, long sequence, String title, String activityType,
                              int plannedCount, List<String> indicatorIds, long implemented) {

    public PlannedActivity {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }

    PlannedActivity implemented(long delta) {
        return new PlannedActivity(plannedActivityId, sequence, title, activityType, plannedCount, indicatorIds,
                implemented + delta);
    }
}
