package org.kronika.query.dashboard.web;

import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.dashboard.Breakdown;
import org.kronika.query.dashboard.Breakdowns;
import org.kronika.query.dashboard.Chart;
import org.kronika.query.dashboard.Pager;
import org.kronika.query.dashboard.ProgrammeTrace;
import org.kronika.query.dashboard.TraceLinks;
import org.kronika.query.i18n.Formats;
import org.kronika.query.portfolio.PortfolioViews;
import org.kronika.query.portfolio.ProgrammeAggregate;
import org.kronika.query.portfolio.web.VisiblePortfolio;
import org.kronika.query.project.ProjectFilter;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.report.OverdueReports;
import org.kronika.query.tally.TallyView;
import org.kronika.query.trace.Figure;
import org.kronika.query.trace.web.VisibleTraces;
import org.kronika.query.web.Callers;
import org.kronika.query.web.Parameters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The programme at a glance, and any of its figures broken down into the projects that make it. */
@Controller
class PortfolioPage {

    static final int PROJECTS_PER_PAGE = 20;

    private final VisiblePortfolio portfolio;
    private final VisibleProjects projects;
    private final VisibleTraces traces;
    private final Clock clock;

    PortfolioPage(VisiblePortfolio portfolio, VisibleProjects projects, VisibleTraces traces, Clock clock) {
        this.portfolio = portfolio;
        this.projects = projects;
        this.traces = traces;
        this.clock = clock;
    }

    @GetMapping("/")
    String root() {
        return "redirect:/dashboard";
    }

    @GetMapping("/dashboard")
    String portfolio(@RequestParam(required = false) String page, @ModelAttribute("fmt") Formats fmt, Model model) {
        int pageNumber = Parameters.page(page);
        Generation live = projects.live();
        // The calendar is read once, for the figures' periods and the overdue reports alike.
        List<DefinedPeriod> defined = projects.defined(live);
        PortfolioViews.PortfolioTotals view = portfolio.totals(live, defined);
        LocalDate today = LocalDate.now(clock);
        var list = projects.summaries(live).list(new ProjectFilter(Callers.visibleOrganisation(), null, null, null,
                null, today), pageNumber, PROJECTS_PER_PAGE, fmt.locale());
        // Read for the page's projects alone, on the day their statuses are read.
        Map<String, Long> overdue = projects.overdueReports(live, defined).count(list.items().stream()
                .map(p -> new OverdueReports.Owing(p.projectId(), p.startDate(), p.endDate(), p.closedAt() != null))
                .toList(), today);
        Breakdowns tables = new Breakdowns(portfolio.programme(), fmt, Figure.whole(), TraceLinks::programme);
        TallyView totals = view.totals();
        Map<String, long[]> places = new LinkedHashMap<>();
        view.byMunicipality().stream().filter(p -> p.projects() > 0 || p.activities() > 0)
                .forEach(p -> places.put(p.municipality(), new long[]{p.activities(), p.participants()}));
        Breakdown periods = tables.periods(view.byPeriod());
        Breakdown sex = tables.participants("sex", totals.participants().bySex(), totals.participants().total());
        model.addAttribute("portfolio", view);
        model.addAttribute("organisationName", projects.visibleOrganisationName(live));
        model.addAttribute("projects", list);
        model.addAttribute("overdue", overdue);
        model.addAttribute("pager", Pager.of(list, TraceLinks.pageOf("/dashboard")));
        model.addAttribute("totalsTrace", TraceLinks.programme(Figure.whole()));
        model.addAttribute("tables", List.of(periods, sex,
                tables.participants("ageBand", totals.participants().byAgeBand(), totals.participants().total()),
                tables.participants("community", totals.participants().byCommunity(), totals.participants().total()),
                tables.types(totals.byType()), tables.places(places, TraceLinks::municipality)));
        model.addAttribute("charts", Map.of("period", Chart.bars(periods, List.of(Breakdowns.ACTIVITIES,
                Breakdowns.PARTICIPANTS)), "sex", Chart.bars(sex, List.of(Breakdowns.PARTICIPANTS))));
        return "dashboard/portfolio";
    }

    /** A figure of the programme (or of one municipality) as the projects it adds up. */
    @GetMapping("/dashboard/trace")
    String trace(@RequestParam(required = false) String period, @RequestParam(required = false) String municipality,
                 @RequestParam(required = false) String category, @RequestParam(required = false) String page,
                 Model model) {
        Figure figure = traces.figure(null, period, municipality, category);
        ProgrammeAggregate aggregate = portfolio.aggregate(
                figure.municipality() == null || figure.municipality().equals("(none)") ? null : figure.municipality());
        var live = projects.live();
        var cells = portfolio.cells(aggregate, figure.municipality(),
                figure.period() == null ? null : projects.periods(live).range(figure.period()));
        ProgrammeTrace trace = ProgrammeTrace.of(figure, aggregate.members(), cells,
                Parameters.page(page));
        model.addAttribute("trace", trace);
        // Its totals are the caller's organisation's alone for a recorder: said as the portfolio says it.
        model.addAttribute("scope", VisiblePortfolio.visibleScope());
        model.addAttribute("organisationName", projects.visibleOrganisationName(live));
        model.addAttribute("pager", Pager.of(trace.lines(), TraceLinks.pageOf(TraceLinks.programme(figure))));
        return "dashboard/programme-trace";
    }
}
