package org.kronika.command.calendar;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.command.calendar.api.DefineReportingPeriod;
import org.kronika.command.project.AlreadyRecorded;
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

    @Test
    void aPeriodIdIsDefinedOnce() {
        fixture.given(Q3).when(define("2024-Q3", "other", "2030-01-01", "2030-03-31", "2030-04-30"))
                .expectException(AlreadyRecorded.class).expectNoEvents();
    }

    private static DefineReportingPeriod define(String id, String calendar, String start, String end, String due) {
        return new DefineReportingPeriod(CALENDAR, PROGRAMME, id, calendar, id.equals("2024-Q3") ? "2024 Q3" : id,
                LocalDate.parse(start), LocalDate.parse(end), LocalDate.parse(due));
    }
}
