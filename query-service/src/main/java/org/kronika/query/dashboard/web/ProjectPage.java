package org.kronika.query.dashboard.web;

import org.kronika.query.activity.ActivityView;
import org.kronika.query.dashboard.Breakdown;
import org.kronika.query.dashboard.Breakdowns;
import org.kronika.query.dashboard.Chart;
import org.kronika.query.dashboard.Pager;
import org.kronika.query.dashboard.Timeline;
import org.kronika.query.dashboard.ReportTraceLinks;
import org.kronika.query.dashboard.TraceLinks;
import org.kronika.query.dashboard.Viewer;
import org.kronika.query.history.RecentVerdicts;
import org.kronika.query.i18n.Formats;
import org.kronika.query.indicator.IndicatorView;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectView;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.projection.UnappliedEvents;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Page;
import org.kronika.query.trace.Figure;
import org.kronika.query.web.CommandTextLimits;
import org.kronika.query.web.Parameters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.report.ApprovedBesideNow;
import org.kronika.query.report.PeriodReportView;
import org.kronika.query.report.PeriodReportViews;
import org.kronika.query.report.ProjectPeriod;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One project: its logframe with each indicator's progress per period against its targets and its breakdowns, what
 * it did, a timeline of its activities with every correction, the verdict on its hash chain, and its downloads.
 * The verdict is carried forward from the last whole check ({@link RecentVerdicts}): a page costs the same however
 * long the project's history.
 */
@Controller
class ProjectPage {

    private static final int MEASUREMENTS = 50;

    private final VisibleProjects projects;
    private final Programme programme;
    private final Clock clock;
    private final RecentVerdicts verdicts;

    private final org.kronika.query.dashboard.review.PeriodReviews reviews;

    ProjectPage(VisibleProjects projects, Programme programme, Clock clock, RecentVerdicts verdicts,
                org.kronika.query.dashboard.review.PeriodReviews reviews) {
        this.projects = projects;
        this.programme = programme;
        this.clock = clock;
        this.verdicts = verdicts;
        this.reviews = reviews;
    }

    /**
     * An indicator as its panel shows it.
     *
     * @param categories participants per sex, age band and community, for indicators that count them
     */
    record IndicatorPanel(IndicatorView indicator, String trace, Breakdown periods, Chart chart, Breakdown places,
                          List<Breakdown> categories) {
    }

    /** The page of a project's timeline its address names ({@code activities}), 0 when it names none. */
    static int timelinePage(String activities) {
        return Parameters.bounded("activities", activities, 0, 0, Page.MAX_PAGE);
    }

    /**
     * The address of a project's page at these pages of its timeline and its measurements, each named past the first
     * only (a parameter without a value is a page no one can read): where a review leads back to.
     */
    static UriComponentsBuilder address(int timelinePage, int measurementsPage) {
        UriComponentsBuilder address = UriComponentsBuilder.fromPath("/dashboard/projects/{id}");
        if (timelinePage > 0) {
            address.queryParam("activities", timelinePage);
        }
        if (measurementsPage > 0) {
            address.queryParam("measurements", measurementsPage);
        }
        return address;
    }

    /** The page of a project's measurements its address names ({@code measurements}), newest first, 0 when none. */
    static int measurementsPage(String measurements) {
        return Parameters.bounded("measurements", measurements, 0, 0, Page.MAX_PAGE);
    }

