package org.kronika.command.calendar.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.command.project.api.VersionedCommand;

import java.time.LocalDate;

/**
 * Define a reporting period of the programme: whole calendar months in one of its calendars, with the date reports
 * for it are due.
 *
 * @param calendarId      the programme's calendar, {@link org.kronika.command.calendar.ReportingCalendar#idOf}
 * @param expectedVersion the calendar's version the period was decided on ({@code If-Match}), or {@code null}
 */
public record DefineReportingPeriod(
        @TargetAggregateIdentifier String calendarId,
        String programmeId,
        String periodId,
        String calendar,
        String name,
        LocalDate start,
        LocalDate end,
        LocalDate dueDate,
        Long expectedVersion) implements VersionedCommand {
}
