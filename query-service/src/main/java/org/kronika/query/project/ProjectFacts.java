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
}
