package org.kronika.query.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The moment a replay speaks for (a project view, an IATI file): now, or as of a date (what had happened by then,
 * as known today) and as known at an instant (what had been recorded by then, as stated then).
 */
public record Moment(LocalDate asOf, Instant knownAt) {

    public static final Moment NOW = new Moment(null, null);

    public boolean isNow() {
        return asOf == null && knownAt == null;
    }

    /**
     * The day whose eyes the file sees with (what has started, what has ended): the earliest of the date asked
     * for, the day of the instant asked for and today, so a file of the past says what it would have said then.
     *
     * @param zone where the programme's days begin, as today's does
     */
    public LocalDate day(LocalDate today, ZoneId zone) {
        LocalDate day = today;
        if (asOf != null && asOf.isBefore(day)) {
            day = asOf;
        }
        if (knownAt != null && LocalDate.ofInstant(knownAt, zone).isBefore(day)) {
            day = LocalDate.ofInstant(knownAt, zone);
        }
        return day;
    }
}
