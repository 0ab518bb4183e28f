package org.kronika.command.calendar;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.command.project.Programme;
import org.kronika.command.project.ProjectFixtures;
import org.kronika.command.project.ReportingPeriod;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CalendarHorizonTest {

    private final Programme programme = ProjectFixtures.programme();
    private final List<ReportingPeriod> defined = new ArrayList<>(ProjectFixtures.periods(programme).all());
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T10:00:00Z"));
    private final CalendarHorizon horizon = new CalendarHorizon(() -> List.copyOf(defined), new Clock() {
                @Override
                public ZoneId getZone() {
                    return programme.timeZone();
                }

                @Override
                public Clock withZone(ZoneId zone) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            }, new SimpleMeterRegistry());
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(CalendarHorizon.class);

    @BeforeEach
    void listen() {
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void stopListening() {
        logger.detachAppender(logs);
    }

    /**
     * An operator reads the log once a day, not at every check: fewer than 45 days left, the warning names the last
     * period and the command to run, on the first check of each programme day only.
     */
    @Test
    void fewerThan45DaysLeftAreWarnedOfOnceADayNamingTheLastPeriodAndTheCommand() {
        assertThat(horizon.warnIfEndingSoon()).as("at the start").isTrue();
        assertThat(horizon.warnIfEndingSoon()).as("an hour later, the same day").isFalse();
        now.set(Instant.parse("2026-12-05T22:59:00Z"));
        assertThat(horizon.warnIfEndingSoon()).as("23:59 in Tirana, the same day").isFalse();
        now.set(Instant.parse("2026-12-05T23:00:00Z"));
        assertThat(horizon.warnIfEndingSoon()).as("midnight in Tirana, the next day").isTrue();

        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                warning("27 days left"), warning("26 days left"));
    }

    /** On the calendar's last day, the log says it is the last, in words an operator reads at a glance. */
    @Test
    void onItsLastDayTheWarningSaysOnlyTodayIsLeft() {
        now.set(Instant.parse("2026-12-31T10:00:00Z"));

        assertThat(horizon.warnIfEndingSoon()).isTrue();

        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .contains("ends on 2026-12-31, the last day of 2026-Q4 (calendar quarters): only today left. From");
    }

    /** Once the next year's quarters are defined, more than 45 days are left, and the log says nothing more. */
    @Test
    void noWarningOnceTheNextPeriodsAreDefined() {
        defined.add(new ReportingPeriod("2027-Q1", "quarters", "2027-Q1", LocalDate.parse("2027-01-01"),
                LocalDate.parse("2027-03-31"), LocalDate.parse("2027-04-30")));

        assertThat(horizon.warnIfEndingSoon()).isFalse();
        assertThat(horizon.daysAhead(horizon.lastPeriod())).isEqualTo(27 + 90);
        assertThat(logs.list).isEmpty();
    }

    /**
     * A quarter of the programme file that the calendar refused (an administrator's period overlaps it) is no period:
     * the days left end with the last period defined.
     */
    @Test
    void aQuarterOfTheProgrammeFileTheCalendarRefusedIsNotCounted() {
        assertThat(programme.reportingPeriods()).extracting(Programme.Quarter::periodId).contains("2026-Q4");
        defined.removeIf(period -> period.periodId().equals("2026-Q4"));
        defined.add(new ReportingPeriod("oct-nov", "quarters", "October and November", LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-11-30"), LocalDate.parse("2026-12-31")));
        now.set(Instant.parse("2026-11-01T10:00:00Z"));

        assertThat(horizon.lastPeriod().periodId()).isEqualTo("oct-nov");
        assertThat(horizon.daysAhead(horizon.lastPeriod())).isEqualTo(30);
    }

    /**
     * Views group figures by quarter: a fiscal year reaching into 2027 holds no day of it in a quarter, and a quarter
     * beyond a gap (2027-Q1 refused) leaves January to March outside every period. The latest end of any period
     * counted both as days left, and nothing warned until the fiscal year ran out.
     */
    @Test
    void theDaysLeftAreThoseQuartersHoldWithoutAGapFromToday() {
        defined.add(new ReportingPeriod("FY2027", "fiscal-years", "2026-27", LocalDate.parse("2026-07-01"),
                LocalDate.parse("2027-06-30"), LocalDate.parse("2027-08-31")));
        defined.add(new ReportingPeriod("2027-Q2", "quarters", "2027-Q2", LocalDate.parse("2027-04-01"),
                LocalDate.parse("2027-06-30"), LocalDate.parse("2027-07-31")));

        assertThat(horizon.lastPeriod().periodId()).isEqualTo("2026-Q4");
        assertThat(horizon.daysAhead(horizon.lastPeriod())).isEqualTo(27);
        assertThat(horizon.warnIfEndingSoon()).isTrue();
        now.set(Instant.parse("2027-02-01T10:00:00Z"));
        assertThat(horizon.daysAhead(horizon.lastPeriod())).as("in the gap").isEqualTo(-31);
        now.set(Instant.parse("2027-05-01T10:00:00Z"));
        assertThat(horizon.lastPeriod().periodId()).isEqualTo("2027-Q2");
        assertThat(horizon.daysAhead(horizon.lastPeriod())).isEqualTo(61);
    }

    /** Periods of other calendars alone: every day is outside the quarters views group by, so the alert fires. */
    @Test
    void aProgrammeWithoutQuartersHasNoDayLeftAndIsWarnedOfSo() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        List<ReportingPeriod> fiscal = List.of(new ReportingPeriod("FY2027", "fiscal-years", "2026-27",
                LocalDate.parse("2026-07-01"), LocalDate.parse("2027-06-30"), LocalDate.parse("2027-08-31")));
        CalendarHorizon withoutQuarters = new CalendarHorizon(() -> fiscal,
                Clock.fixed(now.get(), programme.timeZone()), meters);

        assertThat(meters.get("kronika.calendar.days.defined.ahead").gauge().value()).isZero();
        assertThat(withoutQuarters.warnIfEndingSoon()).isTrue();
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                .startsWith("The programme has no reporting period of calendar quarters");
    }

    private static String warning(String left) {
        return "The programme's reporting calendar ends on 2026-12-31, the last day of 2026-Q4 (calendar quarters): "
                + left + ", today counted. From the day after, activities fall outside every reporting period, no "
                + "report is owed for them and targets for later periods are refused. Define the next year's periods "
                + "now: POST /api/programme/reporting-periods with an admin token, one per quarter "
                + "(docs/operations.md, \"Reporting calendar ends soon\")";
    }
}
