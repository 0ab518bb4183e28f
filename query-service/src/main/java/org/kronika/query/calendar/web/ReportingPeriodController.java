package org.kronika.query.calendar.web;

import io.swagger.v3.oas.annotations.Operation;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.calendar.ReportingPeriodView;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.web.NotFound;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The programme's reporting calendar, which every project reports on: no organisation's data, so every role reads it. */
@RestController
@RequestMapping("/api/programme/reporting-periods")
public class ReportingPeriodController {

    private final VisibleProjects projects;

    public ReportingPeriodController(VisibleProjects projects) {
        this.projects = projects;
    }

    @Operation(summary = "Every reporting period of the programme, of every calendar, by start",
            description = "The periods the calendar stream defined, with the programme file's quarters standing in "
                    + "for any it has not defined yet (their sequence is null).")
    @GetMapping
    public List<ReportingPeriodView> reportingPeriods() {
        Generation live = projects.live();
        return ProgrammeCalendar.all(projects.programme(), projects.defined(live)).stream()
                .map(ReportingPeriodView::of).toList();
    }

    @Operation(summary = "One reporting period of the programme",
            description = "What the Location of a period's definition names; each project's report for it is at "
                    + "/api/projects/{projectId}/periods/{periodId}.")
    @GetMapping("/{periodId}")
    public ReportingPeriodView reportingPeriod(@PathVariable String periodId) {
        Generation live = projects.live();
        return ProgrammeCalendar.find(projects.programme(), projects.defined(live), periodId)
                .map(ReportingPeriodView::of).orElseThrow(() -> new NotFound("Unknown reporting period",
                        "No reporting period " + periodId + " is defined for the programme"));
    }
}
