package org.kronika.security;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.util.UrlPathHelper;

import java.util.List;
import java.util.Set;

/** 401, 403, and the 404 and 405 a denial can turn out to be, as RFC 9457 problem+json, like every other answer of the services ({@link Problem}). */
public final class ProblemResponses {

    private ProblemResponses() {
    }

    /** No token, or one that is forged, expired or meant for someone else. */
    public static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
            boolean invalid = e instanceof InvalidBearerTokenException;
            response.setHeader("WWW-Authenticate", invalid
                    ? "Bearer error=\"invalid_token\", error_description=\"The token is not valid\""
                    : "Bearer");
            Problem.of(HttpStatus.UNAUTHORIZED, "Unauthorized", invalid
                    ? "The bearer token is not valid: forged, expired, or not meant for this service"
                    : "A bearer token is required; get one from the authorization server")
                    .writeTo(response, request.getRequestURI());
        };
    }

    /**
     * A valid token whose role may not do this, or a recorder reaching beyond its organisation. The table denies
     * whatever it does not list, addresses no handler serves among them: those are told 404, not that the caller's
     * role may not, and a method the address does not serve is told 405 with the methods the caller may use there
     * ({@code Allow}). The answer is only given once the caller is authenticated: without a valid token it is 401,
     * which says nothing of what exists.
     */
    public static AccessDeniedHandler forbidden(AccessRules access, ServedMethods served) {
        return (request, response, e) -> {
            String uri = request.getRequestURI();
            // A rule about the caller's organisation says why; the generic denial of a role rule does not.
            if (e.getMessage() != null && !"Access Denied".equals(e.getMessage())) {
                Problem.of(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage()).writeTo(response, uri);
                return;
            }
            Set<HttpMethod> methods = served.at(request);
            if (methods.isEmpty()) {
                Problem.noSuchAddress(uri).writeTo(response, uri);
                return;
            }
            Authentication caller = SecurityContextHolder.getContext().getAuthentication();
            if (!methods.contains(HttpMethod.valueOf(request.getMethod())) && caller != null) {
                List<String> allowed = access.permitted(methods, PATHS.getPathWithinApplication(request),
                        caller.getAuthorities()).stream().map(HttpMethod::name).sorted().toList();
                if (!allowed.isEmpty()) {
                    response.setHeader(HttpHeaders.ALLOW, String.join(", ", allowed));
                    Problem.methodNotAllowed(request.getMethod(), allowed).writeTo(response, uri);
                    return;
                }
            }
            Problem.of(HttpStatus.FORBIDDEN, "Forbidden", "Your role may not " + request.getMethod() + " " + uri)
                    .writeTo(response, uri);
        };
    }

    /** The decoded path, as the security matchers and the handler lookup see it. */
    private static final UrlPathHelper PATHS = new UrlPathHelper();
}
