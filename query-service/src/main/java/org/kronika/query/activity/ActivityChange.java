package org.kronika.query.activity;

/**
 * What one event did to one activity: recorded it ({@code before} null), corrected it or retracted it. Or, for a
 * replay that goes back from now, what taking back the events after a moment does: {@code before} as the activity
 * stands now, {@code after} as it stood then, null if it was not recorded yet.
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
