package org.kronika.query.dashboard.web;

import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.report.ReportListEntry;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.web.ReportList;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The programme's reports by status, for the officer who reviews them: what waits (submitted), what went back to its
 * project (returned), and what was approved, with the changes flagged since. Each links to its report on the
 * project's page.
 */
@Controller
class ReportsPage {

    static final int REPORTS_PER_PAGE = 50;
    /** How many steps of the overdue walk a page takes at most before it shows what it found. */
    private static final int OVERDUE_STEPS = 10;

    private final ReportList reports;
    private final VisibleProjects projects;

    ReportsPage(ReportList reports, VisibleProjects projects) {
        this.reports = reports;
        this.projects = projects;
    }

    @GetMapping("/dashboard/reports")
    String reports(@RequestParam(required = false) String status, @RequestParam(required = false) String after,
                   Model model) {
        ReportListEntry.Page page = reports.page(status, after, null, null, REPORTS_PER_PAGE);
        // Overdue reports are found by walking the projects a bounded step at a time: a step among projects with
        // nothing late is no answer to show as "none".
        for (int step = 0; step < OVERDUE_STEPS && page.reports().isEmpty() && page.next() != null
                && ReportList.OVERDUE.equals(status); step++) {
            page = reports.page(status, page.next(), null, null, REPORTS_PER_PAGE);
        }
        String shown = status == null ? PeriodReport.SUBMITTED : status;
        model.addAttribute("status", shown);
        model.addAttribute("statuses", ReportList.LISTED);
        model.addAttribute("page", page);
        model.addAttribute("first", after == null);
        model.addAttribute("next", page.next() == null ? null : UriComponentsBuilder.fromPath("/dashboard/reports")
                .queryParam("status", shown).queryParam("after", page.next()).encode().build().toUriString());
        String organisation = org.kronika.query.web.Callers.visibleOrganisation();
        model.addAttribute("scope", organisation == null ? "programme" : "organisation:" + organisation);
        model.addAttribute("organisationName", projects.visibleOrganisationName(projects.live()));
        return "dashboard/reports";
    }
}
