package org.kronika.query.dashboard.web;

import org.kronika.query.dashboard.ProgrammeTrace;
import org.kronika.query.dashboard.Pager;
import org.kronika.query.dashboard.TraceLinks;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Page;
import org.kronika.query.trace.AsRecorded;
import org.kronika.query.trace.PagedTrace;
import org.kronika.query.trace.Trace;
import org.kronika.query.trace.web.VisibleTraces;
import org.kronika.query.web.Parameters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;


/**
 * A project's figure as the activities and measurements it adds up, each leading to its history entries, a page of
 * them at a time as a programme's figure lists its projects; the totals are the whole figure's. A figure approved in
 * the past is traced as it stood then (an approval's head), beside a link to the same figure today.
 */
@Controller
class TracePage {

    static final int ITEMS_PER_PAGE = ProgrammeTrace.LINES_PER_PAGE;

    private final VisibleTraces traces;
    private final VisibleProjects projects;

    TracePage(VisibleTraces traces, VisibleProjects projects) {
        this.traces = traces;
        this.projects = projects;
    }

    @GetMapping("/dashboard/projects/{projectId}/trace")
    String trace(@PathVariable String projectId, @RequestParam(required = false) String indicator,
                 @RequestParam(required = false) String period, @RequestParam(required = false) String municipality,
                 @RequestParam(required = false) String category, @RequestParam(required = false) String page,
                 @RequestParam(required = false) String knownAt, @RequestParam(required = false) String version,
                 Model model) {
        AsRecorded at = traces.asRecorded(knownAt, version);
        PagedTrace trace = traces.trace(projectId, traces.figure(indicator, period, municipality, category), at,
                Parameters.page(page), ITEMS_PER_PAGE);
        Page<Trace.Item> items = trace.shown();
        model.addAttribute("items", items);
        model.addAttribute("pager", Pager.of(items,
                TraceLinks.pageOf(TraceLinks.project(projectId, trace.figure(), at))));
        model.addAttribute("asRecorded", at);
        model.addAttribute("today", TraceLinks.project(projectId, trace.figure()));
        ProjectListEntry project = projects.entry(projects.live(), projectId);
        model.addAttribute("project", project);
        model.addAttribute("trace", trace);
        var summary = project.indicators().stream()
                .filter(i -> i.indicatorId().equals(trace.figure().indicatorId())).findFirst();
        model.addAttribute("indicatorName", trace.figure().indicatorId() == null ? null
                : summary.map(ProjectListEntry.IndicatorSummary::name).orElse(trace.figure().indicatorId()));
        // The indicator's values in its unit ("38%"); a trace of activities counts them.
        model.addAttribute("unit", summary.map(ProjectListEntry.IndicatorSummary::unit).orElse(null));
        return "dashboard/trace";
    }
}
