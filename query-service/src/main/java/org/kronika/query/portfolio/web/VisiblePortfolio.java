package org.kronika.query.portfolio.web;

import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.portfolio.PortfolioViews;
import org.kronika.query.portfolio.ProgrammeAggregate;
import org.kronika.query.portfolio.ProgrammeAggregates;
import org.kronika.query.portfolio.RecentAggregates;
import org.kronika.query.portfolio.Scope;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.Tally;
import org.kronika.query.web.Callers;
import org.kronika.query.web.LiveReadModels;
import org.kronika.query.web.NotFound;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.List;

/**
 * The programme's figures as the caller may see them: everyone sees the figures of the projects they may see, a
 * recorder its own organisation's. The API and the dashboards read them here alike.
 */
@Component
public class VisiblePortfolio {

    private final Generations generations;
    private final PortfolioViews views;
    private final VisibleProjects projects;
    private final RecentAggregates aggregates;
    private final java.time.Clock clock;

    public VisiblePortfolio(Generations generations, PortfolioViews views, VisibleProjects projects,
                            java.time.Clock clock) {
        this.generations = generations;
        this.views = views;
        this.projects = projects;
        this.aggregates = new RecentAggregates(generations, clock);
        this.clock = clock;
    }

    public PortfolioViews.PortfolioView portfolio(int page, int size) {
        String organisation = Callers.visibleOrganisation();
        Generation live = LiveReadModels.of(generations);
        ProgrammeAggregate aggregate = aggregate(live, Scope.programme(organisation));
        List<DefinedPeriod> defined = projects.defined(live);
        return views(defined).portfolio(aggregate, national(live, aggregate), scope(organisation), page, size, today(),
                projects.overdueReports(live, defined));
    }

    /**
     * The portfolio's figures without its ranking, for what shows no ranked project (the dashboard's portfolio page,
     * the list of municipalities): no member is ranked and no report read.
     */
    public PortfolioViews.PortfolioTotals totals() {
        Generation live = LiveReadModels.of(generations);
        return totals(live, projects.defined(live));
    }

    /** The same over the programme's calendar as a request that also counts overdue reports over it read it. */
    public PortfolioViews.PortfolioTotals totals(Generation live, List<DefinedPeriod> defined) {
        String organisation = Callers.visibleOrganisation();
        ProgrammeAggregate aggregate = aggregate(live, Scope.programme(organisation));
        return views(defined).totals(aggregate, national(live, aggregate), scope(organisation));
    }

    /** The municipalities of the programme with their figures: the portfolio's places without national level. */
    public PortfolioViews.MunicipalityList municipalities() {
        PortfolioViews.PortfolioTotals totals = totals();
        return new PortfolioViews.MunicipalityList(totals.scope(), totals.byMunicipality().stream()
                .filter(place -> !IndicatorProgress.NATIONAL.equals(place.municipality())).toList());
    }

    public PortfolioViews.ProgrammeSeries series() {
        String organisation = Callers.visibleOrganisation();
        Generation live = LiveReadModels.of(generations);
        return views(projects.defined(live)).series(aggregate(live, Scope.programme(organisation)), scope(organisation));
    }

    /**
     * A municipality with one page of its projects, for the API and the dashboard's page alike: the overdue reports
     * of those alone are read.
     *
     * @param name any spelling the programme knows
     */
    public PortfolioViews.MunicipalityView municipality(String name, int page, int size) {
        Programme.Municipality municipality = municipalityNamed(name);
        String organisation = Callers.visibleOrganisation();
        Generation live = LiveReadModels.of(generations);
        List<DefinedPeriod> defined = projects.defined(live);
        return views(defined).municipality(municipality, aggregate(live, Scope.municipality(municipality.name(),
                organisation)), scope(organisation), page, size, today(), projects.overdueReports(live, defined));
    }

    public Programme.Municipality municipalityNamed(String name) {
        // A path names one thing or none: a name of two is no municipality to show, and the answer says which to use.
        views.programme().ambiguity(name).ifPresent(ambiguity -> {
            throw new NotFound("Ambiguous municipality", ambiguity.why());
        });
        return views.programme().municipality(name).orElseThrow(() ->
                new NotFound("Unknown municipality", views.programme().unknown(name)));
    }

    /** The aggregate of a scope as the caller may see it: its organisation's share only, for a recorder. */
    public ProgrammeAggregate aggregate(String municipality) {
        String organisation = Callers.visibleOrganisation();
        return aggregate(municipality == null ? Scope.programme(organisation)
                : Scope.municipality(municipality, organisation));
    }

    /**
     * Each of the visible aggregate's projects' tally in one place ({@code null} for everywhere, {@code (none)} for
     * national level) and period ({@code null} for all time): the few cells of its months, whatever the number of
     * projects' history. The cells hold every project's line; only the aggregate's members, what the caller may see,
     * are answered.
     */
    public java.util.Map<String, Tally> cells(ProgrammeAggregate visible, String municipality,
                                             Programme.Period period) {
        java.util.Map<String, Tally> all = ProgrammeAggregates.of(generations, LiveReadModels.of(generations))
                .byProject(municipality, period);
        all.keySet().retainAll(visible.members().keySet());
        return all;
    }

    public Programme programme() {
        return views.programme();
    }

    private ProgrammeAggregate aggregate(Scope scope) {
        return aggregate(LiveReadModels.of(generations), scope);
    }

    /**
     * Periods as the projects' views compose them, over the programme's calendar as read once for the request (which
     * may also count overdue reports over it).
     */
    private PortfolioViews views(List<DefinedPeriod> defined) {
        return views.over(ProgrammeCalendar.of(projects.programme(), defined));
    }

    /** Who worked at national level is read from its one all-time cell, and only when anyone did. */
    private java.util.Set<String> national(Generation live, ProgrammeAggregate aggregate) {
        return aggregate.byMunicipality().containsKey(IndicatorProgress.NATIONAL)
                ? ProgrammeAggregates.of(generations, live).byProject(IndicatorProgress.NATIONAL, null).keySet()
                : java.util.Set.of();
    }

    private ProgrammeAggregate aggregate(Generation live, Scope scope) {
        return aggregates.find(live, scope)
                .orElseGet(() -> new ProgrammeAggregate(scope.id(), 0, Collections.emptySortedMap(), PeriodTallies.EMPTY,
                        Collections.emptySortedMap(), Collections.emptySortedMap()));
    }

    /** The programme's day, by which a project's status and its reports' being overdue are read. */
    private java.time.LocalDate today() {
        return java.time.LocalDate.now(clock.withZone(views.programme().timeZone()));
    }

    /** Whose figures the caller is shown: {@code programme}, or {@code organisation:<id>} for a recorder. */
    public static String visibleScope() {
        return scope(Callers.visibleOrganisation());
    }

    private static String scope(String organisation) {
        return organisation == null ? "programme" : "organisation:" + organisation;
    }
}
