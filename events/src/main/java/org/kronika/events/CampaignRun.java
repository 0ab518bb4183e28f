package org.kronika.events;

import java.time.LocalDate;
import java.util.List;

/**
 * An awareness or information campaign was run.
 *
 * <p>Public type {@code org.kronika.campaign-run.v1}. The core facts are those of {@link ActivityEvent}.
 *
 * @param kind one of {@link Vocabulary#CAMPAIGN_KINDS}
 * @param channel how it reached people (online, door-to-door, media ...)
 * @param reach people reached, 0 if unknown
 */
public record CampaignRun(
        String projectId,
        String activityId,
        String title,
        LocalDate occurredOn,
        String municipality,
        Participants participants,
        String plannedActivityId,
        List<String> indicatorIds,
        String kind,
        String channel,
        int reach) implements ActivityEvent {

    public CampaignRun {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }
}
