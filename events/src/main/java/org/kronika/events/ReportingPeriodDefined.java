package org.kronika.events;

import java.time.LocalDate;

/**
 * The programme defined a reporting period: whole calendar months, in one of its calendars, with the date its
 * reports are due. Periods of one calendar do not overlap; periods of different calendars may (the quarters and
 * the donor's fiscal year). Indicator targets, progress and the approval of reports are per period.
 *
 * @param periodId  stable id, e.g. {@code 2024-Q3} or {@code FY2024-25}
 * @param calendar  the set of periods it belongs to, e.g. {@code quarters}, {@code fiscal-years}
 * @param name      how people call it, e.g. "Fiscal year 2024/25"
 * @param start     its first day, the first of a month
 * @param end       its last day, the last of a month
 * @param dueDate   when projects' reports for it are due, on or after its end
 */
public record ReportingPeriodDefined(String programmeId, String periodId, String calendar, String name,
                                     LocalDate start, LocalDate end, LocalDate dueDate) implements ProgrammeEvent {
}
