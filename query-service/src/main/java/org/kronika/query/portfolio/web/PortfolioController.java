package org.kronika.query.portfolio.web;

import io.swagger.v3.oas.annotations.Operation;
import org.kronika.query.portfolio.PortfolioViews;
import org.kronika.query.portfolio.ProgrammeAggregate;
import org.kronika.query.portfolio.RecentAggregates;
import org.kronika.query.portfolio.Scope;
import org.kronika.query.programme.Programme;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.Page;
import org.kronika.query.tally.PeriodView;
import org.kronika.query.web.Callers;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.LiveReadModels;
import org.kronika.query.web.Parameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * The programme at a glance: totals across projects, per municipality and per period, and projects ranked by
 * progress. Everyone sees the figures of the projects they may see: a recorder, its own organisation's.
 */
@RestController
public class PortfolioController {

    private final Generations generations;
    private final PortfolioViews views;
    private final RecentAggregates aggregates;

    public PortfolioController(Generations generations, PortfolioViews views, java.time.Clock clock) {
        this.generations = generations;
        this.views = views;
        this.aggregates = new RecentAggregates(generations, clock);
    }

    @Operation(summary = "The programme: totals by activity type, sex, age band, community, municipality and "
            + "reporting period, and projects ranked by progress against their targets (a page of the ranking)")
    @GetMapping("/api/portfolio")
    public PortfolioViews.PortfolioView portfolio(@RequestParam(required = false) String page,
                                                  @RequestParam(required = false) String size) {
        int pageNumber = Parameters.bounded("page", page, 0, 0, 1_000_000);
        int pageSize = Parameters.bounded("size", size, 50, 1, Page.MAX_SIZE);
        String organisation = Callers.visibleOrganisation();
        return views.portfolio(aggregate(Scope.programme(organisation)), scope(organisation), pageNumber, pageSize);
    }

    @Operation(summary = "The programme per reporting period: activities and participants with their breakdowns")
    @GetMapping("/api/portfolio/timeseries")
    public List<PeriodView> timeSeries() {
        return views.series(aggregate(Scope.programme(Callers.visibleOrganisation())));
    }

    @Operation(summary = "Every municipality of the programme with its projects, activities and participants")
    @GetMapping("/api/municipalities")
    public List<PortfolioViews.PlaceTotals> municipalities() {
        String organisation = Callers.visibleOrganisation();
        return views.portfolio(aggregate(Scope.programme(organisation)), scope(organisation), 0, 1).byMunicipality();
    }

    @Operation(summary = "One municipality (any spelling the programme knows): the projects active there and what "
            + "they did, in total and per reporting period")
    @GetMapping("/api/municipalities/{name}")
    public PortfolioViews.MunicipalityView municipality(@PathVariable String name) {
        Programme.Municipality municipality = views.programme().municipality(name).orElseThrow(() ->
                new NotFound("Unknown municipality", "'" + name + "' is not a municipality of the programme"));
        String organisation = Callers.visibleOrganisation();
        return views.municipality(municipality, aggregate(Scope.municipality(municipality.name(), organisation)),
                scope(organisation));
    }

    private ProgrammeAggregate aggregate(Scope scope) {
        Generation live = LiveReadModels.of(generations);
        return aggregates.find(live, scope)
                .orElseGet(() -> emptyAggregate(scope));
    }

    private static ProgrammeAggregate emptyAggregate(Scope scope) {
        return new ProgrammeAggregate(scope.id(), 0, java.util.Collections.emptySortedMap(),
                org.kronika.query.tally.PeriodTallies.EMPTY, java.util.Collections.emptySortedMap());
    }

    private static String scope(String organisation) {
        return organisation == null ? "programme" : "organisation:" + organisation;
    }
}
