package org.kronika.security;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.web.ErrorProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Map;

/**
 * What an error no handler answered becomes (an exception of the service's own, a {@code sendError}): problem+json,
 * as every other answer, where Spring Boot wrote {@code {timestamp, status, error, path}} as plain JSON. A browser
 * asking for a page still gets the service's error page, as Spring Boot gives it.
 */
public class ProblemErrorController extends BasicErrorController {

    public ProblemErrorController(ErrorAttributes errorAttributes, ErrorProperties errorProperties,
                                  List<ErrorViewResolver> errorViewResolvers) {
        super(errorAttributes, errorProperties, errorViewResolvers);
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        HttpStatus status = getStatus(request);
        if (status == HttpStatus.NO_CONTENT) {
            return new ResponseEntity<>(status);
        }
        // What failed stays in the service's log: an exception's message may name its internals.
        Problem problem = Problem.of(status, status.getReasonPhrase(), status.is5xxServerError()
                ? "The service failed to answer this request; the failure is in its log. Try again: a command sent "
                + "again with the same Idempotency-Key is recorded at most once"
                : "The request was refused");
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return problem.toMembersResponse(ProblemErrorReportValve.shownAddress(uri == null ? null : uri.toString()));
    }
}
