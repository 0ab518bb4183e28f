package org.kronika.command.project;

import java.time.LocalDate;

/** A reporting period the programme defined: whole months of one of its calendars. */
public record ReportingPeriod(String periodId, String calendar, String name, LocalDate start, LocalDate end,
                              LocalDate dueDate) {

    public boolean contains(LocalDate date) {
        return !date.isBefore(start) && !date.isAfter(end);
    }

    public boolean overlaps(LocalDate from, LocalDate to) {
        return !to.isBefore(start) && !from.isAfter(end);
    }
}
