package org.kronika.query.project;

import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MaterialsDistributed;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.Participants;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.ProjectReopened;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.activity.Activity;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.Received;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.indicator.ProgressView;
import org.kronika.query.programme.Programme;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.report.PeriodFigures;
import org.kronika.query.stream.InapplicableEvent;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The project summary folded from typed events, one at a time, stored and read back after every event as MongoDB
 * would: progress per breakdown through corrections, retractions and redefinitions.
 */
class ProjectSummaryProjectionTest {

    private static final String P = "nopm";
    private final Programme programme = Programme.ofContract();
    private final ProjectViews views = new ProjectViews(programme.periods());
    private final FoldedProject project = new FoldedProject(P, programme.periods());
    private ProjectSummary summary = project.summary();

    @Test
    void aParticipantIndicatorIsBrokenDownBySexAgeCommunityMunicipalityAndPeriod() {
        given(registered(), reached(List.of("sex")));
        given(training("t-1", "2024-02-10", "Gjilan", new Participants(20, Map.of("female", 12, "male", 7),
                        Map.of("18-24", 15), Map.of("albanian", 14, "serb", 6))),
                training("t-2", "2024-05-03", "Kamenicë", new Participants(10, Map.of("female", 4, "male", 6),
                        Map.of(), Map.of("albanian", 10))));

        ProgressView progress = progress("citizens");
        assertThat(progress.achieved()).isEqualTo(30.0);
        assertThat(progress.percentOfTarget()).isEqualTo(3.0);
        assertThat(progress.bySex()).isEqualTo(Map.of("female", 16L, "male", 13L, "unspecified", 1L));
        assertThat(progress.byAgeBand()).isEqualTo(Map.of("18-24", 15L, "unspecified", 15L));
        assertThat(progress.byCommunity()).isEqualTo(Map.of("albanian", 24L, "serb", 6L, "unspecified", 0L));
        assertThat(progress.byMunicipality()).isEqualTo(Map.of("Gjilan", 20.0, "Kamenicë", 10.0));
        assertThat(progress.byPeriod()).extracting(ProgressView.PeriodProgress::periodId,
                ProgressView.PeriodProgress::achieved, ProgressView.PeriodProgress::cumulative,
                ProgressView.PeriodProgress::target).containsExactly(
                tuple("2024-Q1", 20.0, 20.0, 25.0),
                tuple("2024-Q2", 10.0, 30.0, null));
        ProjectView view = view();
        assertThat(view.totals().participants().total()).isEqualTo(30);
        assertThat(view.totals().participants().bySex()).isEqualTo(Map.of("female", 16L, "male", 13L));
        assertThat(view.totals().byMunicipality()).extracting(ProjectView.PlaceTotals::municipality,
                ProjectView.PlaceTotals::participants).containsExactly(tuple("Gjilan", 20L), tuple("Kamenicë", 10L));
        assertThat(view.lastActivityOn()).isEqualTo(LocalDate.of(2024, 5, 3));
    }

    /** What no municipality holds (online, national) is listed after the municipalities, as the portfolio lists it. */
    @Test
    void whatNoMunicipalityHoldsComesAfterTheMunicipalities() {
        given(registered(), reached(List.of("sex")),
                training("t-1", "2024-02-10", null, Participants.bySex(5, 3, 2)),
                training("t-2", "2024-02-11", "Kamenicë", Participants.bySex(7, 4, 3)),
                training("t-3", "2024-02-12", "Gjilan", Participants.bySex(2, 1, 1)));

        assertThat(view().totals().byMunicipality()).extracting(ProjectView.PlaceTotals::municipality)
                .containsExactly("Gjilan", "Kamenicë", IndicatorProgress.NATIONAL);
    }

    /** The command side allows up to 10,000,000 people per activity: 215 of them pass what an int can hold. */
    @Test
    void participantTotalsBeyondWhatAnIntHoldsStayExactThroughTheReadStore() {
        given(registered(), reached(List.of("sex")));
        for (int i = 0; i < 215; i++) {
            given(training("t-" + i, "2024-02-10", "Gjilan", Participants.bySex(10_000_000, 6_000_000, 4_000_000)));
        }

        ProjectView view = view();
        assertThat(view.totals().participants().total()).isEqualTo(2_150_000_000L);
        assertThat(view.totals().participants().bySex()).isEqualTo(Map.of("female", 1_290_000_000L,
                "male", 860_000_000L));
        assertThat(view.totals().byMunicipality()).extracting(ProjectView.PlaceTotals::participants)
                .containsExactly(2_150_000_000L);
        assertThat(progress("citizens").achieved()).isEqualTo(2_150_000_000.0);
    }

    @Test
    void aCorrectionReplacesTheActivitysContributionEverywhere() {
        given(registered(), reached(List.of("sex")),
                training("t-1", "2024-02-10", "Gjilan", Participants.bySex(20, 12, 8)));
        given(correction("t-1", training("t-1", "2024-09-12", "Kamenicë", Participants.bySex(22, 13, 9)),
                "Two late sign-ins were missed"));

        ProgressView progress = progress("citizens");
        assertThat(progress.achieved()).isEqualTo(22.0);
        assertThat(progress.byMunicipality()).isEqualTo(Map.of("Kamenicë", 22.0));
        assertThat(progress.byPeriod()).extracting(ProgressView.PeriodProgress::periodId,
                        ProgressView.PeriodProgress::achieved)
                .containsExactly(tuple("2024-Q1", 0.0), tuple("2024-Q3", 22.0));
        ProjectView view = view();
        assertThat(view.totals().corrected()).isEqualTo(1);
        assertThat(view.totals().activities()).isEqualTo(1);
        assertThat(view.totals().byMunicipality()).extracting(ProjectView.PlaceTotals::municipality)
                .containsExactly("Kamenicë");
        assertThat(view.lastActivityOn()).isEqualTo(LocalDate.of(2024, 9, 12));
        Activity corrected = project.activity("t-1");
        assertThat(corrected.states()).hasSize(2);
        assertThat(corrected.states().get(1).reason()).isEqualTo("Two late sign-ins were missed");
    }

