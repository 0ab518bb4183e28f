package org.kronika.command.web;

import jakarta.validation.Valid;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.kronika.command.project.Programme;
import org.kronika.command.project.TextLimits;
import org.kronika.command.project.api.AmendProjectDetails;
import org.kronika.command.project.api.ApprovePeriod;
import org.kronika.command.project.api.CloseProject;
import org.kronika.command.project.api.ReopenProject;
import org.kronika.command.project.api.ReopenPeriod;
import org.kronika.command.project.api.ReturnPeriod;
import org.kronika.command.project.api.SubmitPeriod;
import org.kronika.command.project.api.CommandResult;
import org.kronika.command.project.api.CorrectActivity;
import org.kronika.command.project.api.CorrectMeasurement;
import org.kronika.command.project.api.DefineIndicator;
import org.kronika.command.project.api.PlanActivity;
import org.kronika.command.project.api.RecordActivity;
import org.kronika.command.project.api.RecordIndicatorMeasurement;
import org.kronika.command.project.api.RedefineIndicator;
import org.kronika.command.project.api.RegisterProject;
import org.kronika.command.project.api.RetractActivity;
import org.kronika.command.project.api.RetractMeasurement;
import org.kronika.events.ActivityEvent;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command API. Every write answers with the project's version after it (also as {@code ETag}); sending
 * it back in {@code If-Match} makes the next command apply only to that version. A command that creates something
 * answers 201 with its {@code Location}; its {@code @ResponseStatus} says so to the OpenAPI document (the answer's
 * own status is the one sent).
 */
@RestController
@RequestMapping("/api")
public class ProjectCommandController {

    /** The member of an activity's body that is not one of its facts. */
    static final String CHANGE_REASON = "changeReason";

    private final Programme programme;
    private final ProjectTurns turns;

    public ProjectCommandController(Programme programme, ProjectTurns turns) {
        this.programme = programme;
        this.turns = turns;
    }

    @GetMapping("/programme")
    public Programme programme() {
        return programme;
    }

