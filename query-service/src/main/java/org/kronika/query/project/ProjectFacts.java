package org.kronika.query.project;

import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.programme.ReportingPeriods;

import java.util.List;
import java.util.Objects;

/**
 * The project's facts as they stand after the event being applied, for the rare change that a running total cannot
 * absorb: taking away the latest contribution of an indicator aggregated as "latest", or the activity that happened
 * last. The projection asks only for the one now latest ({@link #latest}) or the few that happened last
 * ({@link #lastActivities}); the projector answers from an index, a few documents whatever the project's history
 * ({@code StoredFacts}); facts already in memory answer by reading them all ({@link KnownFacts}).
 */
public interface ProjectFacts {

    /**
     * The latest contribution to the indicator dated in {@code month} at {@code municipality}, by day then order
     * ({@link Contribution}); null if there is none.
     *
     * @param month        a read-model month ({@code 2024-07})
     * @param municipality {@code null} for national level
     */
    Contribution latest(IndicatorDefinition indicator, String month, String municipality);

    /**
     * The {@code limit} activities not retracted that happened last (by day, then by when first recorded), latest
     * first.
     */
    List<ActivityFacts> lastActivities(int limit);

    /** By day, then by when first recorded: the order of {@link #lastActivities}. */
    java.util.Comparator<ActivityFacts> LATEST_FIRST = java.util.Comparator.comparing(ActivityFacts::occurredOn)
            .thenComparingLong(ActivityFacts::ordinal).reversed();

    /** {@code candidate} if it is dated in {@code month} at {@code municipality} and after {@code latest}. */
    static Contribution laterThere(Contribution latest, Contribution candidate, String month, String municipality) {
        boolean there = candidate != null && ReportingPeriods.monthOf(candidate.on()).equals(month)
                && Objects.equals(candidate.municipality(), municipality);
        return there && (latest == null || candidate.isAfter(latest)) ? candidate : latest;
    }

    /** No facts: for a fold that only adds, which never asks what is latest now. */
    ProjectFacts NONE = new ProjectFacts() {
        @Override
        public Contribution latest(IndicatorDefinition indicator, String month, String municipality) {
            throw new IllegalStateException("Only adding, which never needs a recount");
        }

        @Override
        public List<ActivityFacts> lastActivities(int limit) {
            throw new IllegalStateException("Only adding, which never needs a recount");
        }
    };

    /** Facts already read. */
    static KnownFacts of(List<Activity> activities, List<Measurement> measurements) {
        return new KnownFacts(activities, measurements);
    }
}
