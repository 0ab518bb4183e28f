package org.kronika.query.web;

import com.mongodb.MongoException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.kronika.security.Problem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;


/** The query API's own refusals, as RFC 9457 problem+json. */
@RestControllerAdvice
public class QueryProblems {

    @ExceptionHandler(InvalidParameter.class)
    ProblemDetail invalidParameter(InvalidParameter e) {
        return Problem.ofField(HttpStatus.BAD_REQUEST, Problem.INVALID_QUERY_PARAMETER, e.parameter(), e.getMessage())
                .toDetail();
    }

    @ExceptionHandler(NotFound.class)
    ProblemDetail notFound(NotFound e) {
        return Problem.of(HttpStatus.NOT_FOUND, e.title(), e.getMessage()).toDetail();
    }

    @ExceptionHandler(Refused.class)
    ProblemDetail refused(Refused e) {
        return Problem.of(HttpStatus.CONFLICT, e.title(), e.getMessage()).toDetail();
    }

    /** Seconds a client waits before it asks again, when the read models cannot answer yet or for now. */
    public static final String RETRY_AFTER_SECONDS = "5";

    @ExceptionHandler(NotReady.class)
    ResponseEntity<ProblemDetail> notReady(NotReady e) {
        return unavailable("Read models not ready", e.getMessage());
    }

    @ExceptionHandler(TooManyReplays.class)
    ResponseEntity<ProblemDetail> tooManyReplays(TooManyReplays e) {
        return unavailable("Too many replays", e.getMessage());
    }

    /**
     * The read store does not answer (paused, partitioned, failing over): the driver gives up after its server
     * selection timeout. A read changes nothing, and the same read succeeds once the store is back; it was a 500
     * in Spring's own JSON. Any other error of the store is left to be the 500 it is.
     */
    @ExceptionHandler({MongoException.class, DataAccessResourceFailureException.class})
    ResponseEntity<ProblemDetail> readStoreFailure(RuntimeException e) {
        if (!readStoreUnavailable(e)) {
            throw e;
        }
        return unavailable("Read store unavailable",
                "The read models cannot be read right now (their store does not answer); try again shortly");
    }

    /** Whether the error, or one of its causes, says the read store could not be reached, rather than refused. */
    public static boolean readStoreUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException
                    || cause instanceof MongoServerUnavailableException || cause instanceof MongoNotPrimaryException
                    || cause instanceof MongoNodeIsRecoveringException
                    || cause instanceof DataAccessResourceFailureException) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<ProblemDetail> unavailable(String title, String detail) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                .body(Problem.of(HttpStatus.SERVICE_UNAVAILABLE, title, detail).toDetail());
    }
}
