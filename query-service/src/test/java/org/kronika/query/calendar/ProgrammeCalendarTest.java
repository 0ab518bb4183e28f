package org.kronika.query.calendar;

import org.junit.jupiter.api.Test;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read side's calendar is the one the command side will have: the programme file's quarters stand in for those
 * its calendar stream has not defined (yet), one by one, and only for quarters the command side would define.
 */
class ProgrammeCalendarTest {

    private final Programme programme = Programme.ofContract();

    @Test
    void aCalendarStreamThatHasDefinedSomeQuartersListsThemWithTheFilesOthers() {
        DefinedPeriod firstRenamed = quarter("2024-Q1", "First quarter", "2024-01-01", "2024-03-31", 0);

        ReportingPeriods periods = ProgrammeCalendar.of(programme, List.of(firstRenamed));

        assertThat(ids(periods.periods())).as("the views' quarters")
                .isEqualTo(ids(programme.reportingPeriods()));
        assertThat(ProgrammeCalendar.all(programme, List.of(firstRenamed))).extracting(DefinedPeriod::periodId)
                .as("the periods reports are due for").containsExactlyElementsOf(ids(programme.reportingPeriods()));
        assertThat(ProgrammeCalendar.find(programme, List.of(firstRenamed), "2024-Q1")).get()
                .extracting(DefinedPeriod::name).as("as defined").isEqualTo("First quarter");
    }

    @Test
    void aFileQuarterWhoseMonthsADefinedQuarterCoversNeverStandsIn() {
        // Defined under another id, as an operator may have; the command side's calendar refuses the file's overlap.
        DefinedPeriod own = quarter("T1-2024", "T1 2024", "2024-01-01", "2024-03-31", 0);

        ReportingPeriods periods = ProgrammeCalendar.of(programme, List.of(own));
        List<DefinedPeriod> all = ProgrammeCalendar.all(programme, List.of(own));

        assertThat(ids(periods.periods())).contains("T1-2024").doesNotContain("2024-Q1").contains("2024-Q2");
        assertThat(all).extracting(DefinedPeriod::periodId).contains("T1-2024").doesNotContain("2024-Q1");
        assertThat(periods.byId("2024-Q1")).as("nor is it a period to ask for").isEmpty();
    }

    @Test
    void aFileQuarterWhoseIdAnotherCalendarTookNeverStandsIn() {
        DefinedPeriod semester = new DefinedPeriod(programme.programmeId(), "2024-Q2", "semesters", "Odd id",
                LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"), LocalDate.parse("2024-07-31"), 0, null);

        assertThat(ids(ProgrammeCalendar.of(programme, List.of(semester)).periods())).doesNotContain("2024-Q2")
                .contains("2024-Q1", "2024-Q3");
        assertThat(ProgrammeCalendar.all(programme, List.of(semester))).filteredOn(p -> p.periodId().equals("2024-Q2"))
                .singleElement().extracting(DefinedPeriod::calendar).isEqualTo("semesters");
    }

    @Test
    void aQuarterStandingInIsDueAsLongAfterItEndsAsTheFileSaysAsOnceDefined() {
        Programme fortyFiveDays = new Programme(programme.programmeId(), programme.name(), programme.municipalities(),
                programme.ambiguousNames(), programme.sexCategories(), programme.ageBands(), programme.communities(),
                programme.reportingPeriods(), programme.timeZone(), 45);

        assertThat(ProgrammeCalendar.find(fortyFiveDays, List.of(), "2024-Q1")).get().extracting(DefinedPeriod::dueDate)
                .isEqualTo(LocalDate.parse("2024-05-15"));
        assertThat(ProgrammeCalendar.find(programme, List.of(), "2024-Q1")).get().extracting(DefinedPeriod::dueDate)
                .as("the shipped file's 30 days, as the command side defines it").isEqualTo(LocalDate.parse("2024-04-30"));
    }

    @Test
    void aFileWhoseReportsWouldBeDueBeforeTheirQuartersEndIsRefused() {
        assertThatThrownBy(() -> new Programme(programme.programmeId(), programme.name(), programme.municipalities(),
                programme.ambiguousNames(), programme.sexCategories(), programme.ageBands(), programme.communities(),
                programme.reportingPeriods(), programme.timeZone(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("daysToReport");
    }

    /**
     * The command side leaves out, with a warning, a quarter of the file its calendar refuses. Shown here, it was a
     * period reports were overdue for, whose report the command side refused as unknown, and whose days counted in
     * two quarters.
     */
    @Test
    void aFileQuarterTheCommandSideWouldNotDefineIsNoPeriod() {
        List<Programme.Period> file = List.of(
                new Programme.Period("2027-Q1", LocalDate.parse("2027-01-01"), LocalDate.parse("2027-03-30")),
                new Programme.Period("2027 Q2", LocalDate.parse("2027-04-01"), LocalDate.parse("2027-06-30")),
                // In the file's order, as the command side defines them: the later in the file is refused.
                new Programme.Period("2027-Q3-again", LocalDate.parse("2027-09-01"), LocalDate.parse("2027-11-30")),
                new Programme.Period("2027-Q3", LocalDate.parse("2027-07-01"), LocalDate.parse("2027-09-30")),
                new Programme.Period("2027-Q4", LocalDate.parse("2027-10-15"), LocalDate.parse("2027-12-31")),
                new Programme.Period("3000-Q1", LocalDate.parse("3000-01-01"), LocalDate.parse("3000-03-31")));
        Programme malformed = new Programme(programme.programmeId(), programme.name(), programme.municipalities(),
                programme.ambiguousNames(), programme.sexCategories(), programme.ageBands(), programme.communities(),
                file, programme.timeZone(), 30);

        assertThat(ids(malformed.reportingPeriods())).containsExactly("2027-Q3-again");
        assertThat(ProgrammeCalendar.all(malformed, List.of())).extracting(DefinedPeriod::periodId)
                .containsExactly("2027-Q3-again");
    }

    @Test
    void beforeTheCalendarStreamArrivesTheFilesQuartersAreTheCalendar() {
        assertThat(ids(ProgrammeCalendar.of(programme, List.of()).periods())).isEqualTo(ids(programme.reportingPeriods()));
    }

    private DefinedPeriod quarter(String id, String name, String start, String end, long sequence) {
        return new DefinedPeriod(programme.programmeId(), id, ProgrammeCalendar.DEFAULT, name, LocalDate.parse(start),
                LocalDate.parse(end), LocalDate.parse(end).plusDays(30), sequence, null);
    }

    private static List<String> ids(List<Programme.Period> periods) {
        return periods.stream().map(Programme.Period::periodId).toList();
    }
}
