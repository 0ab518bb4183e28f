package org.kronika.query.dashboard.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kronika.query.dashboard.Viewer;
import org.kronika.query.i18n.Formats;
import org.kronika.query.web.InvalidParameter;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.NotReady;
import org.kronika.security.Actor;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

import java.util.Locale;

/**
 * What every page knows: its language's formats, who is looking, and where it is (for the language switch). A
 * refusal or a missing project is a page in the reader's language here, never the API's problem+json.
 */
@ControllerAdvice(basePackageClasses = PageModel.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageModel {

    private final MessageSource messages;

    PageModel(MessageSource messages) {
        this.messages = messages;
    }

    @ModelAttribute("fmt")
    Formats formats(Locale locale) {
        return new Formats(locale, messages);
    }

    @ModelAttribute("viewer")
    Viewer viewer() {
        return Actor.current().map(Viewer::of).orElse(null);
    }

    @ModelAttribute("here")
    String here(HttpServletRequest request) {
        return request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    }

    @ExceptionHandler(AccessDeniedException.class)
    String forbidden(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return error(request, response, model, locale, 403, "error.forbidden");
    }

    @ExceptionHandler(NotFound.class)
    String notFound(HttpServletRequest request, HttpServletResponse response, Model model, Locale locale) {
        return error(request, response, model, locale, 404, "error.notFound");
    }

    /** Refused as the API refuses it, 400 naming the parameter: the page is there, its address asks what it is not. */
    @ExceptionHandler(InvalidParameter.class)
    String invalidParameter(InvalidParameter e, HttpServletRequest request, HttpServletResponse response, Model model,
                            Locale locale) {
        model.addAttribute("parameter", e.parameter());
        return error(request, response, model, locale, 400, "error.invalidParameter");
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
        response.setHeader("Retry-After", "5");
        return error(request, response, model, locale, 503, "error.notReady");
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
