package org.kronika.query.dashboard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.util.UrlPathHelper;

import java.util.Locale;

/**
 * An address under {@code /dashboard} that no page answers is the dashboards' "not found" page, in the reader's
 * language, as a missing project is: {@link PageModel} answers only what a page threw, and with no page found the
 * API's problem+json was all a browser got. Anywhere else (a missing script or style too) the answer stays the
 * API's.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownPages {

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    private final PageModel pages;
    private final ResponseEntityExceptionHandler problems;

    UnknownPages(PageModel pages, ResponseEntityExceptionHandler problems) {
        this.pages = pages;
        this.problems = problems;
    }

    /** @return a page's view name under {@code /dashboard}, else the problem+json the API answers */
    @ExceptionHandler({NoHandlerFoundException.class, NoResourceFoundException.class})
    Object notFound(Exception e, HttpServletRequest request, HttpServletResponse response, Model model, Locale locale)
            throws Exception {
        // The decoded path, as the dispatcher found no handler for it.
        String path = PATHS.getPathWithinApplication(request);
        // A script or style that is not there is asked for by a page, not read: no page in its place.
        if (path.startsWith("/dashboard/") && !path.startsWith("/dashboard/assets/")) {
            return pages.error(request, response, model, locale, 404, "error.notFound");
        }
        return problems.handleException(e, new ServletWebRequest(request, response));
    }
}
