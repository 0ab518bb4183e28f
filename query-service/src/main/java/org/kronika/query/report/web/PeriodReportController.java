package org.kronika.query.report.web;

import io.swagger.v3.oas.annotations.Operation;
import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.report.PeriodReportView;
import org.kronika.query.report.PeriodReportViews;
import org.kronika.query.report.PeriodStatus;
import org.kronika.query.web.Callers;
import org.kronika.query.web.NotFound;
import org.kronika.security.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
@RequestMapping("/api/projects/{projectId}/periods")
public class PeriodReportController {

    private final VisibleProjects projects;

    public PeriodReportController(VisibleProjects projects) {
        this.projects = projects;
    }

    @Operation(summary = "Every reporting period the project's dates overlap, of every calendar, with its report's status",
            description = "status is open, submitted, returned or approved (a reopened report is open again); "
                    + "changes counts what was changed in an approved period since its approval.")
    @GetMapping
    public List<PeriodStatus> periods(@PathVariable String projectId) {
        Generation live = projects.live();
        ProjectSummary summary = projects.summary(live, projectId);
        return PeriodReportViews.statuses(summary, ProgrammeCalendar.all(projects.programme(),
                projects.defined(live)), projects.reports(live));
    }

    @Operation(summary = "A project's report for one period: status, discussion, figures as approved and as corrected since",
            description = "Of a period the project's dates overlap, or one it submitted a report for before its dates moved, as the list shows them; any other is 404. asApproved holds exactly the figures the approver saw (the project's history up to the "
                    + "approval's headSequence); asCorrectedSince the same figures today. An indicator's "
                    + "nothingMeasured true says that its achieved 0 is no figure: an average or latest value of "
                    + "nothing counted in the period; its "
                    + "nothingMeasuredByEnd true says that its cumulative 0 is no figure: an average or latest value "
                    + "of nothing counted by the period's end (null in figures approved before it was kept). "
                    + "changes lists every change "
                    + "flagged in the period since that approval, each linking to its history entry. version is "
                    + "the project's version asCorrectedSince is of: an officer approving these figures sends it "
                    + "as If-Match (required), so that nothing recorded since is approved unseen. Who did what "
                    + "is left out for partners.")
    @GetMapping("/{periodId}")
    public PeriodReportView period(@PathVariable String projectId, @PathVariable String periodId) {
        Generation live = projects.live();
        ProjectSummary summary = projects.summary(live, projectId);
        DefinedPeriod period = ProgrammeCalendar.find(projects.programme(), projects.defined(live), periodId)
                .orElseThrow(() -> new NotFound("Unknown reporting period",
                        "No reporting period " + periodId + " is defined for the programme"));
        if (!PeriodReportViews.hasReport(summary, period, projects.reports(live))) {
            // As the list leaves it out and commands refuse it: an "open" report here would be one never due.
            throw new NotFound("No report for the period", "Project " + projectId + " reports on no period outside "
                    + "its dates, " + summary.details().startDate() + " to " + summary.details().endDate() + "; "
                    + periodId + " is " + period.start() + " to " + period.end());
        }
        return PeriodReportViews.view(summary, period, projects.reports(live), projects.changedItems(live),
                Callers.current().role() != Role.PARTNER);
    }
}
