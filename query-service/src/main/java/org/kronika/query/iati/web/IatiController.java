package org.kronika.query.iati.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.kronika.query.iati.Codelists;
import org.kronika.query.iati.IatiActivity;
import org.kronika.query.iati.IatiExport;
import org.kronika.query.iati.IatiMapping;
import org.kronika.query.iati.IatiProperties;
import org.kronika.query.iati.IatiXml;
import org.kronika.query.replay.Moment;
import org.kronika.query.replay.ReplayPermits;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.ProjectFilter;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.web.Callers;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.ApiParameters;
import org.kronika.query.web.Parameters;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** IATI 2.03 activity files, generated from the read models at the moment asked for (docs/iati.md). */
@RestController
public class IatiController {

    private static final String XML = "application/xml";
    private static final String REPLAY = "asOf=YYYY-MM-DD gives the file as of that date (what had happened by "
            + "then, as known today); knownAt=<instant> the file as it would have been generated then, from what "
            + "had been recorded by then. Both may be combined, as for the project view. The same moment always "
            + "gives the same bytes.";
    private static final String AS_OF = "the file as of this day: what had happened by then, as known today";
    private static final String KNOWN_AT = "the file as it would have been generated at this instant";

    private final VisibleProjects projects;
    private final IatiExport export;
    private final Clock clock;

    public IatiController(VisibleProjects projects, Programme programme, IatiProperties properties, Clock clock,
                          ReplayPermits permits) {
        this.projects = projects;
        this.export = new IatiExport(new IatiMapping(properties, programme, Codelists.bundled()), programme, permits);
        this.clock = clock;
    }

    @Operation(summary = "One project as an IATI 2.03 activity file (iati-activities with one iati-activity)",
            description = REPLAY, responses = @ApiResponse(responseCode = "200",
            content = @Content(mediaType = XML, schema = @Schema(type = "string"))))
    @GetMapping(value = "/api/projects/{projectId}/iati.xml", produces = XML)
    public ResponseEntity<byte[]> projectIatiFile(@PathVariable String projectId,
                                                  @ApiParameters.Day(AS_OF) @RequestParam(required = false) String asOf,
                                                  @ApiParameters.KnownAt(KNOWN_AT) @RequestParam(required = false) String knownAt) {
        Moment moment = moment(asOf, knownAt);
        Generation live = projects.live();
        ProjectSummary current = projects.summary(live, projectId);
        IatiActivity activity = activity(live, current, moment).orElseThrow(() -> new NotFound("Unknown project",
                "Nothing of project " + projectId + " had been recorded by " + moment.knownAt()));
        return xml(List.of(activity));
    }

    /** The summaries a programme file holds in memory at once. */
    private static final int SUMMARIES_AT_A_TIME = 25;

    @Operation(summary = "The programme as an IATI 2.03 activity file: every project the caller may see",
            description = "One iati-activity per project, in project id order; a recorder's file holds its own "
                    + "organisation's projects only. " + REPLAY, responses = @ApiResponse(responseCode = "200",
            content = @Content(mediaType = XML, schema = @Schema(type = "string"))))
    @GetMapping(value = "/api/iati.xml", produces = XML)
    public ResponseEntity<byte[]> programmeIatiFile(@ApiParameters.Day(AS_OF) @RequestParam(required = false) String asOf,
                                                    @ApiParameters.KnownAt(KNOWN_AT) @RequestParam(required = false) String knownAt) {
        Moment moment = moment(asOf, knownAt);
        Generation live = projects.live();
        ProjectSummaries summaries = projects.summaries(live);
        // One day for the whole file: read per project, a file written across midnight judged some on each.
        LocalDate today = LocalDate.now(clock);
        List<String> ids = summaries.entries(new ProjectFilter(Callers.visibleOrganisation(), null, null, null, null,
                today)).stream().map(ProjectListEntry::projectId).sorted().toList();
        List<IatiActivity> activities = new ArrayList<>();
        ReportingPeriods periods = projects.periods(live);
        // A few summaries at a time, each let go once mapped: held all at once, a thousand projects' summaries
        // (100 KB to 1 MB each in memory) were held for the whole file.
        for (int from = 0; from < ids.size(); from += SUMMARIES_AT_A_TIME) {
            Map<String, ProjectSummary> byId = new TreeMap<>(summaries.load(
                    ids.subList(from, Math.min(ids.size(), from + SUMMARIES_AT_A_TIME))));
            for (ProjectSummary current : byId.values()) {
                activity(live, current, moment, periods, today).ifPresent(activities::add);
            }
        }
        if (activities.isEmpty()) {
            // An iati-activities file holds at least one activity.
            throw new NotFound("No project to publish", "No project the caller may see had been recorded"
                    + (moment.knownAt() == null ? "" : " by " + moment.knownAt()));
        }
        return xml(activities);
    }

    private Optional<IatiActivity> activity(Generation live, ProjectSummary current, Moment moment) {
        return activity(live, current, moment, projects.periods(live), LocalDate.now(clock));
    }

    /** @param periods the calendar, and {@code today} the day, each read once for a file of many projects */
    private Optional<IatiActivity> activity(Generation live, ProjectSummary current, Moment moment,
                                            ReportingPeriods periods, LocalDate today) {
        return export.activity(current, moment, today, periods, projects.history(live),
                projects.activities(live), projects.measurements(live));
    }

    private Moment moment(String asOf, String knownAt) {
        return new Moment(Parameters.date("asOf", asOf), Parameters.knownAt(knownAt, clock));
    }

    private static ResponseEntity<byte[]> xml(List<IatiActivity> activities) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(XML + ";charset=UTF-8"))
                .body(IatiXml.write(activities));
    }
}
