package org.kronika.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.UrlPathHelper;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Requests the API does not understand are refused, not ignored: a query parameter the endpoint does not take
 * (such as an injected {@code ?organisationId[$ne]=x} filter, or a replay point on an endpoint that replays
 * nothing) is a 400, and a URL the firewall rejects (path traversal, encoded slashes, control characters) is a 400
 * problem+json rather than a bare error page. What an endpoint takes is read from its handler's
 * {@link RequestParam}s, so the check cannot drift from the controllers.
 */
public final class StrictRequests extends OncePerRequestFilter {

    private final Supplier<RequestMappingHandlerMapping> handlers;
    private final Map<Method, Taken> takenByHandler = new ConcurrentHashMap<>();

    /** The query parameters a handler takes, by name, and those of them that take several values (a list). */
    private record Taken(Set<String> names, Set<String> lists) {
    }

    /** @param handlers the service's controller mappings, asked for once the application is running */
    public StrictRequests(Supplier<RequestMappingHandlerMapping> handlers) {
        this.handlers = handlers;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The decoded path, as Tomcat, the security matchers and the handler lookup see it: the raw URI kept
        // /%61pi/... out of this check while the request still reached the API's handlers.
        return !PATHS.getPathWithinApplication(request).startsWith("/api/");
    }

    private static final UrlPathHelper PATHS = new UrlPathHelper();

    /** Set by Tomcat on a request whose parameters it could not all read (its {@code Globals.PARAMETER_PARSE_FAILED_ATTR}). */
    private static final String PARAMETERS_NOT_READ_WHOLE = "org.apache.catalina.parameter_parse_failed";

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Taken taken = request.getQueryString() == null ? null : parametersTakenBy(request);
        if (taken != null) {
            var unreadable = QueryStrings.fault(request.getQueryString());
            if (unreadable.isPresent()) {
                Problem.ofField(HttpStatus.BAD_REQUEST, Problem.INVALID_QUERY_PARAMETER, unreadable.get().parameter(),
                        unreadable.get().detail()).writeTo(response, request.getRequestURI());
                return;
            }
            for (var parameter : request.getParameterMap().entrySet()) {
                String name = parameter.getKey();
                if (taken.names().contains(name) && parameter.getValue().length > 1
                        && !taken.lists().contains(name)) {
                    // Read as one value, "1,2": refused as a wrong value, which hid that it was given twice.
                    Problem.ofField(HttpStatus.BAD_REQUEST, Problem.INVALID_QUERY_PARAMETER, name,
                            "is given " + parameter.getValue().length + " times; it takes one value")
                            .writeTo(response, request.getRequestURI());
                    return;
                }
                if (!taken.names().contains(name)) {
                    Problem.ofField(HttpStatus.BAD_REQUEST, "Unknown query parameter", Problem.printable(name),
                            taken.names().isEmpty() ? "is not a query parameter of this endpoint, which takes none"
                                    : "is not a query parameter of this endpoint, which takes "
                                    + String.join(", ", taken.names()))
                            .writeTo(response, request.getRequestURI());
                    return;
                }
            }
            if (request.getAttribute(PARAMETERS_NOT_READ_WHOLE) != null) {
                // Read as far as Tomcat could (more parameters than it takes, say): the rest was left out silently.
                Problem.of(HttpStatus.BAD_REQUEST, "Invalid query string", "The query string could not be read whole: "
                        + "it has more parameters than any endpoint takes, or parts that cannot be read")
                        .writeTo(response, request.getRequestURI());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * The parameters the handler that answers the request takes; null where no handler answers it (an unknown path,
     * an Accept or Content-Type no handler serves): the dispatcher then answers 404, 406 or 415, which say more
     * than a 400 about a parameter.
     */
    private Taken parametersTakenBy(HttpServletRequest request) {
        HandlerExecutionChain found;
        try {
            found = ServedMethods.handler(handlers.get(), request);
        } catch (Exception e) {
            return null;
        }
        return found != null && found.getHandler() instanceof HandlerMethod handler
                ? takenByHandler.computeIfAbsent(handler.getMethod(), method -> new Taken(requestParams(handler, false),
                requestParams(handler, true)))
                : null;
    }

    /** The query parameters a handler takes: its {@link RequestParam}s, by name. */
    public static Set<String> requestParams(HandlerMethod handler) {
        return requestParams(handler, false);
    }

    /** Its {@link RequestParam}s by name, or only those that take several values (a list or an array). */
    private static Set<String> requestParams(HandlerMethod handler, boolean listsOnly) {
        Set<String> names = new TreeSet<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            boolean list = parameter.getParameterType().isArray()
                    || java.util.Collection.class.isAssignableFrom(parameter.getParameterType());
            if (param != null && (list || !listsOnly)) {
                parameter.initParameterNameDiscovery(new DefaultParameterNameDiscoverer());
                names.add(param.name().isEmpty() ? parameter.getParameterName() : param.name());
            }
        }
        return java.util.Collections.unmodifiableSet(names);
    }

    /** A browser's request for a dashboard's page is answered with a page instead ({@link RefusedAddressPage}). */
    public static RequestRejectedHandler rejectedAsProblem() {
        return (request, response, e) -> {
            if (RefusedAddressPage.wanted(request)) {
                RefusedAddressPage.writeTo(request, response);
                return;
            }
            refusal(e.getMessage() == null ? "" : e.getMessage())
                    .writeTo(response, ProblemErrorReportValve.shownAddress(request.getRequestURI()));
        };
    }

    /**
     * What the firewall refused, in words of its own, told by how its message begins: the message names a header's
     * whole value, a bearer token's too, which a refusal must not echo, and all of it was called "the request URL".
     */
    static Problem refusal(String firewallMessage) {
        String why = "The request was rejected because the ";
        String part = firewallMessage.startsWith(why) ? firewallMessage.substring(why.length()) : "";
        if (part.startsWith("header")) {
            return rejected(HttpStatus.BAD_REQUEST, "A request header's name or value has a character that is not "
                    + "allowed (a control character, or one Unicode has not assigned)");
        }
        if (part.startsWith("parameter")) {
            return rejected(HttpStatus.BAD_REQUEST, "A query parameter's name or value has a character that is not "
                    + "allowed (a control character, or one Unicode has not assigned)");
        }
        if (part.startsWith("HTTP method")) {
            return rejected(HttpStatus.NOT_IMPLEMENTED, "The request method is not one this service serves: GET, "
                    + "HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
        }
        if (part.startsWith("domain")) {
            return rejected(HttpStatus.BAD_REQUEST, "The request's host name is not accepted");
        }
        String said = Problem.printable(firewallMessage);
        return rejected(HttpStatus.BAD_REQUEST, "The request URL is not acceptable: "
                + (said.length() > 300 ? said.substring(0, 300) + "..." : said));
    }

    private static Problem rejected(HttpStatus status, String detail) {
        return Problem.of(status, ProblemErrorReportValve.REJECTED, detail);
    }
}
