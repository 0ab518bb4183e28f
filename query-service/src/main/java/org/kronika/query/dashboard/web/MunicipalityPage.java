package org.kronika.query.dashboard.web;

import jakarta.servlet.http.HttpServletResponse;
import org.kronika.query.dashboard.Breakdown;
import org.kronika.query.dashboard.Breakdowns;
import org.kronika.query.dashboard.Chart;
import org.kronika.query.dashboard.Pager;
import org.kronika.query.dashboard.TraceLinks;
import org.kronika.query.i18n.Formats;
import org.kronika.query.indicator.TargetThere;
import org.kronika.query.portfolio.PortfolioViews;
import org.kronika.query.portfolio.web.VisiblePortfolio;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Page;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.PeriodView;
import org.kronika.query.tally.Tally;
import org.kronika.query.trace.Figure;
import org.kronika.query.web.Parameters;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.List;
import java.util.Map;

/** One municipality: the projects active there and what they did, in all and per reporting period. */
@Controller
class MunicipalityPage {

    private final VisiblePortfolio portfolio;
    private final VisibleProjects projects;

    MunicipalityPage(VisiblePortfolio portfolio, VisibleProjects projects) {
        this.portfolio = portfolio;
        this.projects = projects;
    }

    /**
     * A project's line: what it did there in each period that has figures.
     *
     * @param byPeriod activities and participants per period id, for the periods of the page
     * @param targets  its indicators' targets in the municipality, with what was achieved there; empty for none
     */
    record ProjectLine(PortfolioViews.RankedProject project, Map<String, Tally> byPeriod,
                       List<TargetThere> targets) {

        /**
         * Its tally in a period, or null where it did nothing there: for the page, whose {@code byPeriod[id]} would
         * look up the key "id" itself (SpEL reads a bare name in brackets as a literal key), never the period.
         */
        public Tally in(String periodId) {
            return byPeriod.get(periodId);
        }
    }

    /** A project's tally in each listed period, composed from its months. */
    private static Map<String, Tally> byPeriod(PeriodTallies tallies, List<PeriodView> periods) {
        Map<String, Tally> composed = new java.util.HashMap<>();
        for (PeriodView period : periods) {
            Tally tally = tallies.in(new org.kronika.query.programme.Programme.Period(period.periodId(),
                    period.start(), period.end()));
            if (!tally.isEmpty()) {
                composed.put(period.periodId(), tally);
            }
        }
        return composed;
    }

    /**
     * A name of more than one municipality ("Mitrovica") is answered with them to choose from, as 300 Multiple
     * Choices (RFC 9110, 15.4.1: alternatives, each with its own address, for the reader to select): the name is
     * one the programme knows, so not "no such page" as a 404 would say, and with no Location, since neither is
     * preferred, a browser shows the choices rather than follow one. The API answers 404 naming them.
     */
    @GetMapping("/dashboard/municipalities/{name}")
    String municipality(@PathVariable String name, @RequestParam(required = false) String page,
                        @ModelAttribute("fmt") Formats fmt, Model model, HttpServletResponse response) {
        var ambiguity = portfolio.programme().ambiguity(name);
        if (ambiguity.isPresent()) {
            response.setStatus(HttpStatus.MULTIPLE_CHOICES.value());
            model.addAttribute("status", HttpStatus.MULTIPLE_CHOICES.value());
            return MunicipalityChoices.page(model, ambiguity.get(), null, TraceLinks::municipality);
        }
        int pageNumber = Parameters.page(page);
        // A page of its projects at a time: a municipality may have hundreds, each with a line per period.
        PortfolioViews.MunicipalityView view = portfolio.municipality(name, pageNumber,
                PortfolioPage.PROJECTS_PER_PAGE);
        Page<PortfolioViews.RankedProject> shown = view.ranking();
        Breakdowns tables = new Breakdowns(portfolio.programme(), fmt, Figure.whole().withMunicipality(view.municipality()),
                TraceLinks::programme);
        List<PeriodView> active = view.byPeriod().stream().filter(p -> p.tally().activities() > 0
                || p.tally().participants().total() > 0).toList();
        Breakdown periods = tables.periods(view.byPeriod());
        var participants = view.totals().participants();
        // Each project's tallies there, read alone: never the projects' summaries whole.
        Generation live = projects.live();
        Map<String, PeriodTallies> there = projects.summaries(live).tallies(
                shown.items().stream().map(PortfolioViews.RankedProject::projectId).toList(), view.municipality());
        Map<String, List<TargetThere>> targets = projects.summaries(live).targetsIn(
                shown.items().stream().map(PortfolioViews.RankedProject::projectId).toList(), view.municipality());
        List<ProjectLine> lines = shown.items().stream().map(p -> new ProjectLine(p,
                byPeriod(there.getOrDefault(p.projectId(), PeriodTallies.EMPTY), active),
                targets.getOrDefault(p.projectId(), List.of()))).toList();
        model.addAttribute("municipality", view);
        model.addAttribute("organisationName", projects.visibleOrganisationName(live));
        model.addAttribute("totalsTrace", TraceLinks.programme(Figure.whole().withMunicipality(view.municipality())));
        model.addAttribute("periodIds", active.stream().map(PeriodView::periodId).toList());
        model.addAttribute("lines", lines);
        model.addAttribute("pager", Pager.of(shown, TraceLinks.pageOf(TraceLinks.municipality(view.municipality()))));
        model.addAttribute("tables", List.of(periods,
                tables.participants("sex", participants.bySex(), participants.total()),
                tables.participants("ageBand", participants.byAgeBand(), participants.total()),
                tables.participants("community", participants.byCommunity(), participants.total()),
                tables.types(view.totals().byType())));
        model.addAttribute("periodChart", Chart.bars(periods, List.of(Breakdowns.ACTIVITIES, Breakdowns.PARTICIPANTS)));
        return "dashboard/municipality";
    }
}
