package org.kronika.query.measurement;

import org.kronika.query.indicator.Contribution;

/**
 * What one event did to one measurement: recorded it ({@code before} null), corrected it or retracted it. Or, for a
 * replay that goes back from now, what taking back the events after a moment does: {@code after} as the measurement
 * stood then, null if it was not recorded yet.
 */
public record MeasurementChange(Measurement before, Measurement after) {

    /** What it contributed before the event: nothing if it did not exist or was retracted. */
    public Contribution contributionBefore() {
        return counts(before) ? before.contribution() : null;
    }

    public Contribution contributionAfter() {
        return counts(after) ? after.contribution() : null;
    }

    /** The measurement's indicator. */
    public String indicatorId() {
        return (after != null ? after : before).indicatorId();
    }

    private static boolean counts(Measurement measurement) {
        return measurement != null && measurement.standing();
    }
}
