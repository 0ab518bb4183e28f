package org.kronika.query.dashboard.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kronika.query.dashboard.TraceLinks;
import org.kronika.query.dashboard.Viewer;
import org.kronika.query.i18n.Formats;
import org.kronika.query.web.AmbiguousMunicipality;
import org.kronika.query.web.InvalidParameter;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.NotReady;
import org.kronika.query.web.Refused;
import org.kronika.query.web.TooManyReplays;
import org.kronika.query.web.QueryProblems;
import org.kronika.security.Actor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What every page knows: its language's formats, who is looking, and where it is (for the language switch). A
 * refusal or a missing project is a page in the reader's language here, never the API's problem+json.
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageModel {

    private final Formats.Shared formats;

    PageModel(Formats.Shared formats) {
        this.formats = formats;
    }

    @ModelAttribute("fmt")
    Formats formats(Locale locale) {
        return formats.in(locale);
    }

    @ModelAttribute("viewer")
    Viewer viewer() {
        return Actor.current().map(Viewer::of).orElse(null);
    }

    /**
     * The page asked for, also when a refusal was forwarded to its page ({@link SessionPages#refused}). A form's
     * refusal shown as a page (a review the dashboards do not send, a field refused) is at an address that answers
     * the form alone, and the language switch leads back by GET: there it leads to the page the form was sent from,
     * as the browser names it, if one of this site's dashboards, or else to the portfolio.
     */
    @ModelAttribute("here")
    String here(HttpServletRequest request) {
        // A form's refusal forwarded to its page (a token refused) is at the form's address too.
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            return SessionPages.pageSentFrom(sentFrom(request));
        }
        if (request.getAttribute(RequestDispatcher.FORWARD_REQUEST_URI) instanceof String asked) {
            Object query = request.getAttribute(RequestDispatcher.FORWARD_QUERY_STRING);
            return asked + (query == null ? "" : "?" + query);
        }
        return request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    }

    /** The address (path and query) of the page of this site a form says it came from, or {@code null}. */
    private static String sentFrom(HttpServletRequest request) {
        String referer = request.getHeader(org.springframework.http.HttpHeaders.REFERER);
        if (referer == null) {
            return null;
        }
        try {
            java.net.URI from = java.net.URI.create(referer);
            java.net.URI site = java.net.URI.create(SessionPages.origin(request));
            if (!java.util.Objects.equals(from.getScheme(), site.getScheme())
                    || !java.util.Objects.equals(from.getRawAuthority(), site.getRawAuthority())) {
                return null;
            }
            return from.getRawPath() + (from.getRawQuery() == null ? "" : "?" + from.getRawQuery());
        } catch (IllegalArgumentException notAnAddress) {
            return null;
        }
    }

    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return error(request, response, model, locale, 403, "error.forbidden");
    }

    @ExceptionHandler(NotFound.class)
    String notFound(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return error(request, response, model, locale, 404, "error.notFound");
    }

    /**
     * A part of a page's address that cannot be what the page reads there (an event number "abc", "1.0" or past any
     * long) names no page, as a number no event has names none: the "not found" page, not the API's problem+json.
     * A query parameter is refused as one whose value the page cannot use.
     */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request,
                        HttpServletResponse response, Model model, Locale locale) {
        if (e.getParameter().hasParameterAnnotation(PathVariable.class)) {
            return notFound(request, response, model, locale);
        }
        return invalidParameter(new InvalidParameter(e.getName(), "is not a value this page can use"), request,
                response, model, locale);
    }

    /**
     * Refused as the API refuses it, 400 naming the parameter: the page is there, its address asks what it is not; or,
     * for a form sent, a field of it holds what it cannot take.
     */
    @ExceptionHandler(InvalidParameter.class)
    String invalidParameter(InvalidParameter e, HttpServletRequest request, HttpServletResponse response, Model model,
                            Locale locale) {
        model.addAttribute("parameter", e.parameter());
        return error(request, response, model, locale, 400,
                "POST".equals(request.getMethod()) ? "error.invalidField" : "error.invalidParameter");
    }

    /**
     * A parameter naming more than one municipality ("Mitrovica"): refused as the API refuses it, 400 naming the
     * parameter, and the page names those it could mean, each a link to this address asking for it instead.
     */
    @ExceptionHandler(AmbiguousMunicipality.class)
    String ambiguousMunicipality(AmbiguousMunicipality e, HttpServletRequest request, HttpServletResponse response,
                                 Model model, Locale locale) {
        error(request, response, model, locale, 400, "error.invalidParameter");
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return MunicipalityChoices.page(model, e.ambiguity(), e.parameter(),
                choice -> withParameter(path, request.getQueryString(), e.parameter(), choice));
    }

    /**
     * The address with one parameter's value replaced, and without its list's page number: page 3 of the figure
     * asked for means nothing for another. Names are compared decoded, as the request's parameters were read:
     * {@code municipalit%79} is the parameter {@code municipality}, and kept, it would still ask for the ambiguous
     * name.
     */
    private static String withParameter(String path, String query, String parameter, String value) {
        StringBuilder address = new StringBuilder(path);
        for (String pair : query == null ? new String[0] : query.split("&")) {
            String name = decoded(pair.split("=", 2)[0]);
            if (!name.isEmpty() && !name.equals(parameter) && !name.equals("page")) {
                address.append(address.indexOf("?") < 0 ? '?' : '&').append(pair);
            }
        }
        return address.append(address.indexOf("?") < 0 ? '?' : '&').append(parameter).append('=')
                .append(TraceLinks.encode(value)).toString();
    }

    /** A query string's name as the request reads it; one that is not valid percent-encoding, as it is. */
    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return name;
        }
    }

    /** An address that asks for what the page does not take at all ({@link PageParameters}). */
    @ExceptionHandler(PageParameters.NotTaken.class)
    String notTaken(PageParameters.NotTaken e, HttpServletRequest request, HttpServletResponse response, Model model,
                    Locale locale) {
        model.addAttribute("parameter", e.parameter());
        return error(request, response, model, locale, 400, "error.unknownParameter");
    }

    @ExceptionHandler(NotReady.class)
    String notReady(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return unavailable(request, response, model, locale, "error.notReady");
    }

    /** A trace of the past asked while every replay of a whole history is taken: 503 and when to try again. */
    @ExceptionHandler(TooManyReplays.class)
    String tooManyReplays(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return unavailable(request, response, model, locale, "error.tooManyReplays");
    }

    /**
     * What the read models cannot say as they stand (a trace of the past meeting a gap in a project's history): 409,
     * as the API answers it, on the reader's page rather than as the API's problem+json.
     */
    @ExceptionHandler(Refused.class)
    String refused(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return error(request, response, model, locale, 409, "error.refused");
    }

    /** The read store does not answer: 503 and when to try again, as the API says it, on the reader's page. */
    @ExceptionHandler({com.mongodb.MongoException.class, org.springframework.dao.DataAccessResourceFailureException.class})
    String readStoreFailure(RuntimeException e, HttpServletRequest request, HttpServletResponse response, Model model,
                            Locale locale) {
        if (!QueryProblems.readStoreUnavailable(e)) {
            throw e;
        }
        return unavailable(request, response, model, locale, "error.readStoreUnavailable");
    }

    /** 503 and when to try again, as the API's problem+json says it (QueryProblems), on the reader's page. */
    private String unavailable(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale,
                               String message) {
        response.setHeader("Retry-After", QueryProblems.RETRY_AFTER_SECONDS);
        return error(request, response, model, locale, 503, message);
    }

    /** Model attributes are not made for an exception's page: it gets them here, "here" too for the language switch. */
    String error(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale, int status,
                 String message) {
        response.setStatus(status);
        model.addAttribute("fmt", formats(locale));
        model.addAttribute("viewer", viewer());
        model.addAttribute("here", here(request));
        model.addAttribute("status", status);
        model.addAttribute("message", message);
        return "dashboard/error";
    }
}
