package org.kronika.query.activity;

/**
 * What one event did to one activity: recorded it ({@code before} null), corrected it or retracted it.
 */
public record ActivityChange(Activity before, Activity after) {

    /** What it contributed before the event: nothing if it did not exist or was retracted. */
    public ActivityFacts factsBefore() {
        return counts(before) ? ActivityData.facts(before) : null;
    }

    public ActivityFacts factsAfter() {
        return counts(after) ? ActivityData.facts(after) : null;
    }

    private static boolean counts(Activity activity) {
        return activity != null && !activity.isRetracted();
    }
}
