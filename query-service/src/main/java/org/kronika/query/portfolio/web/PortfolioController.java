package org.kronika.query.portfolio.web;

import io.swagger.v3.oas.annotations.Operation;
import org.kronika.query.portfolio.PortfolioViews;
import org.kronika.query.web.ApiParameters;
import org.kronika.query.web.Parameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;


/**
 * The programme at a glance: totals across projects, per municipality and per period, and projects ranked by
 * progress. Everyone sees the figures of the projects they may see: a recorder, its own organisation's.
 */
@RestController
public class PortfolioController {

    /** What a ranked project's status and overdueReports say, as the project list and the reports list say it. */
    private static final String RANKED = "status as the project list names it (planned, active or ended by its "
            + "dates against today, closed from its closure until a reopening, whatever its dates) and overdueReports, "
            + "how many of its reports /api/reports?status=overdue lists today: periods it reports on that have ended "
            + "and are past their due date (a quarter of the programme file not yet defined: the file's daysToReport after its end), whose report is not in "
            + "(never submitted, reopened, or returned and not submitted again).";

    private static final String PAGE = "zero-based page of the ranking; past its last page, an empty one";
    private static final String SIZE = "ranked projects per page";

    private final VisiblePortfolio portfolio;

    public PortfolioController(VisiblePortfolio portfolio) {
        this.portfolio = portfolio;
    }

    @Operation(summary = "The programme: totals by activity type, sex, age band, community, municipality (with "
            + "(none) for national level and online, when anything was done there) and reporting period, and projects "
            + "ranked by progress against their targets (a page of the ranking)",
            description = "Each ranked project has its " + RANKED)
    @GetMapping("/api/portfolio")
    public PortfolioViews.PortfolioView portfolio(
            @ApiParameters.PageNumber(PAGE) @RequestParam(required = false) String page,
            @ApiParameters.PageSize(SIZE) @RequestParam(required = false) String size) {
        return portfolio.portfolio(Parameters.page(page), Parameters.pageSize(size));
    }

    @Operation(summary = "The programme per reporting period: activities and participants with their breakdowns")
    @GetMapping("/api/portfolio/timeseries")
    public PortfolioViews.ProgrammeSeries portfolioTimeSeries() {
        return portfolio.series();
    }

    @Operation(summary = "Every municipality of the programme with its projects, activities and participants",
            description = "A municipality's projects are those registered there or with activity there (one an "
                    + "amendment dropped keeps counting until its activities there are retracted or moved): the "
                    + "projects /api/projects?municipality= lists.")
    @GetMapping("/api/municipalities")
    public PortfolioViews.MunicipalityList municipalities() {
        return portfolio.municipalities();
    }

    @Operation(summary = "One municipality (any spelling the programme knows): what the projects active there did, "
            + "in total and per reporting period, and those projects ranked by progress as in the portfolio (a page "
            + "of the ranking)",
            description = "Each of its ranked projects has its " + RANKED)
    @GetMapping("/api/municipalities/{name}")
    public PortfolioViews.MunicipalityView municipality(
            @PathVariable String name,
            @ApiParameters.PageNumber(PAGE) @RequestParam(required = false) String page,
            @ApiParameters.PageSize(SIZE) @RequestParam(required = false) String size) {
        return portfolio.municipality(name, Parameters.page(page), Parameters.pageSize(size));
    }
}
