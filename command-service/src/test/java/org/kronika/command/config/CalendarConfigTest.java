package org.kronika.command.config;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.calendar.ReportingCalendar;
import org.kronika.command.calendar.api.DefineReportingPeriod;
import org.kronika.command.project.Programme;
import org.kronika.command.project.ProjectFixtures;
import org.kronika.command.project.ProjectRuleViolation;
import org.kronika.events.ReportingPeriodDefined;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

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

    /**
     * The file's quarters are due as long after they end as the file says, the number the query side reads too for a
     * quarter it shows before its definition arrives; and one already defined is not defined again.
     */
    @Test
    void theFilesQuartersAreDefinedDueAsManyDaysAfterTheyEndAsTheFileSaysTheOnesMissingOnly() throws Exception {
        EventStore events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        KronikaCommandProperties properties = new KronikaCommandProperties("kosovo-albania-civil-society", null, 100);
        String calendarId = ReportingCalendar.idOf(properties.programme());
        Programme shipped = ProjectFixtures.programme();
        Programme.Quarter first = shipped.reportingPeriods().get(0);
        events.publish(new GenericDomainEventMessage<>("ReportingCalendar", calendarId, 0, new ReportingPeriodDefined(
                properties.programme(), first.periodId(), "quarters", first.periodId(), first.start(), first.end(),
                first.end().plusDays(30))));
        Programme fortyFiveDays = new Programme(shipped.programmeId(), shipped.name(), shipped.municipalities(),
                shipped.ambiguousNames(), shipped.sexCategories(), shipped.ageBands(), shipped.communities(),
                shipped.reportingPeriods(), shipped.timeZone(), 45);
        List<DefineReportingPeriod> sent = new ArrayList<>();
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            sent.add((DefineReportingPeriod) ((CommandMessage<?>) call.getArgument(0)).getPayload());
            return null;
        });

        new CalendarConfig().quartersFromTheProgrammeFile(commands, events, fortyFiveDays, properties).run(null);

        assertThat(sent).extracting(DefineReportingPeriod::periodId).as("every quarter but the one defined")
                .isEqualTo(shipped.reportingPeriods().stream().skip(1).map(Programme.Quarter::periodId).toList());
        assertThat(sent).allSatisfy(period -> assertThat(period.dueDate()).isEqualTo(period.end().plusDays(45)));
        assertThat(shipped.daysToReport()).as("the shipped file's").isEqualTo(Programme.DAYS_TO_REPORT);
    }

    /**
     * A quarter of the file whose months an administrator's own quarter covers is refused by the calendar: it is left
     * out, and the service starts with every other quarter defined, as the read side shows them.
     */
    @Test
    void aQuarterTheCalendarRefusesIsLeftOutAndTheOthersAreDefined() throws Exception {
        EventStore events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
        KronikaCommandProperties properties = new KronikaCommandProperties("kosovo-albania-civil-society", null, 100);
        Programme shipped = ProjectFixtures.programme();
        String refused = shipped.reportingPeriods().get(2).periodId();
        List<String> sent = new ArrayList<>();
        CommandGateway commands = mock(CommandGateway.class);
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            String periodId = ((DefineReportingPeriod) ((CommandMessage<?>) call.getArgument(0)).getPayload()).periodId();
            if (periodId.equals(refused)) {
                throw new ProjectRuleViolation("start", "overlaps T3-2022 of calendar quarters");
            }
            sent.add(periodId);
            return null;
        });

        new CalendarConfig().quartersFromTheProgrammeFile(commands, events, shipped, properties).run(null);

        assertThat(sent).hasSize(shipped.reportingPeriods().size() - 1).doesNotContain(refused)
                .contains(shipped.reportingPeriods().get(3).periodId());
    }
}
