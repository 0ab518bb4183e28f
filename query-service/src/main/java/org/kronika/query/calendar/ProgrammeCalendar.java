package org.kronika.query.calendar;

import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;

import java.util.ArrayList;
import java.util.List;

/**
 * The programme's reporting periods as the read side shows them: every period its calendar stream defined, the
 * programme file's quarters standing in for any not (yet) defined there, so that views list quarters before the
 * calendar stream has arrived and agree with it after.
 */
public final class ProgrammeCalendar {

    /** The calendar the command side defines the programme file's quarters in; views list its periods. */
    public static final String DEFAULT = ReportingPeriods.DEFAULT_CALENDAR;

    private ProgrammeCalendar() {
    }

    public static ReportingPeriods of(Programme programme, List<DefinedPeriod> defined) {
        List<Programme.Period> quarters = new ArrayList<>();
        List<Programme.Period> all = new ArrayList<>();
        java.util.Map<String, String> calendars = new java.util.HashMap<>();
        java.util.Map<String, java.time.Instant> definedAt = new java.util.HashMap<>();
        for (DefinedPeriod period : defined) {
            Programme.Period range = new Programme.Period(period.periodId(), period.start(), period.end());
            all.add(range);
            calendars.put(period.periodId(), period.calendar());
            // A quarter of the programme file, defined as the file has it, was listed as it is before its definition
            // came (standing in): its definition changed no listing.
            if (period.recordedAt() != null && !(DEFAULT.equals(period.calendar())
                    && programme.reportingPeriods().contains(range))) {
                definedAt.put(period.periodId(), period.recordedAt());
            }
            if (DEFAULT.equals(period.calendar())) {
                quarters.add(range);
            }
        }
        List<Programme.Period> standing = standingIn(programme, defined);
        quarters.addAll(standing);
        all.addAll(standing);
        quarters.sort(java.util.Comparator.comparing(Programme.Period::start));
        return new ReportingPeriods(quarters, all, calendars, definedAt);
    }

    /**
     * Every defined period, with the programme file's quarters standing in for those the calendar stream has not
     * (yet) defined, ordered by start, then calendar.
     */
    public static List<DefinedPeriod> all(Programme programme, List<DefinedPeriod> defined) {
        List<DefinedPeriod> all = new ArrayList<>(defined);
        for (Programme.Period quarter : standingIn(programme, defined)) {
            all.add(new DefinedPeriod(programme.programmeId(), quarter.periodId(), DEFAULT, quarter.periodId(),
                    quarter.start(), quarter.end(), quarter.end().plusDays(programme.daysToReport()), -1, null));
        }
        all.sort(java.util.Comparator.comparing(DefinedPeriod::start).thenComparing(DefinedPeriod::calendar)
                .thenComparing(DefinedPeriod::periodId));
        return all;
    }

    /**
     * The programme file's quarters the calendar stream has not defined: those the command side defines at its next
     * start, and no other. It defines each quarter of the file whose id is new, and its calendar refuses one that
     * overlaps a period it already has; so a quarter whose id is taken, or whose months a defined quarter covers,
     * never becomes a period and must not show as one here either (its months would count twice in a series, and a
     * report could be overdue for a period no project can submit).
     */
    private static List<Programme.Period> standingIn(Programme programme, List<DefinedPeriod> defined) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        List<DefinedPeriod> quarters = new ArrayList<>();
        for (DefinedPeriod period : defined) {
            ids.add(period.periodId());
            if (DEFAULT.equals(period.calendar())) {
                quarters.add(period);
            }
        }
        List<Programme.Period> standing = new ArrayList<>();
        for (Programme.Period quarter : programme.reportingPeriods()) {
            boolean covered = quarters.stream().anyMatch(p -> !p.start().isAfter(quarter.end())
                    && !p.end().isBefore(quarter.start()));
            if (!covered && ids.add(quarter.periodId())) {
                standing.add(quarter);
            }
        }
        return standing;
    }

    /** The period as defined, or as the programme file's quarter of that id before its definition arrives. */
    public static java.util.Optional<DefinedPeriod> find(Programme programme, List<DefinedPeriod> defined,
                                                         String periodId) {
        return all(programme, defined).stream().filter(p -> p.periodId().equals(periodId)).findFirst();
    }
}
