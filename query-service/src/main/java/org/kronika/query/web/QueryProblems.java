package org.kronika.query.web;

import org.kronika.security.Problem;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
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

    @ExceptionHandler(NotReady.class)
    ResponseEntity<ProblemDetail> notReady(NotReady e) {
        ProblemDetail problem = Problem.of(HttpStatus.SERVICE_UNAVAILABLE, "Read models not ready", e.getMessage())
                .toDetail();
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(problem);
    }
}