    @Test
    void aRetractedActivityNoLongerCountsButStaysRecorded() {
        given(registered(), reached(List.of()),
                training("t-1", "2024-02-10", "Gjilan", Participants.total(20)),
                training("t-2", "2024-03-10", "Gjilan", Participants.total(20)),
                new ActivityRetracted(P, "t-2", "Recorded twice"));

        assertThat(progress("citizens").achieved()).isEqualTo(20.0);
        ProjectView view = view();
        assertThat(view.totals().activities()).isEqualTo(1);
        assertThat(view.totals().recorded()).isEqualTo(2);
        assertThat(view.totals().retracted()).isEqualTo(1);
        assertThat(view.lastActivityOn()).as("the retracted one was the last; the one before takes its place")
                .isEqualTo(LocalDate.of(2024, 2, 10));
        assertThat(project.activity("t-2").isRetracted()).isTrue();
    }

    /** A project that began before the first quarter the programme defines: its first months are rows of their own. */
    @Test
    void figuresDatedOutsideEveryQuarterAreListedUnderTheirMonthSoThePeriodsAddUpToTheCumulative() {
        given(new ProjectRegistered(P, "nopm", "NOPM", false, "Participation", null, null, null, null,
                        List.of("Gjilan"), LocalDate.of(2021, 10, 1), LocalDate.of(2022, 6, 30)),
                citizens(List.of()),
                training("t-1", "2021-11-15", "Gjilan", Participants.total(20)),
                training("t-2", "2022-02-01", "Gjilan", Participants.total(10)));

        assertThat(progress("citizens").byPeriod()).extracting(ProgressView.PeriodProgress::periodId,
                ProgressView.PeriodProgress::calendar, ProgressView.PeriodProgress::start,
                ProgressView.PeriodProgress::achieved, ProgressView.PeriodProgress::cumulative).containsExactly(
                tuple("outside:2021-11", "quarters", LocalDate.of(2021, 11, 1), 20.0, 20.0),
                tuple("2022-Q1", "quarters", LocalDate.of(2022, 1, 1), 10.0, 30.0));
    }

    /**
     * A donor's fiscal year a target names overlaps the quarters: its row says its calendar, so that adding up the
     * default calendar's rows gives what was achieved, not more.
     */
    @Test
    void aPeriodOfAnotherCalendarIsMarkedWithItsCalendarAndTheDefaultCalendarsRowsAddUpToTheAchieved() {
        var year = new org.kronika.query.calendar.DefinedPeriod(programme.programmeId(), "FY2024-25", "fiscal-years",
                "2024-25", LocalDate.parse("2024-07-01"), LocalDate.parse("2025-06-30"),
                LocalDate.parse("2025-08-31"), 0, null);
        ProjectViews withYear = views.over(org.kronika.query.calendar.ProgrammeCalendar.of(programme, List.of(year)));
        given(registered(), citizens(List.of(new PeriodTarget("FY2024-25", 40))),
                training("t-1", "2024-05-10", "Gjilan", Participants.total(3)),
                training("t-2", "2024-08-10", "Gjilan", Participants.total(10)),
                training("t-3", "2024-11-10", "Gjilan", Participants.total(5)));

        ProgressView progress = withYear.indicator(summary.indicator("citizens").orElseThrow()).progress();
        assertThat(progress.byPeriod()).extracting(ProgressView.PeriodProgress::periodId,
                ProgressView.PeriodProgress::calendar, ProgressView.PeriodProgress::achieved,
                ProgressView.PeriodProgress::cumulative, ProgressView.PeriodProgress::target).containsExactly(
                tuple("2024-Q2", "quarters", 3.0, 3.0, null),
                tuple("2024-Q3", "quarters", 10.0, 13.0, null),
                tuple("FY2024-25", "fiscal-years", 15.0, 18.0, 40.0),
                tuple("2024-Q4", "quarters", 5.0, 18.0, null));
        assertThat(progress.byPeriod().stream().filter(p -> p.calendar().equals("quarters"))
                .mapToDouble(ProgressView.PeriodProgress::achieved).sum()).isEqualTo(progress.achieved());
    }

    @Test
    void changingABreakdownKeepsEveryCountAlreadyReported() {
        given(registered(), reached(List.of("municipality")),
                training("t-1", "2024-02-10", "Gjilan", Participants.bySex(20, 12, 8)));
        ProgressView before = progress("citizens");
        given(new IndicatorRedefined(P, "citizens", null, 1200.0, null, List.of("municipality", "sex"), "Donor asks"));

        ProgressView after = progress("citizens");
        assertThat(after.bySex()).isEqualTo(before.bySex()).isEqualTo(Map.of("female", 12L, "male", 8L,
                "unspecified", 0L));
        assertThat(after.target()).isEqualTo(1200.0);
        var indicator = summary.indicator("citizens").orElseThrow();
        assertThat(indicator.definition().dimensions()).containsExactly("municipality", "sex");
        assertThat(indicator.definitions()).extracting(Indicator.Definition::reason).containsExactly(null, "Donor asks");
    }

