package org.kronika.query.portfolio;

import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.readmodel.Page;
import org.kronika.query.tally.PeriodView;
import org.kronika.query.tally.Tally;
import org.kronika.query.tally.TallyView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shows the programme's aggregates: the portfolio, the municipalities, their time series. */
public final class PortfolioViews {

    /**
     * @param scope          {@code programme}, or the one organisation the caller may see
     * @param projects       projects in the scope
     * @param byMunicipality activities and participants per municipality, every municipality of the programme, then
     *                       national level and online ({@code (none)}) if anything was done there, so the places
     *                       add up to the totals
     * @param byPeriod       one point per reporting period
     * @param ranking        projects by progress against their targets, best first; those without any yet last
     *                       (no target, or only reductions with nothing measured)
     */
    public record PortfolioView(String scope, long projects, TallyView totals, List<PlaceTotals> byMunicipality,
                                List<PeriodView> byPeriod, Page<RankedProject> ranking) {
    }

    /**
     * @param municipality a municipality of the programme, or {@code (none)} for national level and online
     * @param country      the municipality's country; {@code null} for {@code (none)}
     */
    public record PlaceTotals(String municipality, String country, long projects, long activities, long participants) {
    }

    /**
     * A project's line: progress 0 to 100 (null without any, see
     * {@link org.kronika.query.project.ProjectSummary#progress}), and what it did in the scope.
     */
    public record RankedProject(String projectId, String title, String organisationId, String organisation,
                                Double progress, long activities, long participants) {
    }

    /**
     * @param projects every project registered there or active there, best progress first
     */
    public record MunicipalityView(String municipality, String country, String scope, TallyView totals,
                                   List<PeriodView> byPeriod, List<RankedProject> projects) {
    }

    private final Programme programme;
    private final ReportingPeriods periods;

    public PortfolioViews(Programme programme) {
        this(programme, programme.periods());
    }

    private PortfolioViews(Programme programme, ReportingPeriods periods) {
        this.programme = programme;
        this.periods = periods;
    }

    /** The same views over the programme's calendar as its stream defined it so far, as the projects' views use. */
    public PortfolioViews over(ReportingPeriods defined) {
        return new PortfolioViews(programme, defined);
    }

    /**
     * @param national the projects with anything done at national level or online, of every scope: those of the
     *                 aggregate are the national row's projects (a member names only the municipalities it works in)
     */
    public PortfolioView portfolio(ProgrammeAggregate aggregate, Set<String> national, String scope, int page,
                                   int size) {
        List<RankedProject> ranked = ranking(aggregate);
        int from = Math.min(ranked.size(), page * size);
        List<PlaceTotals> places = new ArrayList<>();
        for (Programme.Municipality municipality : programme.municipalities()) {
            Tally there = aggregate.byMunicipality().getOrDefault(municipality.name(), Tally.EMPTY);
            long projects = aggregate.members().values().stream()
                    .filter(m -> m.municipalities().contains(municipality.name())).count();
            places.add(new PlaceTotals(municipality.name(), municipality.country(), projects, there.activities(),
                    there.participants()));
        }
        Tally nationally = aggregate.byMunicipality().get(IndicatorProgress.NATIONAL);
        if (nationally != null && !nationally.isEmpty()) {
            places.add(new PlaceTotals(IndicatorProgress.NATIONAL, null,
                    national.stream().filter(aggregate.members()::containsKey).count(), nationally.activities(),
                    nationally.participants()));
        }
        return new PortfolioView(scope, aggregate.members().size(), TallyView.of(aggregate.totals().total()), places,
                PeriodView.series(aggregate.totals(), periods),
                Page.of(ranked.subList(from, Math.min(ranked.size(), from + size)), page, size, ranked.size()));
    }

    public List<PeriodView> series(ProgrammeAggregate aggregate) {
        return PeriodView.series(aggregate.totals(), periods);
    }

    public MunicipalityView municipality(Programme.Municipality municipality, ProgrammeAggregate aggregate,
                                         String scope) {
        return new MunicipalityView(municipality.name(), municipality.country(), scope,
                TallyView.of(aggregate.totals().total()), PeriodView.series(aggregate.totals(), periods),
                ranking(aggregate));
    }

    private static List<RankedProject> ranking(ProgrammeAggregate aggregate) {
        List<RankedProject> ranked = new ArrayList<>();
        for (Map.Entry<String, ProgrammeShare.Member> entry : aggregate.members().entrySet()) {
            ProgrammeShare.Member m = entry.getValue();
            ranked.add(new RankedProject(entry.getKey(), m.title(), m.organisationId(), m.organisation(), m.progress(),
                    m.activities(), m.participants()));
        }
        ranked.sort(Comparator.comparing(RankedProject::progress, Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(RankedProject::title).thenComparing(RankedProject::projectId));
        return ranked;
    }

    public Programme programme() {
        return programme;
    }
}
