package org.kronika.command.calendar;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.command.calendar.api.DefineReportingPeriod;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.kronika.command.project.AlreadyRecorded;
import org.kronika.command.project.FieldRefusals;
import org.kronika.command.project.ProjectRuleViolation;
import org.kronika.events.ReportingPeriodDefined;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;

class ReportingCalendarTest {

    private static final String PROGRAMME = "kosovo-albania-civil-society";
    private static final String CALENDAR = ReportingCalendar.idOf(PROGRAMME);
    private static final ReportingPeriodDefined Q3 = new ReportingPeriodDefined(PROGRAMME, "2024-Q3", "quarters",
            "2024 Q3", LocalDate.of(2024, 7, 1), LocalDate.of(2024, 9, 30), LocalDate.of(2024, 10, 31));

    private FixtureConfiguration<ReportingCalendar> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ReportingCalendar.class);
        fixture.registerInjectableResource(Clock.fixed(LocalDate.of(2024, 6, 15).atStartOfDay().toInstant(ZoneOffset.UTC),
                ZoneOffset.UTC));
    }

    @Test
    void theFirstPeriodStartsTheCalendarsStream() {
        fixture.givenNoPriorActivity()
                .when(define("2024-Q3", "quarters", "2024-07-01", "2024-09-30", "2024-10-31"))
                .expectEvents(Q3);
    }

    @Test
    void theDonorsFiscalYearMayOverlapTheQuartersButNotAnotherFiscalYear() {
        fixture.given(Q3)
                .when(define("FY2024-25", "fiscal-years", "2024-07-01", "2025-06-30", "2025-08-31"))
                .expectSuccessfulHandlerExecution();
        fixture.given(Q3)
                .when(define("2024-Q3b", "quarters", "2024-09-01", "2024-11-30", "2024-12-31"))
                .expectException(ProjectRuleViolation.class)
                .expectExceptionMessage("overlaps 2024-Q3 (2024-07-01 to 2024-09-30) of calendar quarters; periods of "
                        + "one calendar do not overlap, use another calendar")
                .expectNoEvents();
    }

    @Test
    void aPeriodIsWholeMonthsAndIsDueNoEarlierThanItEnds() {
        fixture.given(Q3).when(define("H2", "semesters", "2024-07-02", "2024-12-31", "2025-01-31"))
                .expectException(ProjectRuleViolation.class)
                .expectExceptionMessage("must be the first day of a month: periods are whole months").expectNoEvents();
        fixture.given(Q3).when(define("H2", "semesters", "2024-07-01", "2024-12-30", "2025-01-31"))
                .expectException(ProjectRuleViolation.class).expectNoEvents();
        fixture.given(Q3).when(define("H2", "semesters", "2024-07-01", "2024-12-31", "2024-12-30"))
                .expectException(ProjectRuleViolation.class)
                .expectExceptionMessage("must not be before the period ends on 2024-12-31").expectNoEvents();
        fixture.given(Q3).when(define("H2", "semesters", "2025-01-01", "2024-12-31", "2025-01-31"))
                .expectException(ProjectRuleViolation.class).expectNoEvents();
    }

    /** The date that reaches into the other period is the one at fault: its end, for a period starting before it. */
    @Test
    void anOverlapNamesTheDateThatReachesIntoTheOtherPeriod() {
        fixture.given(Q3).when(define("2024-Q2x", "quarters", "2024-04-01", "2024-07-31", "2024-08-31"))
                .expectException(FieldRefusals.faults(ProjectRuleViolation.class, "end: overlaps 2024-Q3 (2024-07-01 to"
                        + " 2024-09-30) of calendar quarters; periods of one calendar do not overlap, use another"
                        + " calendar"))
                .expectNoEvents();
        fixture.given(Q3).when(define("2024-Q3x", "quarters", "2024-08-01", "2024-10-31", "2024-11-30"))
                .expectException(FieldRefusals.faults(ProjectRuleViolation.class, "start: overlaps 2024-Q3 (2024-07-01"
                        + " to 2024-09-30) of calendar quarters; periods of one calendar do not overlap, use another"
                        + " calendar"))
                .expectNoEvents();
    }

    @Test
    void oneRefusalNamesEveryFieldAtFault() {
        fixture.given(Q3).when(new DefineReportingPeriod(CALENDAR, PROGRAMME, "H1", "semesters", "H1\u202E",
                        LocalDate.parse("2025-01-15"), LocalDate.parse("2025-02-10"), LocalDate.parse("2025-03-31"),
                        null))
                .expectException(FieldRefusals.faults(ProjectRuleViolation.class,
                        "name: must not hold control characters (other than tab and line breaks) or bidirectional"
                                + " overrides or marks",
                        "start: must be the first day of a month: periods are whole months",
                        "end: must be the last day of a month: periods are whole months"))
                .expectNoEvents();
        fixture.given(Q3).when(define("H2", "semesters", "2025-07-01", "2025-06-30", "2025-05-31"))
                .expectException(FieldRefusals.faults(ProjectRuleViolation.class,
                        "end: must not be before start 2025-07-01",
                        "dueDate: must not be before the period ends on 2025-06-30"))
                .expectNoEvents();
    }

    /** As an indicator's name: composed, and without a no-break or zero-width space pasted at either end. */
    @Test
    void aPeriodsNameIsStoredComposedWithoutWhatShowsNothingAtEitherEnd() {
        fixture.given(Q3).when(new DefineReportingPeriod(CALENDAR, PROGRAMME, "2024-Q4", "quarters",
                        "\u00A0Tremujori i kat\u00EBrt i 2024-e\u0308s\u200B ", LocalDate.parse("2024-10-01"),
                        LocalDate.parse("2024-12-31"), LocalDate.parse("2025-01-31"), null))
                .expectEvents(new ReportingPeriodDefined(PROGRAMME, "2024-Q4", "quarters",
                        "Tremujori i kat\u00EBrt i 2024-\u00EBs", LocalDate.of(2024, 10, 1), LocalDate.of(2024, 12, 31),
                        LocalDate.of(2025, 1, 31)));
    }

    /** If-Match names the calendar's version the period was decided on: another, or any on no calendar, is refused. */
    @Test
    void aPeriodIsDefinedOnlyAtTheCalendarVersionItsIfMatchNames() {
        fixture.given(Q3).when(versioned("2024-Q4", 1L))
                .expectException(ConflictingAggregateVersionException.class).expectNoEvents();
        fixture.givenNoPriorActivity().when(versioned("2024-Q4", 0L))
                .expectException(ConflictingAggregateVersionException.class).expectNoEvents();
        fixture.given(Q3).when(versioned("2024-Q4", 0L)).expectSuccessfulHandlerExecution();
    }

    @Test
    void aPeriodIdIsDefinedOnce() {
        fixture.given(Q3).when(define("2024-Q3", "other", "2030-01-01", "2030-03-31", "2030-04-30"))
                .expectException(AlreadyRecorded.class).expectNoEvents();
    }

    private static DefineReportingPeriod define(String id, String calendar, String start, String end, String due) {
        return new DefineReportingPeriod(CALENDAR, PROGRAMME, id, calendar, id.equals("2024-Q3") ? "2024 Q3" : id,
                LocalDate.parse(start), LocalDate.parse(end), LocalDate.parse(due), null);
    }

    private static DefineReportingPeriod versioned(String id, Long expectedVersion) {
        return new DefineReportingPeriod(CALENDAR, PROGRAMME, id, "quarters", id, LocalDate.parse("2024-10-01"),
                LocalDate.parse("2024-12-31"), LocalDate.parse("2025-01-31"), expectedVersion);
    }
}