    @PostMapping(value = "/projects", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<CommandAnswer> register(@Valid @RequestBody RegisterProjectRequest request) {
        RegisterProject registration = new RegisterProject(Ids.orNew(request.projectId()),
                request.organisationId(), request.organisation(),
                Boolean.TRUE.equals(request.organisationInvented()), request.title(), request.summary(),
                request.generalGoal(), request.specificObjectives(), request.targetGroups(),
                request.municipalities(), request.startDate(), request.endDate());
        // The registered id, not the one chosen here: a retried request is answered with the first one's.
        String projectId = send(registration.projectId(), registration);
        return answer(HttpStatus.CREATED, projectId, new CommandResult(projectId, 0), "");
    }

    @PostMapping(value = "/projects/{projectId}/amendments", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> amend(@PathVariable String projectId,
                                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                               @Valid @RequestBody AmendProjectRequest request) {
        CommandResult result = send(projectId, new AmendProjectDetails(projectId, ExpectedVersion.parse(ifMatch),
                request.title(), request.summary(), request.generalGoal(), request.specificObjectives(),
                request.targetGroups(), request.municipalities(), request.endDate(), request.reason()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    @PostMapping(value = "/projects/{projectId}/indicators", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<CommandAnswer> defineIndicator(@PathVariable String projectId,
                                                         @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                         @Valid @RequestBody IndicatorRequests.Define request) {
        CommandResult result = send(projectId, new DefineIndicator(projectId, ExpectedVersion.parse(ifMatch),
                request.indicatorId(), request.name(), request.unit(), request.counts(), request.aggregation(),
                request.baseline(), request.target(), request.periodTargets(), request.municipalityTargets(),
                request.dimensions(), request.changeReason()));
        return answer(HttpStatus.CREATED, projectId, result, "/indicators/" + result.id());
    }

    @PostMapping(value = "/projects/{projectId}/indicators/{indicatorId}/redefinitions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> redefineIndicator(@PathVariable String projectId,
                                                           @PathVariable String indicatorId,
                                                           @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                           @Valid @RequestBody IndicatorRequests.Redefine request) {
        CommandResult result = send(projectId, new RedefineIndicator(projectId, ExpectedVersion.parse(ifMatch),
                indicatorId, request.name(), request.target(), request.periodTargets(), request.municipalityTargets(),
                request.dimensions(), request.reason()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    @PostMapping(value = "/projects/{projectId}/indicators/{indicatorId}/measurements", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<CommandAnswer> measure(@PathVariable String projectId, @PathVariable String indicatorId,
                                                 @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @Valid @RequestBody IndicatorRequests.Measure request) {
        CommandResult result = send(projectId, new RecordIndicatorMeasurement(projectId,
                ExpectedVersion.parse(ifMatch), indicatorId, request.measurementId(), request.measuredOn(),
                request.value(), request.municipality(), request.breakdown(), request.source(),
                request.changeReason()));
        return answer(HttpStatus.CREATED, projectId, result, "/indicators/" + indicatorId + "/measurements/" + result.id());
    }

    @PostMapping(value = "/projects/{projectId}/indicators/{indicatorId}/measurements/{measurementId}/corrections",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> correctMeasurement(@PathVariable String projectId,
                                                            @PathVariable String indicatorId,
                                                            @PathVariable String measurementId,
                                                            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                            @Valid @RequestBody IndicatorRequests.Correct request) {
        IndicatorRequests.Measured corrected = request.corrected();
        CommandResult result = send(projectId, new CorrectMeasurement(projectId, ExpectedVersion.parse(ifMatch),
                indicatorId, measurementId, corrected.measuredOn(), corrected.value(), corrected.municipality(),
                corrected.breakdown(), corrected.source(), request.reason(), corrected.named()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    @PostMapping(value = "/projects/{projectId}/indicators/{indicatorId}/measurements/{measurementId}/retractions",
            consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> retractMeasurement(@PathVariable String projectId,
                                                            @PathVariable String indicatorId,
                                                            @PathVariable String measurementId,
                                                            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                            @Valid @RequestBody ActivityChangeRequests.Retract request) {
        CommandResult result = send(projectId, new RetractMeasurement(projectId, ExpectedVersion.parse(ifMatch),
                indicatorId, measurementId, request.reason()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    @PostMapping(value = "/projects/{projectId}/planned-activities", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<CommandAnswer> plan(@PathVariable String projectId,
                                              @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @Valid @RequestBody PlanActivityRequest request) {
        CommandResult result = send(projectId, new PlanActivity(projectId, ExpectedVersion.parse(ifMatch),
                request.plannedActivityId(), request.title(), request.activityType(), request.plannedCount(),
                request.indicatorIds()));
        return answer(HttpStatus.CREATED, projectId, result, "/planned-activities/" + result.id());
    }

    /**
     * Records an activity of one of the contract's types ({@code training-delivered}, {@code meeting-held}, ...).
     * The body is the event's data without {@code projectId}, which the path gives.
     */
    @PostMapping(value = "/projects/{projectId}/activities/{activityType}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    public ResponseEntity<CommandAnswer> record(@PathVariable String projectId, @PathVariable String activityType,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @RequestBody Map<String, Object> body) {
        EventType type = EventTypes.named(activityType)
                .filter(t -> ActivityEvent.class.isAssignableFrom(t.javaType()))
                .orElseThrow(() -> new UnknownActivityType(activityType));
        if (body.containsKey("projectId")) {
            throw new InvalidRequest("projectId", "comes from the path; leave it out of the body");
        }
        Map<String, Object> facts = new LinkedHashMap<>(body);
        if (facts.get("activityId") == null) {
            facts.put("activityId", Ids.orNew(null));
        }
        // Beside the facts, not one of them: why an approved period changes, when the activity falls in one.
        Object changeReason = facts.remove(CHANGE_REASON);
        if (changeReason != null && !(changeReason instanceof String)) {
            throw new InvalidRequest(CHANGE_REASON, "must be text");
        }
        // As a measurement's changeReason is, at any date (IndicatorRequests.Measure).
        if (changeReason instanceof String text && text.length() > TextLimits.REASON) {
            throw new InvalidRequest(CHANGE_REASON, TextLimits.atMost(TextLimits.REASON));
        }
        CommandResult result = send(projectId, new RecordActivity(projectId, ExpectedVersion.parse(ifMatch),
                type.name(), facts, (String) changeReason));
        return answer(HttpStatus.CREATED, projectId, result, "/activities/" + result.id());
    }

    @PostMapping(value = "/projects/{projectId}/activities/{activityId}/corrections", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> correct(@PathVariable String projectId, @PathVariable String activityId,
                                                 @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @Valid @RequestBody ActivityChangeRequests.Correct request) {
        if (request.corrected().containsKey("projectId")) {
            throw new InvalidRequest("corrected.projectId", "comes from the path; leave it out of the body");
        }
        CommandResult result = send(projectId, new CorrectActivity(projectId, ExpectedVersion.parse(ifMatch),
                activityId, request.corrected(), request.reason()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    @PostMapping(value = "/projects/{projectId}/activities/{activityId}/retractions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> retract(@PathVariable String projectId, @PathVariable String activityId,
                                                 @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @Valid @RequestBody ActivityChangeRequests.Retract request) {
        CommandResult result = send(projectId, new RetractActivity(projectId, ExpectedVersion.parse(ifMatch),
                activityId, request.reason()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    @PostMapping(value = "/projects/{projectId}/periods/{periodId}/submissions", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> submit(@PathVariable String projectId, @PathVariable String periodId,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody PeriodRequests.Comment request) {
        CommandResult result = send(projectId, new SubmitPeriod(projectId, ExpectedVersion.parse(ifMatch),
                periodId, request.comment()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    @PostMapping(value = "/projects/{projectId}/periods/{periodId}/returns", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> returnForChanges(@PathVariable String projectId, @PathVariable String periodId,
                                                          @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                          @Valid @RequestBody PeriodRequests.Comment request) {
        CommandResult result = send(projectId, new ReturnPeriod(projectId, ExpectedVersion.parse(ifMatch),
                periodId, request.comment()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    /**
     * Approves what the officer reviewed, and only that: If-Match must name the version reviewed (the period report's
     * {@code version}), so a change recorded since is never approved unseen; the approval is refused with 412 then.
     */
    @PostMapping(value = "/projects/{projectId}/periods/{periodId}/approvals", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> approve(@PathVariable String projectId, @PathVariable String periodId,
                                                 @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                 @Valid @RequestBody PeriodRequests.Approval request) {
        long reviewed = ExpectedVersion.required(ifMatch, "an approval certifies the figures its officer reviewed: "
                + "send If-Match with the version they are of (the period report's version, GET /api/projects/"
                + projectId + "/periods/" + periodId + " on the query service), so that nothing recorded since is "
                + "approved unseen");
        CommandResult result = send(projectId, new ApprovePeriod(projectId, reviewed, periodId, request.comment()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    @PostMapping(value = "/projects/{projectId}/periods/{periodId}/reopenings", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> reopen(@PathVariable String projectId, @PathVariable String periodId,
                                                @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                @Valid @RequestBody PeriodRequests.Reopening request) {
        CommandResult result = send(projectId, new ReopenPeriod(projectId, ExpectedVersion.parse(ifMatch),
                periodId, request.reason()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    /**
     * Closes the project out: it has ended and every report it owes is approved, unchanged since. Nothing is recorded
     * in it after, until an administrator reopens it. As an approval, it certifies what its officer looked at: If-Match
     * must name the project's version then, so nothing recorded since is made final unseen (412 otherwise).
     */
    @PostMapping(value = "/projects/{projectId}/closures", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> close(@PathVariable String projectId,
                                               @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                               @Valid @RequestBody ClosureRequests.Closing request) {
        long reviewed = ExpectedVersion.required(ifMatch, "a closure makes final the figures its officer looked at: "
                + "send If-Match with the project's version (GET /api/projects/" + projectId + " on the query "
                + "service), so that nothing recorded since is made final unseen");
        CommandResult result = send(projectId, new CloseProject(projectId, reviewed, request.comment()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    @PostMapping(value = "/projects/{projectId}/reopenings", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<CommandAnswer> reopenProject(@PathVariable String projectId,
                                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                                       @Valid @RequestBody ClosureRequests.Reopening request) {
        CommandResult result = send(projectId, new ReopenProject(projectId, ExpectedVersion.parse(ifMatch),
                request.reason()));
        return answer(HttpStatus.OK, projectId, result, null);
    }

    private <R> R send(String projectId, Object command) {
        // Every project's id has the registration's form. The event store holds other streams too (the reporting
        // calendar's, programme:{id}), which a path could name and no project command may load.
        if (!Ids.PATTERN_COMPILED.matcher(projectId).matches()) {
            throw new AggregateNotFoundException(projectId, "No project is registered under this id");
        }
        return turns.send(projectId, command);
    }

    private static ResponseEntity<CommandAnswer> answer(HttpStatus status, String projectId, CommandResult result,
                                                              String createdPath) {
        var response = ResponseEntity.status(status).eTag("\"" + result.version() + "\"");
        if (createdPath != null) {
            response.location(URI.create("/api/projects/" + projectId + createdPath));
        }
        return response.body(new CommandAnswer(projectId, result.id(), result.version()));
    }

    static class UnknownActivityType extends RuntimeException {
        UnknownActivityType(String type) {
            super("'" + type + "' is not an activity type; use one of "
                    + EventTypes.activityTypes().stream().map(EventType::name).toList());
        }
    }
}
