package org.kronika.query.activity;

import org.kronika.events.ActivityEvent;
import org.kronika.events.AwardGranted;
import org.kronika.events.MaterialsDistributed;
import org.kronika.events.MediaProduced;
import org.kronika.events.Participants;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What an activity, as currently stated, contributes to the figures: the facts every activity has, and the
 * number of items it counts for indicators that count items.
 *
 * @param ordinal its place among the project's activities in the order they were first recorded
 */
public record ActivityFacts(String type, long ordinal, LocalDate occurredOn, String municipality,
                            Participants participants, List<String> indicatorIds, BigDecimal items,
                            String plannedActivityId) {

    public ActivityFacts {
        indicatorIds = indicatorIds == null ? List.of() : List.copyOf(indicatorIds);
    }

    public static ActivityFacts of(String type, long ordinal, ActivityEvent activity) {
        long items = 1;
        if (activity instanceof MaterialsDistributed m) {
            items = m.quantity();
        } else if (activity instanceof MediaProduced m) {
            items = m.count();
        } else if (activity instanceof AwardGranted a) {
            items = a.count();
        }
        return new ActivityFacts(type, ordinal, activity.occurredOn(), activity.municipality(), activity.participants(),
                activity.indicatorIds(), BigDecimal.valueOf(items), activity.plannedActivityId());
    }

    /** Whether it happened after {@code other}: on a later day, or the same day and recorded later. */
    public boolean isAfter(ActivityFacts other) {
        int byDay = occurredOn.compareTo(other.occurredOn);
        return byDay > 0 || (byDay == 0 && ordinal > other.ordinal);
    }

    /** What it adds to the indicator, or null if it does not count towards it. */
    public Contribution contributionTo(IndicatorDefinition indicator) {
        if (!indicator.fedByActivities() || !indicatorIds.contains(indicator.indicatorId())) {
            return null;
        }
        BigDecimal value = switch (indicator.counts()) {
            case "participants" -> BigDecimal.valueOf(participants == null ? 0 : participants.total());
            case "items" -> items;
            default -> BigDecimal.ONE;
        };
        return new Contribution(occurredOn, Contribution.activityOrder(ordinal), value, municipality, participants);
    }
}
