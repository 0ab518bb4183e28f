package org.kronika.query.project;

import org.kronika.query.activity.Activity;
import org.kronika.query.measurement.Measurement;

import java.util.List;

/**
 * The project's facts, for the rare change that a running total cannot absorb: taking away the latest
 * contribution of an indicator aggregated as "latest", or the activity that happened last. Costs one read of the
 * project's activities, never of its history.
 */
public interface ProjectFacts {

    /** Every activity as currently stated, retracted ones included. */
    List<Activity> activities();

    List<Measurement> measurements();

    /** Facts already read. */
    static ProjectFacts of(List<Activity> activities, List<Measurement> measurements) {
        List<Activity> allActivities = List.copyOf(activities);
        List<Measurement> allMeasurements = List.copyOf(measurements);
        return new ProjectFacts() {
            @Override
            public List<Activity> activities() {
                return allActivities;
            }

            @Override
            public List<Measurement> measurements() {
                return allMeasurements;
            }
        };
    }
}