    @Test
    void itemIndicatorsAddQuantitiesAndLatestIndicatorsTakeTheLatestByDateNotByArrival() {
        given(registered(),
                new IndicatorDefined(P, "kits", "Kits distributed", "count", "items", "sum", 0, 400, List.of(), List.of()),
                new IndicatorDefined(P, "aware", "Citizens aware of budgeting", "percent", "measured", "latest", 10, 60,
                        List.of(), List.of()),
                kits("k-1", "2024-03-01", "Gjilan", 200),
                kits("k-2", "2024-04-01", "Kamenicë", 150),
                new IndicatorMeasured(P, "aware", "m-2", LocalDate.parse("2024-09-01"), 41, null, Map.of(), null),
                new IndicatorMeasured(P, "aware", "m-1", LocalDate.parse("2024-03-01"), 25, null, Map.of(), null));

        assertThat(progress("kits").achieved()).isEqualTo(350.0);
        assertThat(progress("kits").byMunicipality()).isEqualTo(Map.of("Gjilan", 200.0, "Kamenicë", 150.0));
        assertThat(progress("aware").achieved()).isEqualTo(41.0);
        assertThat(view().totals().measurements()).isEqualTo(2);
    }

    /** "200 kits in each municipality": each place's figure against its own target, beside the project-wide one. */
    @Test
    void givenTargetsPerMunicipalityEachIsShownWithWhatWasAchievedThereAndItsPercentOfTarget() {
        given(registered(), reached(List.of()), kitsPerPlace(List.of(new MunicipalityTarget("Gjilan", 200),
                        new MunicipalityTarget("Kamenicë", 200))),
                kits("k-1", "2024-03-01", "Gjilan", 50), kits("k-2", "2024-04-01", "Gjilan", 100));

        ProgressView kits = progress("kits");
        assertThat(kits.byMunicipalityTargets()).isEqualTo(Map.of(
                "Gjilan", new ProgressView.AgainstTarget(200, 150, 75.0, false),
                "Kamenicë", new ProgressView.AgainstTarget(200, 0, 0.0, false)));
        assertThat(kits.byMunicipality()).as("every place's figure alone, as before").isEqualTo(Map.of("Gjilan", 150.0));
        assertThat(progress("citizens").byMunicipalityTargets()).as("an indicator without any").isEmpty();
    }

    @Test
    void givenTargetsPerMunicipalityARedefinitionReplacesThemLeavesThemOrDropsThemAndEarlierVersionsKeepTheirs() {
        given(registered(), kitsPerPlace(List.of(new MunicipalityTarget("Gjilan", 200),
                new MunicipalityTarget("Kamenicë", 200))), kits("k-1", "2024-03-01", "Kamenicë", 30));
        long defined = summary.version();
        given(new IndicatorRedefined(P, "kits", null, null, null, null, "Gjilan has its own programme",
                List.of(new MunicipalityTarget("Kamenicë", 120))));
        assertThat(progress("kits").byMunicipalityTargets()).isEqualTo(Map.of(
                "Kamenicë", new ProgressView.AgainstTarget(120, 30, 25.0, false)));

        given(new IndicatorRedefined(P, "kits", null, 300.0, null, null, "Higher target overall"));
        assertThat(progress("kits").byMunicipalityTargets()).as("null: left as they were").containsOnlyKeys("Kamenicë");

        given(new IndicatorRedefined(P, "kits", null, null, null, null, "No targets per place", List.of()));
        assertThat(progress("kits").byMunicipalityTargets()).isEmpty();
        assertThat(summary.indicator("kits").orElseThrow().definitionAsOf(defined).municipalityTargets())
                .extracting(MunicipalityTarget::municipality).containsExactly("Gjilan", "Kamenicë");
    }

    /** The same rule as the project-wide percent: a reduction's is the way come down from the baseline. */
    @Test
    void givenAReductionATargetPerMunicipalityIsReckonedAsTheProjectWideOneFromTheBaselineDown() {
        given(registered(), new IndicatorDefined(P, "out", "Children out of school", "percent", "measured", "latest",
                        60, 10, List.of(), List.of(), List.of(new MunicipalityTarget("Gjilan", 20),
                        new MunicipalityTarget("Kamenicë", 20))),
                new IndicatorMeasured(P, "out", "m-1", LocalDate.parse("2024-03-01"), 40, "Gjilan", Map.of(), null));

        assertThat(progress("out").byMunicipalityTargets()).isEqualTo(Map.of(
                "Gjilan", new ProgressView.AgainstTarget(20, 40, 50.0, false),
                "Kamenicë", new ProgressView.AgainstTarget(20, 0, null, true)));
    }

    /** A summary stored before targets per municipality existed has definitions without them: none. */
    @Test
    void givenASummaryStoredBeforeTargetsPerMunicipalityExistedItsIndicatorsReadAsHavingNone() {
        given(registered(), reached(List.of()));
        org.bson.Document stored = DocumentMapper.toDocument(summary);
        for (Map<?, ?> indicator : stored.getList("indicators", Map.class)) {
            ((Map<?, ?>) indicator.get("definition")).remove("municipalityTargets");
            for (Object definition : (List<?>) indicator.get("definitions")) {
                ((Map<?, ?>) ((Map<?, ?>) definition).get("definition")).remove("municipalityTargets");
            }
        }

        summary = DocumentMapper.fromDocument(stored, ProjectSummary.class);
        assertThat(summary.indicator("citizens").orElseThrow().definition().municipalityTargets()).isEmpty();
        assertThat(progress("citizens").byMunicipalityTargets()).isEmpty();
    }

