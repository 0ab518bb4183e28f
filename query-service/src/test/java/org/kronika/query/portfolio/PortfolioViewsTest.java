package org.kronika.query.portfolio;

import org.junit.jupiter.api.Test;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.Participants;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.programme.Programme;
import org.kronika.query.report.OverdueReports;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.Tally;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PortfolioViewsTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 1, 1);
    /** No period is defined, so no report is owed. */
    private static final OverdueReports NOTHING_OVERDUE = new OverdueReports(List.of(), ids -> Map.of());
    private final PortfolioViews views = new PortfolioViews(Programme.ofContract());

    /** 10 online trainings and 5 in Ferizaj: 15 activities in the headline, and 15 in the places. */
    @Test
    void nationalLevelAndOnlineActivitiesAreAPlaceOfTheirOwnSoThePlacesAddUpToTheTotals() {
        PeriodTallies online = trainings(10);
        PeriodTallies ferizaj = trainings(5);
        ProgrammeAggregate aggregate = aggregate(online.plus(ferizaj, 1),
                Map.of("(none)", online.total(), "Ferizaj", ferizaj.total()));

        var view = views.portfolio(aggregate, Set.of("p-clubs", "p-of-another-organisation"), "organisation:kec", 0, 10,
                TODAY, NOTHING_OVERDUE);

        assertThat(view.totals().activities()).isEqualTo(15);
        assertThat(view.byMunicipality()).filteredOn(place -> place.activities() > 0)
                .extracting(PortfolioViews.PlaceTotals::municipality, PortfolioViews.PlaceTotals::country,
                        PortfolioViews.PlaceTotals::projects, PortfolioViews.PlaceTotals::activities,
                        PortfolioViews.PlaceTotals::participants)
                .containsExactly(tuple("Ferizaj", "XK", 1L, 5L, 20L), tuple("(none)", null, 1L, 10L, 40L));
        assertThat(view.byMunicipality().stream().mapToLong(PortfolioViews.PlaceTotals::activities).sum())
                .isEqualTo(view.totals().activities());
    }

    @Test
    void withNothingAtNationalLevelThePlacesAreTheProgrammesMunicipalitiesOnly() {
        PeriodTallies ferizaj = trainings(5);
        var view = views.portfolio(aggregate(ferizaj, Map.of("Ferizaj", ferizaj.total())), Set.of(), "programme", 0, 10, TODAY,
                NOTHING_OVERDUE);

        assertThat(view.byMunicipality()).extracting(PortfolioViews.PlaceTotals::municipality)
                .doesNotContain("(none)")
                .hasSize(Programme.ofContract().municipalities().size());
    }

    /**
     * A reduction from 60 to 10 now at 70 has gone the wrong way: 0 %, not the 100 % that 70/10 capped once ranked
     * it first; one with nothing measured has no progress yet and ranks last, not as done.
     */
    @Test
    void projectsReducingSomethingRankByHowFarTheyCameDownFromTheBaseline() {
        ProgrammeShare reaching = share("p-reaching", "Reaching", 0, 100,
                new TrainingDelivered("p-reaching", "t-1", "Workshop", LocalDate.parse("2024-02-10"), "Gjilan",
                        Participants.total(30), null, List.of("i"), null, 1));
        ProgrammeShare worse = share("p-worse", "Worse", 60, 10, new IndicatorMeasured("p-worse", "i", "m-1",
                LocalDate.parse("2024-03-01"), 70, null, Map.of(), null));
        ProgrammeShare halfway = share("p-halfway", "Halfway", 60, 10, new IndicatorMeasured("p-halfway", "i", "m-1",
                LocalDate.parse("2024-03-01"), 35, null, Map.of(), null));
        ProgrammeShare unmeasured = share("p-unmeasured", "Unmeasured", 60, 10);
        var members = new TreeMap<String, ProgrammeShare.Member>();
        for (ProgrammeShare share : List.of(reaching, worse, halfway, unmeasured)) {
            members.put(share.projectId(), share.member());
        }
        var aggregate = new ProgrammeAggregate("programme", 1, members, PeriodTallies.EMPTY, new TreeMap<>(), new TreeMap<>());

        assertThat(views.portfolio(aggregate, Set.of(), "programme", 0, 10, TODAY, NOTHING_OVERDUE)
                .ranking().items())
                .extracting(PortfolioViews.RankedProject::projectId, PortfolioViews.RankedProject::progress)
                .containsExactly(tuple("p-halfway", 50.0), tuple("p-reaching", 30.0), tuple("p-worse", 0.0),
                        tuple("p-unmeasured", null));
    }

    /** A project with one indicator, {@code i}, from {@code baseline} to {@code target}, and what it recorded. */
    private ProgrammeShare share(String projectId, String title, double baseline, double target,
                                 ProjectEvent... recorded) {
        var project = new FoldedProject(projectId, Programme.ofContract().periods()).apply(
                new ProjectRegistered(projectId, "kec", "KEC", false, title, null, null, null, null,
                        List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                new IndicatorDefined(projectId, "i", "Indicator", "count", target < baseline ? "measured"
                        : "participants", target < baseline ? "latest" : "sum", baseline, target, List.of(), List.of()));
        return ProgrammeShare.of(project.apply(recorded).summary());
    }

    private static ProgrammeAggregate aggregate(PeriodTallies totals, Map<String, Tally> places) {
        var member = new ProgrammeShare.Member(15, "Media clubs", "kec", "KEC", null, List.of("Ferizaj"),
                totals.total().activities(), totals.total().participants(), LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 12, 31), false);
        return new ProgrammeAggregate("programme|kec", 1, new TreeMap<>(Map.of("p-clubs", member)), totals,
                new TreeMap<>(places), new TreeMap<>());
    }

    private static PeriodTallies trainings(int count) {
        PeriodTallies tallies = PeriodTallies.EMPTY;
        for (int i = 0; i < count; i++) {
            tallies = tallies.add("2024-03", "training-delivered", Participants.total(4), 1);
        }
        return tallies;
    }
}