    @GetMapping("/dashboard/projects/{projectId}")
    String project(@PathVariable String projectId, @RequestParam(required = false) String activities,
                   @RequestParam(required = false) String measurements,
                   @ModelAttribute("fmt") Formats fmt, @ModelAttribute("viewer") Viewer viewer, Model model) {
        Generation live = projects.live();
        // Partners see each report's status and figures, not who submitted or approved it, nor links to the
        // history entries they may not open.
        boolean mayReadHistory = viewer != null && viewer.mayReadHistory();
        // Read at every view, as the verdict's head is, and before the version: a project that catches up in
        // between is never called complete at its old version. Two reads by the project's id.
        UnappliedEvents.Found heldBack = mayReadHistory ? projects.unapplied(live, projectId) : null;
        ProjectSummary summary = projects.summary(live, projectId);
        LocalDate today = LocalDate.now(clock);
        ProjectView view = projects.views(live).view(summary, today, null, null, mayReadHistory);
        long recorded = summary.counts().recorded();
        int page = timelinePage(activities);
        int measurementsPage = measurementsPage(measurements);
        // Where a review refused for its sign-in leads back to, once signed in again: these pages.
        model.addAttribute("reviewBack", address(page, measurementsPage).buildAndExpand(projectId).encode()
                .toUriString());

        Breakdowns tables = new Breakdowns(programme, fmt, Figure.whole(), f -> TraceLinks.project(projectId, f));
        var participants = view.totals().participants();
        Map<String, long[]> places = new LinkedHashMap<>();
        view.totals().byMunicipality().forEach(p -> places.put(p.municipality(),
                new long[]{p.activities(), p.participants()}));
        Breakdown periods = tables.periods(view.totals().byPeriod());
        model.addAttribute("project", view);
        // Newest first, as the timeline: at most the command side's bound of amendments per project.
        List<org.kronika.query.project.Amendment> amendments = new ArrayList<>(view.amendments());
        java.util.Collections.reverse(amendments);
        model.addAttribute("amendments", amendments);
        model.addAttribute("totalsTrace", TraceLinks.project(projectId, Figure.whole()));
        model.addAttribute("tables", List.of(periods,
                tables.participants("sex", participants.bySex(), participants.total()),
                tables.participants("ageBand", participants.byAgeBand(), participants.total()),
                tables.participants("community", participants.byCommunity(), participants.total()),
                tables.types(view.totals().byType()), tables.places(places, TraceLinks::municipality)));
        model.addAttribute("periodChart", Chart.bars(periods, List.of(Breakdowns.ACTIVITIES, Breakdowns.PARTICIPANTS)));
        model.addAttribute("indicators", view.indicators().stream().map(i -> panel(projectId, i, fmt)).toList());

        List<ActivityView> page0 = projects.activities(live).page(projectId, Timeline.from(recorded, page),
                Timeline.count(recorded, page)).stream().map(ActivityView::of).toList();
        Timeline timeline = Timeline.of(page0, page, recorded);
        model.addAttribute("timeline", timeline);
        // Each list's pager keeps the other list's page: moving through one put the other back on its first.
        String address = "/dashboard/projects/" + TraceLinks.encode(projectId);
        model.addAttribute("pager", new Pager(timeline.page(), timeline.pages(), TraceLinks.pageOf(
                measurementsPage == 0 ? address : address + "?measurements=" + measurementsPage, "activities")));
        // Paged as the timeline is, newest first: a page once showed the latest 50 alone, and said nothing of the rest.
        long measured = summary.counts().measurements();
        long newest = measured - (long) measurementsPage * MEASUREMENTS;
        List<Measurement> shown = newest <= 0 ? new ArrayList<>() : new ArrayList<>(projects.measurements(live)
                .page(projectId, Math.max(0, newest - MEASUREMENTS), (int) Math.min(MEASUREMENTS, newest)));
        java.util.Collections.reverse(shown);
        model.addAttribute("measurements", shown);
        model.addAttribute("measurementsPager", new Pager(measurementsPage, (measured + MEASUREMENTS - 1) / MEASUREMENTS,
                TraceLinks.pageOf(page == 0 ? address : address + "?activities=" + page, "measurements"),
                "#measurements"));
        model.addAttribute("indicatorNames", view.indicators().stream().collect(java.util.stream.Collectors.toMap(
                IndicatorView::indicatorId, i -> i.definition().name())));
        model.addAttribute("indicatorUnits", view.indicators().stream().collect(java.util.stream.Collectors.toMap(
                IndicatorView::indicatorId, i -> i.definition().unit())));
        model.addAttribute("mayReadHistory", mayReadHistory);
        // An officer approves or returns a submitted report here, where the pages send reviews at all; the command
        // side decides whether they may, as for any caller.
        model.addAttribute("mayReview", reviews.enabled() && viewer != null && "officer".equals(viewer.role()));
        model.addAttribute("commentLength", CommandTextLimits.COMMENT);
        // The reports owed as well as those submitted, on the day the portfolio counts the overdue ones: its count
        // leads to this list, and each row of the list of overdue reports to its period here.
        List<ProjectPeriod> periodReports = PeriodReportViews.owedOrReported(summary, ProgrammeCalendar.all(programme,
                projects.defined(live)), projects.reports(live), projects.changedItems(live), mayReadHistory, today);
        model.addAttribute("periodReports", periodReports);
        model.addAttribute("approvedBesideNow", approvedBesideNow(periodReports.stream().map(ProjectPeriod::report)
                .filter(java.util.Objects::nonNull).toList()));
        model.addAttribute("reportTraces", new ReportTraceLinks(projectId));
        model.addAttribute("approvalWithheld", false);
        if (mayReadHistory) {
            RecentVerdicts.Checked chain = verdicts.verdict(live, projectId, summary.version(), projects.history(live));
            model.addAttribute("verdict", chain.verdict());
            model.addAttribute("wholeCheckAt", chain.wholeCheckAt());
            java.util.Optional<String> unapplied = heldBack.beyond(summary.version(), fmt::message);
            model.addAttribute("unapplied", unapplied.orElse(null));
            model.addAttribute("approvalWithheld", ApprovalGate.withheld(chain.verdict(), unapplied));
            model.addAttribute("inQuestion", heldBack.shownInQuestion(summary.version()).orElse(null));
        }
        return "dashboard/project";
    }