    /**
     * People are broken down by sex, age band and community where the indicator counts people: 600 kits handed to
     * 297 women and 303 men are not 297 kits for women, so an indicator counting the kits has no such breakdown,
     * while one counting the people the same activity reached has.
     */
    @Test
    void onlyAnIndicatorCountingParticipantsIsBrokenDownByWhoTookPart() {
        given(registered(),
                new IndicatorDefined(P, "kits", "Kits distributed", "count", "items", "sum", 0, 1000, List.of(),
                        List.of("sex")),
                new IndicatorDefined(P, "citizens", "Citizens reached", "count", "participants", "sum", 0, 1000,
                        List.of(), List.of("sex")),
                new MaterialsDistributed(P, "k-1", "Kits", LocalDate.parse("2024-03-01"), "Gjilan",
                        Participants.bySex(600, 297, 303), null, List.of("kits", "citizens"),
                        "Citizen Investment Kit", 600));

        ProgressView kits = progress("kits");
        assertThat(kits.achieved()).isEqualTo(600.0);
        assertThat(kits.bySex()).isEmpty();
        assertThat(kits.byAgeBand()).isEmpty();
        assertThat(kits.byCommunity()).isEmpty();
        assertThat(kits.byMunicipality()).isEqualTo(Map.of("Gjilan", 600.0));
        assertThat(progress("citizens").bySex()).isEqualTo(Map.of("female", 297L, "male", 303L, "unspecified", 0L));
    }

    @Test
    void takingAwayTheLatestContributionFindsTheOneLatestNowInTheFacts() {
        given(registered(),
                new IndicatorDefined(P, "size", "Latest group size", "count", "participants", "latest", 0, 50,
                        List.of(), List.of()),
                trainingFor("size", "t-1", "2024-02-10", 12),
                trainingFor("size", "t-2", "2024-06-10", 30),
                trainingFor("size", "t-3", "2024-04-10", 18));
        assertThat(progress("size").achieved()).isEqualTo(30.0);

        given(new ActivityRetracted(P, "t-2", "Never happened"));
        assertThat(progress("size").achieved()).isEqualTo(18.0);

        given(correction("t-3", trainingFor("size", "t-3", "2024-01-10", 18), "Wrong month"));
        assertThat(progress("size").achieved()).as("moved before t-1").isEqualTo(12.0);
    }

    /** The recorder's 150 on a percentage: corrected, then moved, then retracted, the one latest now counts. */
    @Test
    void correctingOrRetractingTheLatestMeasurementOfALatestIndicatorCountsTheOneLatestNow() {
        given(registered(),
                new IndicatorDefined(P, "aware", "Citizens aware of budgeting", "percent", "measured", "latest", 10, 60,
                        List.of(new PeriodTarget("2024-Q1", 30)), List.of()),
                new IndicatorMeasured(P, "aware", "m-x", LocalDate.parse("2024-01-20"), 22, "Gjilan", Map.of(), null),
                new IndicatorMeasured(P, "aware", "m-y", LocalDate.parse("2024-01-31"), 150, "Gjilan", Map.of(), null));
        assertThat(progress("aware").achieved()).isEqualTo(150.0);

        given(new MeasurementCorrected(P, "aware", "m-y", LocalDate.parse("2024-01-31"), 15, "Gjilan", Map.of(), null,
                "A zero too many"));
        assertThat(progress("aware").achieved()).isEqualTo(15.0);
        assertThat(progress("aware").byMunicipality()).isEqualTo(Map.of("Gjilan", 15.0));

        given(new MeasurementCorrected(P, "aware", "m-y", LocalDate.parse("2024-01-10"), 15, "Kamenicë", Map.of(),
                null, "Measured in Kamenicë, earlier"));
        assertThat(progress("aware").achieved()).as("m-x is latest now").isEqualTo(22.0);
        assertThat(progress("aware").byMunicipality()).isEqualTo(Map.of("Gjilan", 22.0, "Kamenicë", 15.0));

        given(new MeasurementRetracted(P, "aware", "m-x", "Measured in another project"));
        assertThat(progress("aware").achieved()).isEqualTo(15.0);
        assertThat(progress("aware").byMunicipality()).isEqualTo(Map.of("Kamenicë", 15.0));
        assertThat(progress("aware").byPeriod()).extracting(ProgressView.PeriodProgress::periodId,
                ProgressView.PeriodProgress::achieved).contains(tuple("2024-Q1", 15.0));
        assertThat(view().totals().measurements()).as("a retracted measurement stays listed").isEqualTo(2);
    }

