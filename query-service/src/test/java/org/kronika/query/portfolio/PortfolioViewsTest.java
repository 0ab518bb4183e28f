package org.kronika.query.portfolio;

import org.junit.jupiter.api.Test;
import org.kronika.events.Participants;
import org.kronika.query.programme.Programme;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.Tally;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PortfolioViewsTest {

    private final PortfolioViews views = new PortfolioViews(Programme.ofContract());

    /** 10 online trainings and 5 in Ferizaj: 15 activities in the headline, and 15 in the places. */
    @Test
    void nationalLevelAndOnlineActivitiesAreAPlaceOfTheirOwnSoThePlacesAddUpToTheTotals() {
        PeriodTallies online = trainings(10);
        PeriodTallies ferizaj = trainings(5);
        ProgrammeAggregate aggregate = aggregate(online.plus(ferizaj, 1),
                Map.of("(none)", online.total(), "Ferizaj", ferizaj.total()));

        var view = views.portfolio(aggregate, Set.of("p-clubs", "p-of-another-organisation"), "organisation:kec", 0, 10);

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
        var view = views.portfolio(aggregate(ferizaj, Map.of("Ferizaj", ferizaj.total())), Set.of(), "programme", 0, 10);

        assertThat(view.byMunicipality()).extracting(PortfolioViews.PlaceTotals::municipality)
                .doesNotContain("(none)")
                .hasSize(Programme.ofContract().municipalities().size());
    }

    private static ProgrammeAggregate aggregate(PeriodTallies totals, Map<String, Tally> places) {
        var member = new ProgrammeShare.Member(15, "Media clubs", "kec", "KEC", null, List.of("Ferizaj"),
                totals.total().activities(), totals.total().participants());
        return new ProgrammeAggregate("programme|kec", 1, new TreeMap<>(Map.of("p-clubs", member)), totals,
                new TreeMap<>(places));
    }

    private static PeriodTallies trainings(int count) {
        PeriodTallies tallies = PeriodTallies.EMPTY;
        for (int i = 0; i < count; i++) {
            tallies = tallies.add("2024-03", "training-delivered", Participants.total(4), 1);
        }
        return tallies;
    }
}
