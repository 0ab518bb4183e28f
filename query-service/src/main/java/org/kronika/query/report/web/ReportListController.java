package org.kronika.query.report.web;

import io.swagger.v3.oas.annotations.Operation;
import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.PeriodReports;
import org.kronika.query.report.ReportListEntry;
import org.kronika.query.web.Callers;
import org.kronika.query.web.Parameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The programme's reports by where they stand: what waits for an officer, what came back, what changed since. */
@RestController
public class ReportListController {

    static final int MAX_LIMIT = 500;
    private static final List<String> LISTED = List.of(PeriodReport.SUBMITTED, PeriodReport.RETURNED,
            PeriodReport.APPROVED);

    private final VisibleProjects projects;

    public ReportListController(VisibleProjects projects) {
        this.projects = projects;
    }

    @Operation(summary = "Every project's reports in one status: submitted (waiting for review), returned or approved",
            description = "Across the programme, by project and period, as far as the caller may see (a recorder: "
                    + "their organisation's). changes counts the changes flagged in an approved period since its "
                    + "approval. Pages of limit reports (1 to 500, default 100); ask for the next with the "
                    + "answer's next.")
    @GetMapping("/api/reports")
    public ReportListEntry.Page reports(@RequestParam(required = false) String status,
                                        @RequestParam(required = false) String after,
                                        @RequestParam(required = false) String limit) {
        String wanted = Parameters.oneOf("status", status == null ? PeriodReport.SUBMITTED : status, LISTED);
        String from = after == null ? null : Parameters.text("after", after, 300);
        int size = Parameters.bounded("limit", limit, 100, 1, MAX_LIMIT);
        Generation live = projects.live();
        PeriodReports reports = projects.reports(live);
        List<PeriodReport> found = reports.inStatus(wanted, from, size);
        Map<String, DefinedPeriod> periods = new HashMap<>();
        ProgrammeCalendar.all(projects.programme(), projects.defined(live)).forEach(p -> periods.put(p.periodId(), p));
        Map<String, ProjectListEntry> listed = projects.summaries(live).entries(
                found.stream().map(PeriodReport::projectId).distinct().toList());
        List<ReportListEntry> shown = new ArrayList<>();
        for (PeriodReport report : found) {
            ProjectListEntry p = listed.get(report.projectId());
            DefinedPeriod d = periods.get(report.periodId());
            if (p == null || d == null || !Callers.current().maySee(p.organisationId())) {
                continue;
            }
            shown.add(new ReportListEntry(p.projectId(), p.title(), p.organisationId(), p.organisation(), d.periodId(),
                    d.name(), d.start(), d.end(), d.dueDate(), report.status(), report.changesSinceApproval(),
                    "/api/projects/" + p.projectId() + "/periods/" + d.periodId()));
        }
        String next = found.size() < size ? null
                : PeriodReports.key(found.get(found.size() - 1).projectId(), found.get(found.size() - 1).periodId());
        return new ReportListEntry.Page(shown, next);
    }
}
