package org.kronika.command.config;

import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.calendar.ReportingCalendar;
import org.kronika.events.ReportingPeriodDefined;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarConfigTest {

    /**
     * The calendar's stream holds only definitions today; an event of another kind there (one a later version
     * records) is no period, and must not refuse every period step, target and closure of the programme.
     */
    @Test
    void theReportingPeriodsAreTheDefinitionsInTheCalendarsStreamAndNothingElseItHolds() {
        EventStore events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        KronikaCommandProperties properties = new KronikaCommandProperties("kosovo-albania-civil-society", null, 100);
        String calendarId = ReportingCalendar.idOf(properties.programme());
        ReportingPeriodDefined q1 = new ReportingPeriodDefined(properties.programme(), "2024-Q1", "quarters", "2024-Q1",
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31), LocalDate.of(2024, 4, 30));
        ReportingPeriodDefined fiscal = new ReportingPeriodDefined(properties.programme(), "FY2024-25", "fiscal-years",
                "2024/25", LocalDate.of(2024, 7, 1), LocalDate.of(2025, 6, 30), LocalDate.of(2025, 8, 31));
        events.publish(new GenericDomainEventMessage<>("ReportingCalendar", calendarId, 0, q1),
                new GenericDomainEventMessage<>("ReportingCalendar", calendarId, 1, "a calendar event of a later kind"),
                new GenericDomainEventMessage<>("ReportingCalendar", calendarId, 2, fiscal));

        assertThat(new CalendarConfig().reportingPeriods(events, properties).all())
                .containsExactly(ReportingCalendar.period(q1), ReportingCalendar.period(fiscal));
    }
}
