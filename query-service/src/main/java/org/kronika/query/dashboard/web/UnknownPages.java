package org.kronika.query.dashboard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kronika.security.Problem;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.UrlPathHelper;

import java.util.Locale;

/**
 * An address under {@code /dashboard} that no page answers is the dashboards' "not found" page, in the reader's
 * language, as a missing project is: {@link PageModel} answers only what a page threw, and with no page found the
 * API's problem+json was all a browser got. Anywhere else (a missing script or style too) the answer is the API's
 * "No such address", as the access table's refusal of an address nothing serves says it ({@link Problem#noSuchAddress}).
 * A page's address with a slash at its end moves, permanently, to the address without it.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownPages {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final PageModel pages;

    UnknownPages(PageModel pages) {
        this.pages = pages;
    }

    /** @return a page's view name under {@code /dashboard}, else the API's problem+json */
    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    Object notFound(Exception e, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale)
            throws Exception {
        // The decoded path, as the dispatcher found no handler for it.
        String path = PATHS.getPathWithinApplication(request);
        // A page's address typed or linked with a slash at its end ("/dashboard/") is the page's: the dispatcher
        // matches no trailing slash, so it was "not found".
        if (path.startsWith("/dashboard/") && path.endsWith("/") && !path.startsWith("/dashboard/assets/")
                && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            String target = request.getRequestURI().replaceAll("/+$", "");
            String query = request.getQueryString();
            // Only ever to an address of the dashboards, by the rule a form's way back is held to.
            if (SessionPages.dashboardsAddress(target)) {
                try {
                    return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
                            .location(java.net.URI.create(query == null ? target : target + "?" + query)).build();
                } catch (IllegalArgumentException malformedQuery) {
                    // an address no page can read either: "not found", below
                }
            }
        }
        // A script or style that is not there is asked for by a page, not read: no page in its place.
        if (path.startsWith("/dashboard/") && !path.startsWith("/dashboard/assets/")) {
            return pages.error(request, response, model, locale, 404, "error.notFound");
        }
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problem.noSuchAddress(request.getRequestURI()).toDetail());
    }
}
