package org.kronika.query.web;

import org.bson.Document;
import org.kronika.query.projection.ChainVerification;
import org.kronika.query.projection.ProjectReadModels;
import org.kronika.query.projection.ProjectReplay;
import org.kronika.security.Actor;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/api/projects")
public class ProjectQueryController {

    private final ProjectReadModels readModels;
    private final ProjectExports exports;
    private final ProjectReplay replay;

    public ProjectQueryController(ProjectReadModels readModels, com.fasterxml.jackson.databind.ObjectMapper json,
                                  ProjectReplay replay) {
        this.readModels = readModels;
        this.exports = new ProjectExports(json);
        this.replay = replay;
    }

    /** Every project at a glance: logframe headline, totals and each indicator's progress against its target. */
    @GetMapping
    public List<Map<String, Object>> projects() {
        Actor actor = caller();
        return readModels.summaries().stream()
                .filter(summary -> actor.maySee(summary.getString("organisationId")))
                .map(ProjectQueryController::overview).toList();
    }

    /**
     * The project now, or replayed: {@code asOf=YYYY-MM-DD} counts what had happened by that date (as known
     * today); {@code knownAt=<instant>} counts only what had been recorded by then, as it was known then.
     */
    @GetMapping("/{projectId}")
    public Map<String, Object> project(@PathVariable String projectId,
                                       @RequestParam(required = false) String asOf,
                                       @RequestParam(required = false) String knownAt) {
        Document current = visible(projectId);
        if (asOf == null && knownAt == null) {
            return summary(current);
        }
        return replay.replay(projectId, readModels.history(projectId), parseDate(asOf), parseInstant(knownAt));
    }

    private static java.time.LocalDate parseDate(String value) {
        try {
            return value == null ? null : java.time.LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new HistoryQuery.InvalidParameter("asOf", "must be a date such as 2024-06-30");
        }
    }

    private static java.time.Instant parseInstant(String value) {
        try {
            return value == null ? null : java.time.Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new HistoryQuery.InvalidParameter("knownAt", "must be an instant such as 2026-11-27T10:00:00Z");
        }
    }

    @GetMapping("/{projectId}/indicators")
    public Object indicators(@PathVariable String projectId) {
        return visible(projectId).get("indicators");
    }

    @GetMapping("/{projectId}/activities")
    public Object activities(@PathVariable String projectId) {
        return visible(projectId).get("activities");
    }

    /** The whole history as JSON Lines, one event per line with its hashes: the verifier's input. */
    @GetMapping(value = "/{projectId}/export.jsonl", produces = "application/x-ndjson")
    public String exportJsonLines(@PathVariable String projectId) {
        visible(projectId);
        return exports.jsonLines(projectId, readModels.history(projectId));
    }

    @GetMapping(value = "/{projectId}/export.csv", produces = "text/csv")
    public String exportCsv(@PathVariable String projectId) {
        visible(projectId);
        return exports.csv(projectId, readModels.history(projectId));
    }

    /** A printable audit report: project, logframe, indicator progress, timeline with actors, head hash. */
    @GetMapping(value = "/{projectId}/report.html", produces = "text/html")
    public String report(@PathVariable String projectId) {
        return exports.html(visible(projectId), readModels.history(projectId));
    }

    /** Recomputes the project's hash chain over the stored history and says whether, and where, it breaks. */
    @GetMapping("/{projectId}/verification")
    public Map<String, Object> verification(@PathVariable String projectId) {
        visible(projectId);
        return ChainVerification.verify(projectId, readModels.history(projectId));
    }

    /**
     * The project's history, event by event: filters {@code type}, {@code occurredFrom}/{@code occurredTo},
     * {@code recordedFrom}/{@code recordedTo} and {@code actor}; pages of {@code limit} entries (100 by default),
     * the next one asked for with the {@code next} cursor of the answer.
     */
    @GetMapping("/{projectId}/history")
    public Map<String, Object> history(@PathVariable String projectId, @RequestParam Map<String, String> parameters) {
        visible(projectId);
        return HistoryQuery.of(parameters).page(projectId, readModels.history(projectId));
    }

    @ExceptionHandler(HistoryQuery.InvalidParameter.class)
    ProblemDetail invalidParameter(HistoryQuery.InvalidParameter e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.parameter + " " + e.getMessage());
        problem.setTitle("Invalid query parameter");
        problem.setProperty("errors", List.of(Map.of("field", e.parameter, "message", e.getMessage())));
        return problem;
    }

    /** The project's read model, if the caller may see it: a recorder sees its own organisation's projects only. */
    private Document visible(String projectId) {
        Document summary = readModels.summary(projectId).orElseThrow(() -> new UnknownProject(projectId));
        if (!caller().maySee(summary.getString("organisationId"))) {
            throw new AccessDeniedException("Project " + projectId + " belongs to another organisation");
        }
        return summary;
    }

    private static Actor caller() {
        return Actor.current().orElseThrow(() -> new AccessDeniedException("No caller"));
    }

    @ExceptionHandler(UnknownProject.class)
    ProblemDetail unknownProject(UnknownProject e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Unknown project");
        return problem;
    }

    private static Map<String, Object> summary(Document document) {
        Document view = new Document(document);
        view.remove("_id");
        return view;
    }

    private static Map<String, Object> overview(Document document) {
        Document view = new Document();
        for (String field : List.of("projectId", "organisationId", "organisation", "organisationInvented", "title", "municipalities",
                "startDate", "endDate", "version", "lastRecordedAt", "totals")) {
            view.append(field, document.get(field));
        }
        view.append("indicators", document.getList("indicators", Document.class, List.of()).stream()
                .map(indicator -> {
                    Document progress = indicator.get("progress", Document.class);
                    Document definition = indicator.get("definition", Document.class);
                    return new Document("indicatorId", indicator.get("indicatorId"))
                            .append("name", definition.get("name"))
                            .append("unit", definition.get("unit"))
                            .append("achieved", progress == null ? null : progress.get("achieved"))
                            .append("target", definition.get("target"))
                            .append("percentOfTarget", progress == null ? null : progress.get("percentOfTarget"));
                }).toList());
        return view;
    }

    static class UnknownProject extends RuntimeException {
        UnknownProject(String projectId) {
            super("No project " + projectId + " is known to the query service");
        }
    }
}
