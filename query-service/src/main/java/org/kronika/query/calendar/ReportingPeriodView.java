package org.kronika.query.calendar;

import java.time.LocalDate;

/**
 * A reporting period of the programme as the API shows it.
 *
 * @param sequence the event of the programme's calendar stream that defined it, or {@code null} for a quarter of
 *                 the programme file the stream has not defined (yet)
 */
public record ReportingPeriodView(String programmeId, String periodId, String calendar, String name, LocalDate start,
                                  LocalDate end, LocalDate dueDate, Long sequence) {

    public static ReportingPeriodView of(DefinedPeriod period) {
        return new ReportingPeriodView(period.programmeId(), period.periodId(), period.calendar(), period.name(),
                period.start(), period.end(), period.dueDate(), period.sequence() < 0 ? null : period.sequence());
    }
}
