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
        for (DefinedPeriod period : defined) {
            Programme.Period range = new Programme.Period(period.periodId(), period.start(), period.end());
            all.add(range);
            calendars.put(period.periodId(), period.calendar());
            if (DEFAULT.equals(period.calendar())) {
                quarters.add(range);
            }
        }
        if (quarters.isEmpty()) {
            quarters.addAll(programme.reportingPeriods());
        }
        all.addAll(programme.reportingPeriods());
        quarters.sort(java.util.Comparator.comparing(Programme.Period::start));
        return new ReportingPeriods(quarters, all, calendars);
    }

    /**
     * Every defined period, with the programme file's quarters standing in for those the calendar stream has not
     * (yet) defined, ordered by start, then calendar.
     */
    public static List<DefinedPeriod> all(Programme programme, List<DefinedPeriod> defined) {
        List<DefinedPeriod> all = new ArrayList<>(defined);
        java.util.Set<String> ids = new java.util.HashSet<>();
        defined.forEach(p -> ids.add(p.periodId()));
        for (Programme.Period quarter : programme.reportingPeriods()) {
            if (ids.add(quarter.periodId())) {
                all.add(new DefinedPeriod(programme.programmeId(), quarter.periodId(), DEFAULT, quarter.periodId(),
                        quarter.start(), quarter.end(), null, -1));
            }
        }
        all.sort(java.util.Comparator.comparing(DefinedPeriod::start).thenComparing(DefinedPeriod::calendar)
                .thenComparing(DefinedPeriod::periodId));
        return all;
    }

    /** The period as defined, or as the programme file's quarter of that id before its definition arrives. */
    public static java.util.Optional<DefinedPeriod> find(Programme programme, List<DefinedPeriod> defined,
                                                         String periodId) {
        return all(programme, defined).stream().filter(p -> p.periodId().equals(periodId)).findFirst();
    }
}
