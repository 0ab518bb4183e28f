package org.kronika.query.activity.web;

import io.swagger.v3.oas.annotations.Operation;
import org.kronika.query.activity.ActivityView;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Page;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.ApiParameters;
import org.kronika.query.web.Parameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/projects/{projectId}")
public class ActivityController {

    /** A fact asked for at its Location right after its command may not be read yet: not "never recorded". */
    private static final String NOT_READ = " in the read models: none was recorded, or one recorded a moment ago is "
            + "not read yet (they follow the command side within about a second)";

    private final VisibleProjects projects;

    public ActivityController(VisibleProjects projects) {
        this.projects = projects;
    }

    @Operation(summary = "A project's activities in the order they were first recorded, a page at a time",
            description = "Each with its facts as now stated, the original if corrected, every correction (reason, "
                    + "before, after) and its retraction.")
    @GetMapping("/activities")
    public Page<ActivityView> activities(@PathVariable String projectId,
                                         @ApiParameters.PageNumber @RequestParam(required = false) String page,
                                         @ApiParameters.PageSize("activities per page") @RequestParam(required = false) String size) {
        int pageNumber = Parameters.page(page);
        int pageSize = Parameters.pageSize(size);
        Generation live = projects.live();
        ProjectSummary summary = projects.summary(live, projectId);
        long from = (long) pageNumber * pageSize;
        return Page.of(projects.activities(live).page(projectId, from, pageSize).stream()
                .map(ActivityView::of).toList(), pageNumber, pageSize, summary.counts().recorded());
    }

    @Operation(summary = "One activity with every statement of it")
    @GetMapping("/activities/{activityId}")
    public ActivityView activity(@PathVariable String projectId, @PathVariable String activityId) {
        Generation live = projects.live();
        projects.entry(live, projectId);
        return projects.activities(live).find(projectId, activityId).map(ActivityView::of)
                .orElseThrow(() -> new NotFound("Unknown activity", "Project " + projectId + " has no activity "
                        + activityId + NOT_READ));
    }

    @Operation(summary = "One direct measurement of an indicator",
            description = "What the Location of a measurement names.")
    @GetMapping("/indicators/{indicatorId}/measurements/{measurementId}")
    public Measurement measurement(@PathVariable String projectId, @PathVariable String indicatorId,
                                   @PathVariable String measurementId) {
        Generation live = projects.live();
        projects.entry(live, projectId);
        return projects.measurements(live).find(projectId, measurementId)
                .filter(m -> m.indicatorId().equals(indicatorId))
                .orElseThrow(() -> new NotFound("Unknown measurement", "Project " + projectId
                        + " has no measurement " + measurementId + " of indicator " + indicatorId + NOT_READ));
    }

    @Operation(summary = "A project's direct measurements of its indicators, in the order recorded")
    @GetMapping("/measurements")
    public Page<Measurement> measurements(@PathVariable String projectId,
                                          @ApiParameters.PageNumber @RequestParam(required = false) String page,
                                          @ApiParameters.PageSize("measurements per page") @RequestParam(required = false) String size) {
        int pageNumber = Parameters.page(page);
        int pageSize = Parameters.pageSize(size);
        Generation live = projects.live();
        ProjectSummary summary = projects.summary(live, projectId);
        long from = (long) pageNumber * pageSize;
        int count = (int) Math.max(0, Math.min(pageSize, summary.counts().measurements() - from));
        return Page.of(projects.measurements(live).page(projectId, from, count), pageNumber, pageSize,
                summary.counts().measurements());
    }
}
