package org.kronika.query.portfolio;

import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.readmodel.Page;
import org.kronika.query.report.OverdueReports;
import org.kronika.query.tally.PeriodView;
import org.kronika.query.tally.Tally;
import org.kronika.query.tally.TallyView;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Shows the programme's aggregates: the portfolio, the municipalities, their time series. */
public final class PortfolioViews {

    /**
     * The programme's figures without its ranking: what the dashboard's portfolio page and the list of municipalities
     * show, which neither ranks the projects nor reads any overdue report.
     *
     * @param scope          {@code programme}, or the one organisation the caller may see
     * @param projects       projects in the scope
     * @param byMunicipality activities and participants per municipality, every municipality of the programme, then
     *                       national level and online ({@code (none)}) if anything was done there, so the places
     *                       add up to the totals
     * @param byPeriod       one point per reporting period
     */
    public record PortfolioTotals(String scope, long projects, TallyView totals, List<PlaceTotals> byMunicipality,
                                  List<PeriodView> byPeriod) {
    }

    /**
     * The programme's figures ({@link PortfolioTotals}) with a page of its projects ranked.
     *
     * @param ranking projects by progress against their targets, best first; those without any yet last (no target,
     *                or only reductions with nothing measured)
     */
    public record PortfolioView(String scope, long projects, TallyView totals, List<PlaceTotals> byMunicipality,
                                List<PeriodView> byPeriod, Page<RankedProject> ranking) {
    }

    /**
     * The programme per reporting period, as the caller may see it.
     *
     * @param scope    {@code programme}, or the one organisation the caller may see, whose share alone is counted
     * @param byPeriod one point per reporting period, as the portfolio's
     */
    public record ProgrammeSeries(String scope, List<PeriodView> byPeriod) {
    }

    /**
     * The programme's municipalities, as the caller may see them: the portfolio's places without national level.
     *
     * @param scope {@code programme}, or the one organisation the caller may see, whose share alone is counted
     */
    public record MunicipalityList(String scope, List<PlaceTotals> municipalities) {
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
     *
     * @param status         as the project list names it: {@code closed} from its closure until a reopening,
     *                       otherwise {@code planned}, {@code active} or {@code ended} by its dates against today
     * @param overdueReports how many of its reports are overdue today, as {@code /api/reports?status=overdue} lists
     *                       them: of periods that have ended and are past their due date, not in
     */
    public record RankedProject(String projectId, String title, String organisationId, String organisation,
                                String status, Double progress, long activities, long participants,
                                long overdueReports) {
    }

    /**
     * A municipality with one page of its projects: a municipality may have hundreds, and only the projects of the
     * page have their overdue reports read.
     *
     * @param ranking every project registered there or active there, ranked as the portfolio's (named alike, so that
     *                {@code projects} is a count wherever the portfolio's answers say it)
     */
    public record MunicipalityView(String municipality, String country, String scope, TallyView totals,
                                   List<PeriodView> byPeriod, Page<RankedProject> ranking) {
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
                                   int size, LocalDate today, OverdueReports overdue) {
        PortfolioTotals figures = totals(aggregate, national, scope);
        return new PortfolioView(figures.scope(), figures.projects(), figures.totals(), figures.byMunicipality(),
                figures.byPeriod(), ranking(aggregate, page, size, today, overdue));
    }

    /** The portfolio's figures alone: no member is ranked, no report read. */
    public PortfolioTotals totals(ProgrammeAggregate aggregate, Set<String> national, String scope) {
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
        return new PortfolioTotals(scope, aggregate.members().size(), TallyView.of(aggregate.totals().total()), places,
                PeriodView.series(aggregate.totals(), periods));
    }

    public ProgrammeSeries series(ProgrammeAggregate aggregate, String scope) {
        return new ProgrammeSeries(scope, PeriodView.series(aggregate.totals(), periods));
    }

    public MunicipalityView municipality(Programme.Municipality municipality, ProgrammeAggregate aggregate,
                                         String scope, int page, int size, LocalDate today, OverdueReports overdue) {
        return new MunicipalityView(municipality.name(), municipality.country(), scope,
                TallyView.of(aggregate.totals().total()), PeriodView.series(aggregate.totals(), periods),
                ranking(aggregate, page, size, today, overdue));
    }

    /**
     * A page of the scope's projects, best progress first, those without any last; each with its status on
     * {@code today} and its reports overdue then, read for the page's projects alone.
     */
    private static Page<RankedProject> ranking(ProgrammeAggregate aggregate, int page, int size, LocalDate today,
                                               OverdueReports overdue) {
        List<Map.Entry<String, ProgrammeShare.Member>> ranked = new ArrayList<>(aggregate.members().entrySet());
        ranked.sort(Comparator.comparing((Map.Entry<String, ProgrammeShare.Member> line) -> line.getValue().progress(),
                        Comparator.nullsLast(Comparator.reverseOrder()))
                .thenComparing(line -> line.getValue().title()).thenComparing(Map.Entry::getKey));
        int from = (int) Math.min(ranked.size(), (long) page * size);
        List<Map.Entry<String, ProgrammeShare.Member>> shown = ranked.subList(from,
                (int) Math.min(ranked.size(), (long) from + size));
        Map<String, Long> late = overdue.count(shown.stream().map(line -> new OverdueReports.Owing(line.getKey(),
                line.getValue().startDate(), line.getValue().endDate(), line.getValue().closed())).toList(), today);
        List<RankedProject> items = new ArrayList<>(shown.size());
        for (Map.Entry<String, ProgrammeShare.Member> line : shown) {
            ProgrammeShare.Member m = line.getValue();
            items.add(new RankedProject(line.getKey(), m.title(), m.organisationId(), m.organisation(),
                    m.status(today), m.progress(), m.activities(), m.participants(),
                    late.getOrDefault(line.getKey(), 0L)));
        }
        return Page.of(items, page, size, ranked.size());
    }

    public Programme programme() {
        return programme;
    }
}