    @Test
    void correctingOrRetractingASummedMeasurementSwapsOrTakesAwayItsContribution() {
        given(registered(),
                new IndicatorDefined(P, "surveyed", "People surveyed", "count", "measured", "sum", 0, 500, List.of(),
                        List.of()),
                new IndicatorMeasured(P, "surveyed", "s-1", LocalDate.parse("2024-02-10"), 100, "Gjilan", Map.of(), null),
                new IndicatorMeasured(P, "surveyed", "s-2", LocalDate.parse("2024-05-10"), 40, null, Map.of(), null));
        assertThat(progress("surveyed").achieved()).isEqualTo(140.0);

        given(new MeasurementCorrected(P, "surveyed", "s-1", LocalDate.parse("2024-04-10"), 10, "Kamenicë", Map.of(),
                null, "Counted in Kamenicë in April"));
        assertThat(progress("surveyed").achieved()).isEqualTo(50.0);
        assertThat(progress("surveyed").byMunicipality()).isEqualTo(Map.of("Kamenicë", 10.0, "(none)", 40.0));
        assertThat(progress("surveyed").byPeriod()).extracting(ProgressView.PeriodProgress::periodId,
                ProgressView.PeriodProgress::achieved).containsExactly(tuple("2024-Q2", 50.0));

        given(new MeasurementRetracted(P, "surveyed", "s-2", "Counted twice"));
        assertThat(progress("surveyed").achieved()).isEqualTo(10.0);
        assertThat(progress("surveyed").byMunicipality()).isEqualTo(Map.of("Kamenicë", 10.0));
    }

    @Test
    void aRetractedMeasurementCannotBeCorrectedOrRetractedAgain() {
        given(registered(),
                new IndicatorDefined(P, "surveyed", "People surveyed", "count", "measured", "sum", 0, 500, List.of(),
                        List.of()),
                new IndicatorMeasured(P, "surveyed", "s-1", LocalDate.parse("2024-02-10"), 100, null, Map.of(), null),
                new MeasurementRetracted(P, "surveyed", "s-1", "Counted twice"));
        assertThatThrownBy(() -> given(new MeasurementCorrected(P, "surveyed", "s-1", LocalDate.parse("2024-02-10"),
                10, null, Map.of(), null, "x"))).isInstanceOf(InapplicableEvent.class).hasMessageContaining("retracted");
        assertThatThrownBy(() -> given(new MeasurementRetracted(P, "surveyed", "s-9", "x")))
                .isInstanceOf(InapplicableEvent.class).hasMessageContaining("never recorded");
    }

    @Test
    void averagesAreExactDecimals() {
        given(registered(),
                new IndicatorDefined(P, "score", "Satisfaction", "score", "measured", "average", 0, 5, List.of(), List.of()),
                new IndicatorMeasured(P, "score", "m-1", LocalDate.parse("2024-03-01"), 0.1, null, Map.of(), null),
                new IndicatorMeasured(P, "score", "m-2", LocalDate.parse("2024-03-02"), 0.2, null, Map.of(), null));

        assertThat(progress("score").achieved()).isEqualTo(0.15);
    }

    /**
     * A latest value of nothing is no value: a period with a target but nothing measured in it (or by its end) says
     * how many contributions it holds, 0, so that its achieved 0 is not read as a measurement. An added-up
     * indicator's 0 in such a period is a real figure.
     */
    @Test
    void aPeriodInWhichNothingCountsSaysSoBesideTheZeroOfALatestIndicator() {
        given(registered(), outOfSchool(60, 10, List.of(new PeriodTarget("2024-Q1", 50),
                        new PeriodTarget("2024-Q2", 40), new PeriodTarget("2024-Q3", 30))),
                measured("m-1", "2024-05-10", 35), citizens(List.of(new PeriodTarget("2024-Q1", 25))),
                training("t-1", "2024-05-10", "Gjilan", Participants.total(20)));

        ProgressView progress = progress("out");
        assertThat(progress.byPeriod()).extracting(ProgressView.PeriodProgress::periodId,
                ProgressView.PeriodProgress::achieved, ProgressView.PeriodProgress::contributions,
                ProgressView.PeriodProgress::cumulative, ProgressView.PeriodProgress::contributionsByEnd)
                .containsExactly(
                        tuple("2024-Q1", 0.0, 0L, 0.0, 0L),
                        tuple("2024-Q2", 35.0, 1L, 35.0, 1L),
                        tuple("2024-Q3", 0.0, 0L, 35.0, 1L));
        var definition = summary.indicator("out").orElseThrow().definition();
        assertThat(progress.byPeriod()).extracting(p -> p.nothingMeasured(definition),
                p -> p.nothingMeasuredByEnd(definition)).containsExactly(
                tuple(true, true), tuple(false, false), tuple(true, false));

        var citizens = summary.indicator("citizens").orElseThrow().definition();
        assertThat(progress("citizens").byPeriod()).as("an added-up indicator's 0 is a figure")
                .extracting(ProgressView.PeriodProgress::periodId, ProgressView.PeriodProgress::contributions,
                        p -> p.nothingMeasured(citizens))
                .containsExactly(tuple("2024-Q1", 0L, false), tuple("2024-Q2", 1L, false));
    }

    /**
     * A latest or average indicator nobody has measured yet is no 0 % of the way, as a reduction's is not: no percent,
     * and the project's progress is that of its other indicators, not pulled down by it.
     */
    @Test
    void aLatestIndicatorWithNothingMeasuredYetHasNoPercentOfTargetAndLeavesTheProjectsProgressAlone() {
        given(registered(), outOfSchool(0, 20, List.of()), new IndicatorDefined(P, "people", "People", "count",
                "measured", "sum", 0, 10, List.of(), List.of()), new IndicatorMeasured(P, "people", "p-1",
                LocalDate.parse("2024-03-01"), 5, null, Map.of(), null));

        assertThat(progress("out").percentOfTarget()).isNull();
        assertThat(figures("2024-Q1", "2024-01-01", "2024-03-31")).isNull();
        assertThat(view().progress()).as("the summed indicator's 50 % alone").isEqualTo(50.0);
        assertThat(views.entry(summary).progress()).isEqualTo(50.0);

        given(measured("m-1", "2024-03-01", 5));
        assertThat(progress("out").percentOfTarget()).isEqualTo(25.0);
        assertThat(view().progress()).isEqualTo(37.5);
    }

