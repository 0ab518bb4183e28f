package org.kronika.query.project;

import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityChange;
import org.kronika.query.activity.ActivityProjection;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.MeasurementChange;
import org.kronika.query.measurement.MeasurementProjection;
import org.kronika.query.stream.ReceivedEvent;

import java.util.function.Function;

/**
 * What one event changes in the activity and the measurement it names, from each as stored: the changes
 * {@link ProjectSummaryProjection#apply} folds. One piece for the projection, a replay that folds a project forward
 * from a kept summary and the tests' fold in memory, so that all find and number facts alike.
 *
 * @param activity    null when the event names no activity
 * @param measurement null when the event names no measurement
 */
public record FactChanges(ActivityChange activity, MeasurementChange measurement) {

    private static final ActivityProjection ACTIVITIES = new ActivityProjection();
    private static final MeasurementProjection MEASUREMENTS = new MeasurementProjection();

    /**
     * @param summary           the project before the event: a new fact is numbered after those it counts
     * @param storedActivity    the activity the event names as stored, by its id; null if none is
     * @param storedMeasurement the measurement the event names as stored, by its id; null if none is
     */
    public static FactChanges of(ReceivedEvent event, ProjectSummary summary,
                                 Function<String, Activity> storedActivity,
                                 Function<String, Measurement> storedMeasurement) {
        ActivityChange activity = null;
        String activityId = ActivityProjection.activityId(event);
        if (activityId != null) {
            activity = ACTIVITIES.apply(event, storedActivity.apply(activityId), summary.counts().recorded());
        }
        MeasurementChange measurement = null;
        String measurementId = MeasurementProjection.measurementId(event);
        if (measurementId != null) {
            measurement = MEASUREMENTS.apply(event, storedMeasurement.apply(measurementId),
                    summary.counts().measurements());
        }
        return new FactChanges(activity, measurement);
    }
}