    /**
     * Each approval's figures beside today's, by period for its last approval and by period{@code @}sequence for an
     * earlier one.
     */
    private static Map<String, List<ApprovedBesideNow.Line>> approvedBesideNow(List<PeriodReportView> reports) {
        Map<String, List<ApprovedBesideNow.Line>> lines = new java.util.HashMap<>();
        for (PeriodReportView report : reports) {
            lines.put(report.periodId(), ApprovedBesideNow.of(report));
            report.earlierApprovals().forEach(earlier -> lines.put(report.periodId() + "@"
                    + earlier.approval().sequence(), ApprovedBesideNow.of(earlier.asApproved(),
                    report.asCorrectedSince())));
        }
        return lines;
    }

    private IndicatorPanel panel(String projectId, IndicatorView indicator, Formats fmt) {
        Figure figure = new Figure(indicator.indicatorId(), null, null, null);
        Breakdowns tables = new Breakdowns(programme, fmt, figure, f -> TraceLinks.project(projectId, f));
        var progress = indicator.progress();
        String unit = indicator.definition().unit();
        Breakdown periods = tables.indicatorPeriods(indicator.definition(), progress);
        List<Breakdown> categories = new ArrayList<>();
        if (!progress.bySex().isEmpty()) {
            long total = progress.bySex().values().stream().mapToLong(Long::longValue).sum();
            categories.add(tables.participants("sex", progress.bySex(), total));
            categories.add(tables.participants("ageBand", progress.byAgeBand(), total));
            categories.add(tables.participants("community", progress.byCommunity(), total));
        }
        return new IndicatorPanel(indicator, TraceLinks.project(projectId, figure), periods,
                Chart.of(periods, "lines", List.of("achieved", "cumulative", "target"), List.of("bar", "line", "point")),
                tables.indicatorPlaces(indicator.indicatorId(), unit, progress),
                categories.stream().map(b -> new Breakdown("indicator-" + b.id() + "-" + indicator.indicatorId(),
                        b.caption(), b.columns(), b.rows())).toList());
    }
}
