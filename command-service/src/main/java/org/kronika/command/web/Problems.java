package org.kronika.command.web;

import org.kronika.command.config.JsonErrors;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.kronika.command.project.AlreadyRecorded;
import org.kronika.command.project.MalformedFacts;
import org.kronika.command.project.ProjectRuleViolation;
import org.kronika.command.project.UnknownActivity;
import org.kronika.command.project.NotYourProject;
import org.kronika.command.project.UnknownIndicator;
import org.kronika.command.project.UnknownPeriod;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every rejection as RFC 9457 problem+json. Where a field is at fault, {@code errors} names it, so a client can
 * point at the exact input; nothing of a rejected command reaches the event store.
 */
@RestControllerAdvice
public class Problems extends ResponseEntityExceptionHandler {

    private static final String UNIQUE_VIOLATION = "23505";

    @ExceptionHandler(ProjectRuleViolation.class)
    ProblemDetail ruleViolated(ProjectRuleViolation e) {
        return withErrors(HttpStatus.UNPROCESSABLE_ENTITY, "Project rule violated",
                e.field() + " " + e.getMessage(), List.of(fieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalidRequest(InvalidRequest e) {
        return withErrors(HttpStatus.BAD_REQUEST, "Invalid request", e.field() + " " + e.getMessage(),
                List.of(fieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(MalformedFacts.class)
    ProblemDetail malformedFacts(MalformedFacts e) {
        return withErrors(HttpStatus.BAD_REQUEST, "Invalid request", e.field() + " " + e.getMessage(),
                List.of(fieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(UnknownActivity.class)
    ProblemDetail unknownActivity(UnknownActivity e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown activity", e.getMessage());
    }

    @ExceptionHandler(ProjectCommandController.UnknownActivityType.class)
    ProblemDetail unknownActivityType(ProjectCommandController.UnknownActivityType e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown activity type", e.getMessage());
    }

    /** {@code If-Match} named a version the project is no longer (or not yet) at. */
    @ExceptionHandler(ConflictingAggregateVersionException.class)
    ProblemDetail versionMismatch(ConflictingAggregateVersionException e) {
        ProblemDetail problem = withErrors(HttpStatus.PRECONDITION_FAILED, "Project version mismatch",
                "The project is at version " + e.getActualVersion() + ", not " + e.getExpectedVersion()
                        + "; read it again before deciding",
                List.of(fieldError("If-Match", "expected version " + e.getExpectedVersion()
                        + " but the project is at " + e.getActualVersion())));
        problem.setProperty("currentVersion", e.getActualVersion());
        return problem;
    }

    @ExceptionHandler(PayloadTooLarge.class)
    ProblemDetail payloadTooLarge(PayloadTooLarge e) {
        return problem(HttpStatus.PAYLOAD_TOO_LARGE, "Payload too large", e.getMessage());
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ProblemDetail unknownProject(AggregateNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown project",
                "No project " + e.getAggregateIdentifier() + " is registered");
    }

    @ExceptionHandler(AlreadyRecorded.class)
    ProblemDetail alreadyRecorded(AlreadyRecorded e) {
        return withErrors(HttpStatus.CONFLICT, "Already recorded", e.field() + " " + e.getMessage(),
                List.of(fieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(NotYourProject.class)
    ProblemDetail notYourProject(NotYourProject e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler(UnknownPeriod.class)
    ProblemDetail unknownPeriod(UnknownPeriod e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown reporting period", e.getMessage());
    }

    @ExceptionHandler(UnknownIndicator.class)
    ProblemDetail unknownIndicator(UnknownIndicator e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown indicator", e.getMessage());
    }

    @ExceptionHandler({AggregateStreamCreationException.class, ConcurrencyException.class})
    ProblemDetail conflict(RuntimeException e) {
        return e instanceof AggregateStreamCreationException ? alreadyRegistered() : changedConcurrently();
    }

    /**
     * The JDBC event store reports a unique-key violation (the optimistic concurrency guard) as a generic
     * EventStoreException around Axon's own exception; unwrap it so clients see 409, not 500.
     */
    @ExceptionHandler(EventStoreException.class)
    ProblemDetail eventStoreRefused(EventStoreException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateStreamCreationException
                    || String.valueOf(cause.getMessage()).startsWith("Cannot reuse aggregate identifier")) {
                return alreadyRegistered();
            }
            if (cause instanceof ConcurrencyException
                    || cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return changedConcurrently();
            }
        }
        throw e;
    }

    private static ProblemDetail alreadyRegistered() {
        return withErrors(HttpStatus.CONFLICT, "Project already registered",
                "A project with this projectId is already registered",
                List.of(fieldError("projectId", "is already registered")));
    }

    private static ProblemDetail changedConcurrently() {
        return problem(HttpStatus.CONFLICT, "Conflict", "The project was changed concurrently; retry the command");
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> fieldError(error.getField(), error.getDefaultMessage()))
                .toList();
        String detail = errors.stream().map(error -> error.get("field") + " " + error.get("message"))
                .collect(Collectors.joining("; "));
        return ResponseEntity.badRequest().body(withErrors(HttpStatus.BAD_REQUEST, "Invalid request", detail, errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
                                                                  HttpHeaders headers, HttpStatusCode status,
                                                                  WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLarge tooLarge) {
                return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(payloadTooLarge(tooLarge));
            }
        }
        String field = JsonErrors.fieldOf(e.getCause());
        ProblemDetail problem = field == null
                ? problem(HttpStatus.BAD_REQUEST, "Malformed request body", "The body is not valid JSON")
                : withErrors(HttpStatus.BAD_REQUEST, "Malformed request body", field + " has the wrong type or format",
                List.of(fieldError(field, "has the wrong type or format")));
        return ResponseEntity.badRequest().body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return problem;
    }

    private static ProblemDetail withErrors(HttpStatus status, String title, String detail,
                                            List<Map<String, String>> errors) {
        ProblemDetail problem = problem(status, title, detail);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static Map<String, String> fieldError(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }
}