    /**
     * Rounded half up in decimals, as docs/audit says and the verifier reckons it: 10.09 of 20 is exactly 50.45 %,
     * which binary floating point holds as 50.4499... and rounded down to 50.4; a reduction's way likewise.
     */
    @Test
    void aPercentOfTargetIsRoundedHalfUpAsItsDecimalsSayNotAsBinaryFloatingPointHoldsThem() {
        given(registered(), outOfSchool(0, 20, List.of()), measured("m-1", "2024-03-01", 10.09));

        assertThat(progress("out").percentOfTarget()).isEqualTo(50.5);
        assertThat(figures("2024-Q1", "2024-01-01", "2024-03-31")).isEqualTo(50.5);
        assertThat(views.entry(summary).indicators()).extracting(ProjectListEntry.IndicatorSummary::percentOfTarget)
                .containsExactly(50.5);
    }

    /** A reduction, the share of children out of school from 60 to 10: measured at 35, half the way is done. */
    @Test
    void aReductionsPercentOfTargetIsTheWayFromItsBaselineDownToItsTarget() {
        given(registered(), outOfSchool(60, 10, List.of()), measured("m-1", "2024-03-01", 35));

        assertThat(progress("out").percentOfTarget()).isEqualTo(50.0);
        assertThat(view().progress()).isEqualTo(50.0);
        assertThat(views.entry(summary).indicators()).extracting(ProjectListEntry.IndicatorSummary::percentOfTarget)
                .containsExactly(50.0);
        assertThat(views.entry(summary).progress()).isEqualTo(50.0);

        given(measured("m-2", "2024-06-01", 5));
        assertThat(progress("out").percentOfTarget()).as("beyond the target").isEqualTo(110.0);
        assertThat(view().progress()).as("capped like any other").isEqualTo(100.0);

        given(measured("m-3", "2024-09-01", 70));
        assertThat(progress("out").percentOfTarget()).as("worse than the baseline").isEqualTo(-20.0);
        assertThat(view().progress()).isEqualTo(0.0);
        assertThat(views.entry(summary).progress()).isEqualTo(0.0);
    }

    /** Nothing measured reads 0, which for a reduction would be past its target: it has no percent yet. */
    @Test
    void aReductionWithNothingMeasuredHasNoPercentAndTheProjectsProgressIsTheOtherIndicators() {
        given(registered(), reached(List.of()), outOfSchool(60, 10, List.of()),
                training("t-1", "2024-02-10", "Gjilan", Participants.total(500)));

        assertThat(progress("out").percentOfTarget()).isNull();
        assertThat(progress("citizens").percentOfTarget()).isEqualTo(50.0);
        assertThat(view().progress()).isEqualTo(50.0);
        assertThat(views.entry(summary).indicators()).extracting(ProjectListEntry.IndicatorSummary::indicatorId,
                ProjectListEntry.IndicatorSummary::percentOfTarget).containsExactly(tuple("citizens", 50.0),
                tuple("out", null));
        assertThat(views.entry(summary).progress()).isEqualTo(50.0);
    }

    /** A target of 0 below the baseline means "eliminate": the way down is the whole baseline. */
    @Test
    void aReductionToZeroIsMeasuredAgainstTheWholeBaseline() {
        given(registered(), outOfSchool(30, 0, List.of()), measured("m-1", "2024-03-01", 12));

        assertThat(progress("out").percentOfTarget()).isEqualTo(60.0);
        assertThat(view().progress()).isEqualTo(60.0);
    }

    /** The value by the period's end (the latest measurement) against the period's target, else the overall one. */
    @Test
    void aReductionsPeriodFiguresMeasureTheValueByThePeriodsEndAgainstThePeriodsTarget() {
        given(registered(), outOfSchool(60, 10, List.of(new PeriodTarget("2024-Q2", 40))),
                measured("m-1", "2024-02-15", 50), measured("m-2", "2024-05-15", 45));

        assertThat(figures("2024-Q1", "2024-01-01", "2024-03-31")).as("no period target").isEqualTo(20.0);
        assertThat(figures("2024-Q2", "2024-04-01", "2024-06-30")).isEqualTo(75.0);
        assertThat(figures("2024-Q3", "2024-07-01", "2024-09-30")).as("still 45 by its end").isEqualTo(30.0);
        assertThat(figures("2023-Q4", "2023-10-01", "2023-12-31")).as("nothing measured yet").isNull();
    }

    @Test
    void plannedActivitiesCountTheActivitiesThatImplementThem() {
        given(registered(), reached(List.of()),
                new ActivityPlanned(P, "hearings", "Budget hearings", "training-delivered", 4, List.of()),
                new TrainingDelivered(P, "t-1", "Hearing", LocalDate.parse("2024-02-10"), "Gjilan",
                        Participants.total(5), "hearings", List.of(), null, 1),
                new TrainingDelivered(P, "t-2", "Hearing", LocalDate.parse("2024-03-10"), "Gjilan",
                        Participants.total(5), "hearings", List.of(), null, 1),
                new ActivityRetracted(P, "t-1", "Duplicate"));

        assertThat(summary.plannedActivities()).extracting(PlannedActivity::implemented).containsExactly(1L);
    }

