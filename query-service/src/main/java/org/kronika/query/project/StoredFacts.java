package org.kronika.query.project;

import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.Measurements;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A project's facts as they stand with the event being applied: the stored documents, each as it stood at the
 * summary's version (after a restart the store may hold later statements), under what the batch changed and the
 * event itself. What is latest now is found through the stores' indexes, latest first, passing over only the
 * activities known better here (changed by the batch, or ahead of the summary after a restart): a few documents
 * per question, whatever the project's history.
 */
public final class StoredFacts implements ProjectFacts {

    private final Activities activities;
    private final Measurements measurements;
    private final String projectId;
    private final long version;
    /** As the batch left them, and as this event leaves its own (null: none): read only if asked. */
    private final Collection<Activity> batchActivities;
    private final Activity eventActivity;
    /** As the batch left them, and as this event leaves its own (null: none): not written yet. */
    private final Collection<Measurement> batchMeasurements;
    private final Measurement eventMeasurement;
    /** By activity id, the batch's and the event's: made when first asked for. */
    private Map<String, Activity> changed;
    /** The batch's and the event's, and the stored ones ahead of the version as they stood at it, by id. */
    private Map<String, Measurement> knownMeasurements;
    /** {@link #changed}, and the stored ones ahead of the version as they stood at it (null: not recorded yet). */
    private Map<String, Activity> known;

    /** @param version the summary's version before the event */
    public StoredFacts(Activities activities, Measurements measurements, String projectId, long version,
                Collection<Activity> batchActivities, Activity eventActivity,
                Collection<Measurement> batchMeasurements, Measurement eventMeasurement) {
        this.activities = activities;
        this.measurements = measurements;
        this.projectId = projectId;
        this.version = version;
        this.batchActivities = batchActivities;
        this.eventActivity = eventActivity;
        this.batchMeasurements = batchMeasurements;
        this.eventMeasurement = eventMeasurement;
    }

    /**
     * The project's facts as they stood once the event at {@code version} had been applied, for a replay that takes
     * back what came after: what the store holds stated after it, the facts taken back and any a batch has written
     * ahead of the summary, is read as it stood then when first asked for, as after a restart.
     */
    public static StoredFacts at(Activities activities, Measurements measurements, String projectId, long version) {
        return new StoredFacts(activities, measurements, projectId, version, List.of(), null, List.of(), null);
    }

    private Map<String, Activity> changed() {
        if (changed == null) {
            changed = new LinkedHashMap<>();
            batchActivities.forEach(a -> changed.put(a.activityId(), a));
            if (eventActivity != null) {
                changed.put(eventActivity.activityId(), eventActivity);
            }
        }
        return changed;
    }

    private Map<String, Measurement> knownMeasurements() {
        if (knownMeasurements == null) {
            knownMeasurements = new LinkedHashMap<>();
            for (Measurement stored : measurements.changedAfter(projectId, version)) {
                Measurement then = stored.asOf(version);
                if (then != null) {
                    knownMeasurements.put(then.measurementId(), then);
                }
            }
            batchMeasurements.forEach(m -> knownMeasurements.put(m.measurementId(), m));
            if (eventMeasurement != null) {
                knownMeasurements.put(eventMeasurement.measurementId(), eventMeasurement);
            }
        }
        return knownMeasurements;
    }

    @Override
    public Contribution latest(IndicatorDefinition indicator, String month, String municipality) {
        YearMonth inMonth = YearMonth.parse(month);
        Contribution latest = null;
        if (indicator.fedByActivities()) {
            for (Activity activity : known().values()) {
                latest = ProjectFacts.laterThere(latest, contribution(activity, indicator), month, municipality);
            }
            Contribution stored = activities.lastStanding(projectId, indicator.indicatorId(), inMonth, municipality,
                    known().keySet(), 1).stream().findFirst().map(a -> contribution(a, indicator)).orElse(null);
            latest = ProjectFacts.laterThere(latest, stored, month, municipality);
        }
        for (Measurement measurement : knownMeasurements().values()) {
            if (measurement.standing() && measurement.indicatorId().equals(indicator.indicatorId())) {
                latest = ProjectFacts.laterThere(latest, measurement.contribution(), month, municipality);
            }
        }
        Contribution measuredThere = measurements.latest(projectId, indicator.indicatorId(), inMonth, municipality,
                version, knownMeasurements().keySet()).map(Measurement::contribution).orElse(null);
        return ProjectFacts.laterThere(latest, measuredThere, month, municipality);
    }

    @Override
    public List<ActivityFacts> lastActivities(int limit) {
        List<ActivityFacts> candidates = new ArrayList<>();
        for (Activity activity : known().values()) {
            if (activity != null && !activity.isRetracted()) {
                candidates.add(ActivityData.facts(activity));
            }
        }
        activities.lastStanding(projectId, null, null, null, known().keySet(), limit)
                .forEach(activity -> candidates.add(ActivityData.facts(activity)));
        return candidates.stream().sorted(LATEST_FIRST).limit(limit).toList();
    }

    private Map<String, Activity> known() {
        if (known == null) {
            known = new LinkedHashMap<>();
            for (Activity stored : activities.changedAfter(projectId, version)) {
                known.put(stored.activityId(), stored.asOf(version));
            }
            known.putAll(changed());
        }
        return known;
    }

    private static Contribution contribution(Activity activity, IndicatorDefinition indicator) {
        return activity == null || activity.isRetracted() ? null
                : ActivityData.facts(activity).contributionTo(indicator);
    }
}
