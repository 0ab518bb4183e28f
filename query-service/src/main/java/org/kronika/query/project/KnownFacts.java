package org.kronika.query.project;

import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.measurement.Measurement;

import java.util.List;

/**
 * A project's facts all in memory (a replay, an IATI file, a test's oracle): they answer the projection's questions by
 * reading every one.
 *
 * @param activities   every activity as currently stated, retracted ones included
 * @param measurements every measurement as it stands, retracted ones included
 */
public record KnownFacts(List<Activity> activities, List<Measurement> measurements) implements ProjectFacts {

    public KnownFacts {
        activities = List.copyOf(activities);
        measurements = List.copyOf(measurements);
    }

    @Override
    public Contribution latest(IndicatorDefinition indicator, String month, String municipality) {
        Contribution latest = null;
        for (Activity activity : activities) {
            if (!activity.isRetracted()) {
                Contribution contribution = ActivityData.facts(activity).contributionTo(indicator);
                latest = ProjectFacts.laterThere(latest, contribution, month, municipality);
            }
        }
        for (Measurement measurement : measurements) {
            if (measurement.standing() && measurement.indicatorId().equals(indicator.indicatorId())) {
                latest = ProjectFacts.laterThere(latest, measurement.contribution(), month, municipality);
            }
        }
        return latest;
    }

    @Override
    public List<ActivityFacts> lastActivities(int limit) {
        return activities.stream().filter(activity -> !activity.isRetracted()).map(ActivityData::facts)
                .sorted(LATEST_FIRST).limit(limit).toList();
    }
}