    @Test
    void anAmendmentKeepsWhatChangedBeforeAndAfter() {
        given(registered(), new ProjectDetailsAmended(P, "Participation in budgeting", null, null, null, null,
                List.of("Gjilan", "Kamenicë", "Viti"), null, "Third municipality joined"));

        assertThat(summary.details().title()).isEqualTo("Participation in budgeting");
        assertThat(summary.amendments()).hasSize(1);
        assertThat(summary.amendments().get(0).changes()).containsOnlyKeys("title", "municipalities");
        assertThat(summary.logframeAt(0, null).details().title()).as("before the amendment").isEqualTo("Participation");
        assertThat(summary.logframeAt(0, null).details().municipalities()).containsExactly("Gjilan", "Kamenicë");
    }

    /**
     * Registered without a summary or a general goal, a project amended to give them had none before: as known then,
     * they are absent, not the amendment's (a replay taken back from now showed the amended ones).
     */
    @Test
    void beforeAnAmendmentThatGaveWhatTheRegistrationLeftOutTheProjectHadNone() {
        given(registered(), new ProjectDetailsAmended(P, null, "Citizens choose investments", "More say", null, null,
                null, null, "Described at last"));

        assertThat(summary.details().summary()).isEqualTo("Citizens choose investments");
        // As stored and read back: an amendment's change from nothing keeps its key, without a value before.
        ProjectDetails before = DocumentMapper.fromDocument(DocumentMapper.toDocument(summary), ProjectSummary.class)
                .logframeAt(0, null).details();
        assertThat(before.summary()).as("before the amendment").isNull();
        assertThat(before.generalGoal()).as("before the amendment").isNull();
        assertThat(before.title()).isEqualTo("Participation");
    }

    @Test
    void anEventThatContradictsTheProjectIsRefusedNotGuessedAround() {
        given(registered(), reached(List.of()), training("t-1", "2024-02-10", "Gjilan", Participants.total(3)));

        assertThatThrownBy(() -> given(training("t-1", "2024-02-11", "Gjilan", Participants.total(3))))
                .isInstanceOf(InapplicableEvent.class).hasMessageContaining("already recorded");
        assertThatThrownBy(() -> given(new ActivityRetracted(P, "t-9", "No such")))
                .isInstanceOf(InapplicableEvent.class).hasMessageContaining("never recorded");
        assertThatThrownBy(() -> given(new IndicatorMeasured(P, "nothing", "m", LocalDate.parse("2024-02-10"), 1,
                null, Map.of(), null))).isInstanceOf(InapplicableEvent.class).hasMessageContaining("not defined");
    }

    @Test
    void aProjectsSummaryIsTheSameSizeAfterAThousandActivitiesAsAfterTen() {
        given(registered(), reached(List.of("sex")));
        for (int i = 0; i < 10; i++) {
            given(training("t-" + i, "2024-02-10", "Gjilan", Participants.bySex(10, 5, 5)));
        }
        int afterTen = DocumentMapper.toDocument(summary).toJson().length();
        for (int i = 10; i < 1000; i++) {
            given(training("t-" + i, "2024-02-10", "Gjilan", Participants.bySex(10, 5, 5)));
        }
        int afterThousand = DocumentMapper.toDocument(summary).toJson().length();
        // Only the counts' digits grow.
        assertThat(afterThousand).isLessThanOrEqualTo(afterTen + 200);
        assertThat(progress("citizens").achieved()).isEqualTo(10_000.0);
    }

    /**
     * A closure closes the project out, whatever its dates say, and changes no figure; a reopening opens it again
     * (ended, as its dates say) and keeps the closure it ended; a second closure closes it again. Each step read
     * back from the store as MongoDB would, and the project at each version, as a replay takes it, closed exactly
     * from its closure until its reopening.
     */
    @Test
    void aClosedProjectIsClosedUntilReopenedAndClosedAgainByANewClosure() {
        LocalDate day = LocalDate.of(2025, 3, 1);
        given(registered(), reached(List.of()), training("t-1", "2024-02-10", "Gjilan", Participants.total(20)));
        assertThat(views.view(summary, day, null, null, false).status()).isEqualTo(ProjectStatus.ENDED);

        given(new ProjectClosed(P, LocalDate.of(2024, 12, 31), List.of("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"),
                "Every quarter approved"));
        ProjectView closed = views.view(summary, day, null, null, true);
        assertThat(closed.status()).isEqualTo(ProjectStatus.CLOSED);
        assertThat(closed.closure()).isEqualTo(new ProjectView.Closed(3, summary.lastRecordedAt(),
                new ProjectView.By("recorder-test", "recorder", "test-org"), LocalDate.of(2024, 12, 31),
                List.of("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"), "Every quarter approved"));
        assertThat(views.view(summary, day, null, null, false).closure().by()).as("not for partners").isNull();
        assertThat(views.view(summary, LocalDate.of(2024, 6, 1), null, null, false).status())
                .as("closed, whatever the day says").isEqualTo(ProjectStatus.CLOSED);
        assertThat(closed.totals().activities()).isEqualTo(1);
        assertThat(closed.totals().participants().total()).isEqualTo(20);
        ProjectListEntry listed = ProjectViews.withStatus(views.entry(summary), day);
        assertThat(listed.status()).isEqualTo(ProjectStatus.CLOSED);
        assertThat(listed.closedAt()).isEqualTo(summary.lastRecordedAt());

        given(new ProjectReopened(P, "An invoice came in late"));
        ProjectView reopened = views.view(summary, day, null, null, true);
        assertThat(reopened.status()).isEqualTo(ProjectStatus.ENDED);
        assertThat(reopened.closure()).isNull();
        assertThat(ProjectViews.withStatus(views.entry(summary), day).closedAt()).isNull();
        assertThat(summary.closures()).singleElement().satisfies(c -> {
            assertThat(c.sequence()).isEqualTo(3);
            assertThat(c.reopened().sequence()).isEqualTo(4);
            assertThat(c.reopened().reason()).isEqualTo("An invoice came in late");
        });

        given(new ProjectClosed(P, LocalDate.of(2024, 12, 31), List.of(), null));
        ProjectView again = views.view(summary, day, null, null, true);
        assertThat(again.status()).isEqualTo(ProjectStatus.CLOSED);
        assertThat(again.closure().sequence()).isEqualTo(5);
        assertThat(again.closure().comment()).isNull();
        assertThat(again.closure().periodIds()).isEmpty();
        assertThat(summary.closures()).hasSize(2);

        // As a replay to a version, or as known at an instant, takes it.
        assertThat(closedAt(2)).as("before the closure").isNull();
        assertThat(closedAt(3)).isEqualTo(3L);
        assertThat(closedAt(4)).as("reopened").isNull();
        assertThat(closedAt(5)).isEqualTo(5L);
        java.time.Instant reopening = summary.closures().get(0).reopened().at();
        assertThat(summary.closedBy(reopening.minusMillis(1)).closure().sequence()).isEqualTo(3);
        assertThat(summary.closedBy(reopening).closure()).isNull();
        assertThat(summary.closedBy(summary.closures().get(0).at().minusMillis(1)).closures()).isEmpty();
        assertThat(summary.logframeAt(3, null).closures().get(0).reopened()).as("not reopened yet").isNull();
    }

