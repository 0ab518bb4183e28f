package org.kronika.query.project.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.kronika.query.indicator.IndicatorView;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectFilter;
import org.kronika.query.project.PlannedActivity;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.ProjectStatus;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectView;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Page;
import org.kronika.query.replay.Moment;
import org.kronika.query.replay.ProjectReplay;
import org.kronika.query.replay.ReplayPermits;
import org.kronika.query.web.Callers;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.ApiParameters;
import org.kronika.query.web.Parameters;
import org.kronika.security.Role;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

@RestController
@RequestMapping("/api/projects")
public class ProjectQueryController {

    public static final List<String> STATUSES = ProjectStatus.ALL;
    private static final int ORGANISATION = 64;
    private static final int WORDS = 200;

    private final VisibleProjects projects;
    private final Programme programme;
    private final ProjectReplay replay;
    private final Clock clock;

    public ProjectQueryController(VisibleProjects projects, Programme programme, Clock clock, ReplayPermits permits) {
        this.projects = projects;
        this.programme = programme;
        this.replay = new ProjectReplay(programme.periods(), programme.timeZone(), permits);
        this.clock = clock;
    }

    @Operation(summary = "The projects the caller may see, a page at a time, with each indicator's progress",
            description = "Sorted by title as the Accept-Language (sq or en, English otherwise) orders names, a "
                    + "number inside a title by its value (Projekt 2 before Projekt 10). Filters combine: "
                    + "organisation, municipality (any spelling the programme knows; the projects registered there or with activity there, as /api/municipalities counts "
                    + "them), status (planned, active or ended by today's date, or closed: a project closed out is "
                    + "closed until reopened, whatever its dates) and q (words in the title, organisation, summary or "
                    + "id, ignoring case and accents).")
    @GetMapping
    public Page<ProjectListEntry> projects(
            @ApiParameters.PageNumber @RequestParam(required = false) String page,
            @ApiParameters.PageSize("projects per page") @RequestParam(required = false) String size,
            @Parameter(description = "an organisation's id: its projects only." + ApiParameters.TEXT,
                    schema = @Schema(maxLength = ORGANISATION, example = "kec"))
            @RequestParam(required = false) String organisation,
            @ApiParameters.Municipality @RequestParam(required = false) String municipality,
            @Parameter(description = "the projects in this status today (see the operation)")
            @RequestParam(required = false) String status,
            @Parameter(description = "words to find in the title, organisation, summary or id, ignoring case and "
                    + "accents." + ApiParameters.TEXT, schema = @Schema(maxLength = WORDS, example = "youth"))
            @RequestParam(required = false) String q, Locale locale) {
        int pageNumber = Parameters.page(page);
        int pageSize = Parameters.pageSize(size);
        ProjectFilter filter = new ProjectFilter(Callers.visibleOrganisation(),
                Parameters.text("organisation", organisation, ORGANISATION), canonical(municipality),
                Parameters.oneOf("status", status, STATUSES), Parameters.text("q", q, WORDS), LocalDate.now(clock));
        return projects.summaries(projects.live()).list(filter, pageNumber, pageSize, locale);
    }

    private String canonical(String municipality) {
        return Parameters.municipality("municipality", municipality, programme,
                "must be a municipality of the programme");
    }

    @Operation(summary = "A project now, or replayed as of a date or as known at an instant",
            description = "asOf=YYYY-MM-DD counts what had happened by that date, as known today (corrections "
                    + "count with their corrected date, place and figures); knownAt=<instant> counts only what had "
                    + "been recorded by then, as it was stated then. Both may be combined. A closed project's "
                    + "closure says when it was closed, by whom (not for partners), why and its final reports; "
                    + "replayed to before it, the project was not closed yet.")
    @GetMapping("/{projectId}")
    public ProjectView project(@PathVariable String projectId,
                               @ApiParameters.Day("counts what had happened by this day, as known today")
                               @RequestParam(required = false) String asOf,
                               @ApiParameters.KnownAt("counts only what had been recorded by this instant, as it was "
                                       + "stated then") @RequestParam(required = false) String knownAt) {
        LocalDate date = Parameters.date("asOf", asOf);
        Instant instant = Parameters.knownAt(knownAt, clock);
        Generation live = projects.live();
        ProjectSummary current = projects.summary(live, projectId);
        boolean actors = Callers.current().role() != Role.PARTNER;
        if (date == null && instant == null) {
            return projects.views(live).view(current, LocalDate.now(clock), null, null, actors);
        }
        ProjectSummary then = replay.replay(current, date, instant, projects.history(live), projects.activities(live),
                projects.measurements(live), projects.summaries(live)).orElseThrow(() ->
                new NotFound("Unknown project", "Nothing of project " + projectId + " had been recorded by " + instant));
        // Its status too as it was then: a project that had not ended by the date asked for was not "ended".
        LocalDate day = new Moment(date, instant).day(LocalDate.now(clock), programme.timeZone());
        return projects.views(live).view(then, day, date, instant, actors);
    }

    @Operation(summary = "A project's indicators: definitions, every redefinition, and progress")
    @GetMapping("/{projectId}/indicators")
    public List<IndicatorView> indicators(@PathVariable String projectId) {
        Generation live = projects.live();
        ProjectSummary summary = projects.summary(live, projectId);
        return summary.indicators().stream().map(projects.views(live)::indicator).toList();
    }

    @Operation(summary = "One indicator of a project: its definition, every redefinition, and progress",
            description = "What the Location of an indicator's definition names.")
    @GetMapping("/{projectId}/indicators/{indicatorId}")
    public IndicatorView indicator(@PathVariable String projectId, @PathVariable String indicatorId) {
        Generation live = projects.live();
        ProjectSummary summary = projects.summary(live, projectId);
        return projects.views(live).indicator(projects.indicator(summary, indicatorId));
    }

    @Operation(summary = "One planned activity of a project's logframe, with how many recorded activities implement it",
            description = "What the Location of an activity's planning names.")
    @GetMapping("/{projectId}/planned-activities/{plannedActivityId}")
    public PlannedActivity plannedActivity(@PathVariable String projectId, @PathVariable String plannedActivityId) {
        ProjectSummary summary = projects.summary(projects.live(), projectId);
        return summary.plannedActivities().stream().filter(p -> p.plannedActivityId().equals(plannedActivityId))
                .findFirst().orElseThrow(() -> new NotFound("Unknown planned activity",
                        "Project " + projectId + " planned no activity " + plannedActivityId));
    }

    @Operation(summary = "A project per reporting period: activities, participants and each indicator's progress")
    @GetMapping("/{projectId}/timeseries")
    public ProjectTimeSeries timeSeries(@PathVariable String projectId) {
        Generation live = projects.live();
        ProjectSummary summary = projects.summary(live, projectId);
        var views = projects.views(live);
        return new ProjectTimeSeries(projectId, views.series(summary.totals(), summary.details()),
                summary.indicators().stream().map(i -> new ProjectTimeSeries.IndicatorSeries(i.indicatorId(),
                        i.definition().name(), views.indicator(i).progress().byPeriod())).toList());
    }
}
