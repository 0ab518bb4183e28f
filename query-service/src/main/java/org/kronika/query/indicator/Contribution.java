package org.kronika.query.indicator;

import org.kronika.events.Participants;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * What one activity or measurement adds to one indicator.
 *
 * @param on           the day it happened or was measured
 * @param order        ties on the same day: activities before measurements, each in the order they were recorded;
 *                     "latest" is the last by day, then by this
 * @param value        the amount it adds
 * @param municipality where, or {@code null} for national level
 * @param participants who took part, for participant breakdowns; {@code null} for measurements and activities
 *                     without participants
 */
public record Contribution(LocalDate on, long order, BigDecimal value, String municipality, Participants participants) {

    private static final long MEASUREMENT = 1L << 40;

    public static long activityOrder(long ordinal) {
        return ordinal;
    }

    public static long measurementOrder(long ordinal) {
        return MEASUREMENT + ordinal;
    }

    /** Everyone who took part in it: an activity's participants, whatever the indicator counts; none for a measurement. */
    long people() {
        return participants == null ? 0 : participants.total();
    }

    /** 1 for a measurement, 0 for an activity: what it adds to a bucket's count of measurements. */
    long measured() {
        return order >= MEASUREMENT ? 1 : 0;
    }

    /** Whether it comes after {@code other} by day, then order: it would be the latest of the two. */
    public boolean isAfter(Contribution other) {
        return isAfter(other.on(), other.order());
    }

    boolean isAfter(LocalDate otherOn, long otherOrder) {
        int byDay = on.compareTo(otherOn);
        return byDay > 0 || (byDay == 0 && order > otherOrder);
    }
}