    @Test
    void aClosureOfAClosedProjectOrAReopeningOfAnOpenOneContradictsItsHistory() {
        given(registered());
        assertThatThrownBy(() -> given(new ProjectReopened(P, "Why not")))
                .isInstanceOf(InapplicableEvent.class).hasMessageContaining("not closed");
        given(new ProjectClosed(P, LocalDate.of(2024, 12, 31), List.of(), null));
        assertThatThrownBy(() -> given(new ProjectClosed(P, LocalDate.of(2024, 12, 31), List.of(), null)))
                .isInstanceOf(InapplicableEvent.class).hasMessageContaining("already closed");
    }

    /** The sequence of the closure standing once the event at {@code version} had been applied, or null. */
    private Long closedAt(long version) {
        Closure closure = summary.logframeAt(version, null).closure();
        return closure == null ? null : closure.sequence();
    }

    // ------------------------------------------------------------------------------------------------------------

    private void given(ProjectEvent... events) {
        summary = project.apply(events).summary();
    }

    private ProgressView progress(String indicatorId) {
        return views.indicator(summary.indicator(indicatorId).orElseThrow()).progress();
    }

    private ProjectView view() {
        return views.view(summary, LocalDate.of(2024, 6, 1), null, null, false);
    }

    private static ProjectRegistered registered() {
        return new ProjectRegistered(P, "nopm", "NOPM", false, "Participation", null, null, null, null,
                List.of("Gjilan", "Kamenicë"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    }

    private static IndicatorDefined reached(List<String> dimensions) {
        return new IndicatorDefined(P, "citizens", "Citizens reached", "count", "participants", "sum", 0, 1000,
                List.of(new PeriodTarget("2024-Q1", 25)), dimensions);
    }

    private static IndicatorDefined kitsPerPlace(List<MunicipalityTarget> targets) {
        return new IndicatorDefined(P, "kits", "Kits distributed", "count", "items", "sum", 0, 400, List.of(),
                List.of("municipality"), targets);
    }

    private static IndicatorDefined citizens(List<PeriodTarget> targets) {
        return new IndicatorDefined(P, "citizens", "Citizens reached", "count", "participants", "sum", 0, 1000,
                targets, List.of());
    }

    /** The share of children out of school, in percent: a reduction when the target is below the baseline. */
    private static IndicatorDefined outOfSchool(double baseline, double target, List<PeriodTarget> targets) {
        return new IndicatorDefined(P, "out", "Children out of school", "percent", "measured", "latest", baseline,
                target, targets, List.of());
    }

    private static IndicatorMeasured measured(String id, String on, double value) {
        return new IndicatorMeasured(P, "out", id, LocalDate.parse(on), value, null, Map.of(), null);
    }

    private Double figures(String periodId, String start, String end) {
        return PeriodFigures.of(summary, periodId, LocalDate.parse(start), LocalDate.parse(end)).indicators().stream()
                .filter(i -> i.indicatorId().equals("out")).findFirst().orElseThrow().percentOfTarget();
    }

    static TrainingDelivered training(String id, String on, String municipality, Participants participants) {
        return new TrainingDelivered(P, id, "Workshop on participation", LocalDate.parse(on), municipality,
                participants, null, List.of("citizens"), null, 1);
    }

    private static TrainingDelivered trainingFor(String indicator, String id, String on, int people) {
        return new TrainingDelivered(P, id, "Workshop", LocalDate.parse(on), "Gjilan", Participants.total(people), null,
                List.of(indicator), null, 1);
    }

    private static MaterialsDistributed kits(String id, String on, String municipality, int quantity) {
        return new MaterialsDistributed(P, id, "Kits", LocalDate.parse(on), municipality, null, null, List.of("kits"),
                "Citizen Investment Kit", quantity);
    }

    private static ActivityCorrected correction(String id, TrainingDelivered corrected, String reason) {
        return new ActivityCorrected(P, id, "training-delivered", Received.data(corrected), reason);
    }
}
