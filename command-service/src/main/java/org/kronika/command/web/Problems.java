package org.kronika.command.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import org.kronika.command.config.CommandRetries;
import org.kronika.command.config.JsonErrors;
import org.axonframework.common.AxonTransientException;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.kronika.command.project.AlreadyRecorded;
import org.kronika.command.project.ClosedProject;
import org.kronika.command.project.FieldRefusal;
import org.kronika.command.project.MalformedFacts;
import org.kronika.command.project.NotClosable;
import org.kronika.command.project.NotClosed;
import org.kronika.command.project.ProjectRuleViolation;
import org.kronika.events.ProgrammeEvent;
import org.kronika.security.Problem;
import org.kronika.command.project.UnknownActivity;
import org.kronika.command.project.NotYourProject;
import org.kronika.command.project.UnknownIndicator;
import org.kronika.command.project.UnknownMeasurement;
import org.kronika.command.project.UnknownPeriod;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import jakarta.validation.ConstraintViolation;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.TreeSet;

/**
 * Every rejection as RFC 9457 problem+json. Where a field is at fault, {@code errors} names it, so a client can
 * point at the exact input; nothing of a rejected command reaches the event store.
 */
@RestControllerAdvice
public class Problems extends ResponseEntityExceptionHandler {

    /** SQLSTATE class 08: the connection failed; 57P0x: the server is shutting down or restarting. */
    private static final String CONNECTION_EXCEPTION = "08";
    private static final String SHUTDOWN = "57P0";
    private static final long RETRY_AFTER_SECONDS = 5;

    @ExceptionHandler(ProjectRuleViolation.class)
    ProblemDetail ruleViolated(ProjectRuleViolation e) {
        return everyField(HttpStatus.UNPROCESSABLE_ENTITY, "Project rule violated", e);
    }

    /** Every field the refusal names, in {@code errors} and in the detail. */
    private static ProblemDetail everyField(HttpStatus status, String title, FieldRefusal e) {
        return Problem.ofFields(status, title, e.faults().stream()
                .map(fault -> new Problem.FieldError(fault.field(), fault.message())).toList()).toDetail();
    }

    @ExceptionHandler(InvalidRequest.class)
    ProblemDetail invalidRequest(InvalidRequest e) {
        return Problem.ofField(HttpStatus.BAD_REQUEST, e.title(), e.field(), e.getMessage())
                .toDetail();
    }

    @ExceptionHandler(MalformedFacts.class)
    ProblemDetail malformedFacts(MalformedFacts e) {
        return everyField(HttpStatus.BAD_REQUEST, Problem.INVALID_REQUEST, e);
    }

    @ExceptionHandler(UnknownActivity.class)
    ProblemDetail unknownActivity(UnknownActivity e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown activity", e.getMessage());
    }

    @ExceptionHandler(UnknownMeasurement.class)
    ProblemDetail unknownMeasurement(UnknownMeasurement e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown measurement", e.getMessage());
    }

    @ExceptionHandler(ProjectCommandController.UnknownActivityType.class)
    ProblemDetail unknownActivityType(ProjectCommandController.UnknownActivityType e) {
        return problem(HttpStatus.NOT_FOUND, "Unknown activity type", e.getMessage());
    }

    /** {@code If-Match} named a version the project is no longer (or not yet) at. */
    @ExceptionHandler(ConflictingAggregateVersionException.class)
    ProblemDetail versionMismatch(ConflictingAggregateVersionException e) {
        boolean calendar = String.valueOf(e.getAggregateIdentifier()).startsWith(ProgrammeEvent.SUBJECT_PREFIX);
        String what = calendar ? "reporting calendar" : "project";
        // An empty reporting calendar is at no version (-1), none to give.
        String at = e.getActualVersion() < 0 ? "has no period yet" : "is at version " + e.getActualVersion();
        ProblemDetail problem = withErrors(HttpStatus.PRECONDITION_FAILED,
                (calendar ? "Calendar" : "Project") + " version mismatch",
                "The " + what + " " + at + ", not " + e.getExpectedVersion() + "; read it again before deciding",
                List.of(fieldError("If-Match", "expected version " + e.getExpectedVersion() + " but the " + what + " "
                        + at)));
        if (e.getActualVersion() >= 0) {
            problem.setProperty("currentVersion", e.getActualVersion());
        }
        return problem;
    }

    @ExceptionHandler(ExpectedVersion.VersionRequired.class)
    ProblemDetail versionRequired(ExpectedVersion.VersionRequired e) {
        return Problem.ofField(HttpStatus.PRECONDITION_REQUIRED, "Project version required", "If-Match",
                "is required: " + e.getMessage()).toDetail();
    }

    @ExceptionHandler(IdempotentCommands.RequestInProgress.class)
    ResponseEntity<ProblemDetail> idempotencyKeyInProgress(IdempotentCommands.RequestInProgress e) {
        // The first request holds its key only for its own transaction: a second is soon enough to ask again.
        return ResponseEntity.status(HttpStatus.CONFLICT).header(HttpHeaders.RETRY_AFTER, "1")
                .body(withErrors(HttpStatus.CONFLICT, "Request in progress", e.getMessage(),
                        List.of(fieldError(IdempotencyKeys.HEADER, e.getMessage()))));
    }

    @ExceptionHandler(IdempotentCommands.KeyReused.class)
    ProblemDetail idempotencyKeyReused(IdempotentCommands.KeyReused e) {
        return withErrors(HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency-Key reused", e.getMessage(),
                List.of(fieldError(IdempotencyKeys.HEADER, e.getMessage())));
    }

    @ExceptionHandler(WellFormedText.NotUtf8.class)
    ProblemDetail notUtf8(WellFormedText.NotUtf8 e) {
        return Problem.ofField(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", HttpHeaders.CONTENT_TYPE,
                e.getMessage()).toDetail();
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(HttpMediaTypeNotSupportedException e,
                                                                     HttpHeaders headers, HttpStatusCode status,
                                                                     WebRequest request) {
        // Spring's own detail reads "Content-Type 'null' is not supported." when the header is left out.
        // The header itself, not the type Spring read from it: one that cannot be read at all is no type either.
        String sent = request.getHeader(HttpHeaders.CONTENT_TYPE);
        String message = sent == null || sent.isBlank() ? "is missing (send application/json)"
                : "is not JSON (send application/json)";
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(headers).body(Problem.ofField(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", HttpHeaders.CONTENT_TYPE, message)
                .toDetail());
    }

    /** An address the access table lets through (a public one) and no handler serves: as the table's own 404 says it. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException e, HttpHeaders headers,
                                                                    HttpStatusCode status, WebRequest request) {
        return noSuchAddress(request);
    }

    @Override
    protected ResponseEntity<Object> handleNoHandlerFoundException(NoHandlerFoundException e, HttpHeaders headers,
                                                                   HttpStatusCode status, WebRequest request) {
        return noSuchAddress(request);
    }

    private static ResponseEntity<Object> noSuchAddress(WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI()
                : request.getDescription(false);
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problem.noSuchAddress(path).toDetail());
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
        ProblemDetail detail = Problem.ofField(HttpStatus.CONFLICT, "Already recorded", e.field(), e.getMessage())
                .toDetail();
        if (e.sameFacts() != null) {
            detail.setProperty("sameFacts", e.sameFacts());
        }
        return detail;
    }

    /** Closed out, the project takes nothing but a reopening: no input of the command is at fault. */
    @ExceptionHandler(ClosedProject.class)
    ProblemDetail closedProject(ClosedProject e) {
        ProblemDetail detail = problem(HttpStatus.CONFLICT, "Project closed", e.getMessage());
        if (e.closedAt() != null) {
            detail.setProperty("closedAt", e.closedAt());
        }
        return detail;
    }

    /** What stands in the way of a closure: the end date, every period whose report is not approved. */
    @ExceptionHandler(NotClosable.class)
    ProblemDetail notClosable(NotClosable e) {
        return everyField(HttpStatus.CONFLICT, "Project cannot be closed", e);
    }

    @ExceptionHandler(NotClosed.class)
    ProblemDetail notClosed(NotClosed e) {
        return problem(HttpStatus.CONFLICT, "Project not closed", e.getMessage());
    }

    @ExceptionHandler(NotYourProject.class)
    ProblemDetail notYourProject(NotYourProject e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler(PublisherAdminController.NothingDeadLettered.class)
    ProblemDetail nothingDeadLettered(PublisherAdminController.NothingDeadLettered e) {
        return problem(HttpStatus.NOT_FOUND, "Nothing dead-lettered", e.getMessage());
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
    ResponseEntity<ProblemDetail> eventStoreRefused(EventStoreException e) {
        if (eventStoreUnreachable(e)) {
            return eventStoreUnavailable();
        }
        return ResponseEntity.status(HttpStatus.CONFLICT).body(refusal(e));
    }

    /**
     * PostgreSQL away: nothing was stored (or, if the connection broke during the commit, the outcome is unknown,
     * which an Idempotency-Key makes safe to retry). Answered at once, within the pool's short connection timeout,
     * rather than after the client gave up; the service recovers by itself when PostgreSQL is back.
     */
    @ExceptionHandler({TransactionException.class, DataAccessException.class, AxonTransientException.class})
    ResponseEntity<ProblemDetail> storeFailure(RuntimeException e) {
        if (eventStoreUnreachable(e)) {
            return eventStoreUnavailable();
        }
        throw e;
    }

    @ExceptionHandler(ProjectTurns.ProjectBusy.class)
    ResponseEntity<ProblemDetail> projectBusy(ProjectTurns.ProjectBusy e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Project busy", e.getMessage()));
    }

    private static ResponseEntity<ProblemDetail> eventStoreUnavailable() {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(RETRY_AFTER_SECONDS))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Event store unavailable",
                        "The event store cannot be reached; the command was not recorded, unless the connection "
                                + "broke as it committed. Retry in a few seconds, with the same Idempotency-Key: it "
                                + "is then recorded once, or answered as it was."));
    }

    static boolean eventStoreUnreachable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith(CONNECTION_EXCEPTION) || sql.getSQLState().startsWith(SHUTDOWN))) {
                return true;
            }
        }
        return false;
    }

    /** What the command retries take for a stream created twice, or for a conflict, is said as such once they end. */
    private ProblemDetail refusal(EventStoreException e) {
        if (CommandRetries.createdConcurrently(e)) {
            return alreadyRegistered();
        }
        if (CommandRetries.isConflict(e)) {
            return changedConcurrently();
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
        List<Problem.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .sorted(StatedOrder.of(e.getParameter().getParameterType()))
                .map(error -> fieldError(error.getField(), messageOf(error)))
                .toList();
        return ResponseEntity.badRequest().body(Problem.ofFields(HttpStatus.BAD_REQUEST, Problem.INVALID_REQUEST, errors)
                .toDetail());
    }

    /**
     * A member left out (or null) is "is required", in the words an activity's body and the JSON reader use, whichever
     * constraint found it; Bean Validation's own "must not be null" is kept for a null inside a list.
     */
    private static String messageOf(org.springframework.validation.FieldError error) {
        boolean missing = error.contains(ConstraintViolation.class)
                && error.unwrap(ConstraintViolation.class).getInvalidValue() == null;
        return missing && !error.getField().endsWith("]") ? "is required" : error.getDefaultMessage();
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
        // A member named twice inside a list's entry reaches here wrapped in the entry's error: named where the
        // parser found it (municipalityTargets[0].target), not as the entry being of the wrong type.
        Throwable duplicate = JsonErrors.duplicateIn(e.getCause());
        String field = JsonErrors.fieldOf(duplicate != null ? duplicate : e.getCause());
        String beyond = beyondTheReader(e);
        // A field at fault is the refusal an activity's facts and the constraints answer too; only text that is
        // not JSON, which no field is to blame for, is malformed.
        ProblemDetail problem = field == null
                ? problem(HttpStatus.BAD_REQUEST, "Malformed request body", whatIsWrongWithTheWhole(e, beyond))
                : Problem.ofField(HttpStatus.BAD_REQUEST, Problem.INVALID_REQUEST, field,
                duplicate != null ? "is named twice in one object"
                        : e.getCause() instanceof UnrecognizedPropertyException unknown
                        ? "is not a field this request takes; it takes " + String.join(", ", new TreeSet<>(
                        unknown.getKnownPropertyIds().stream().map(String::valueOf).toList()))
                        : beyond != null ? "holds " + beyond + ", which no field takes"
                        : JsonErrors.isMissingIn(e.getCause()) ? "is required"
                        : e.getCause() instanceof InvalidNullException ? "must not be null"
                        : "has the wrong type or format").toDetail();
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * A body no field is to blame for: none at all or {@code null}, JSON of another shape ({@code []}, {@code 5}), or
     * not JSON; all three had been called "not valid JSON".
     */
    private static String whatIsWrongWithTheWhole(HttpMessageNotReadableException e, String beyond) {
        if (e.getCause() == null && String.valueOf(e.getMessage()).startsWith("Required request body is missing")) {
            return "The body is empty or null: it must be a JSON object";
        }
        if (e.getCause() instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatched
                && mismatched.getPath().isEmpty()) {
            // FAIL_ON_TRAILING_TOKENS reports a second value after the object with the same exception.
            return String.valueOf(mismatched.getOriginalMessage()).startsWith("Trailing token")
                    ? "The body holds more than one JSON value; it must be one JSON object"
                    : "The body must be a JSON object, {...}; it is JSON of another kind";
        }
        if (beyond != null) {
            return "The body holds " + beyond + ", which no field takes";
        }
        return "The body is not valid JSON" + where(e);
    }

    /**
     * Valid JSON beyond the reader's bounds, which it finds as it reads a value, before that value's own member:
     * what it is, or null. Named by the member it is inside, if any ({@code participants} for its {@code total}).
     */
    private static String beyondTheReader(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException beyond) {
                return String.valueOf(beyond.getOriginalMessage()).startsWith("Number value length")
                        ? "a number of more than " + StreamReadConstraints.DEFAULT_MAX_NUM_LEN + " digits"
                        : "a value beyond what the JSON reader takes (too long or nested too deep)";
            }
        }
        return null;
    }

    /** Where the parser gave up, without its message, which quotes the body. */
    private static String where(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof JsonProcessingException json && JsonErrors.isSyntax(json)
                && json.getLocation() != null && json.getLocation().getLineNr() > 0) {
            return " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        }
        return "";
    }

    private static ProblemDetail problem(HttpStatus status, String title, String detail) {
        return Problem.of(status, title, detail).toDetail();
    }

    private static ProblemDetail withErrors(HttpStatus status, String title, String detail,
                                            List<Problem.FieldError> errors) {
        return new Problem(status, title, detail, errors).toDetail();
    }

    private static Problem.FieldError fieldError(String field, String message) {
        return new Problem.FieldError(field, message);
    }
}
