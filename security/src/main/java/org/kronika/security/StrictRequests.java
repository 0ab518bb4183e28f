package org.kronika.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * Requests the API does not understand are refused, not ignored: a query parameter no endpoint takes (such as
 * an injected {@code ?organisationId[$ne]=x} filter) is a 400, and a URL the firewall rejects (path traversal,
 * encoded slashes, control characters) is a 400 problem+json rather than a bare error page.
 */
public final class StrictRequests extends OncePerRequestFilter {

    private final Set<String> allowedParameters;

    /** @param allowedParameters the query parameters some endpoint of this service takes */
    public StrictRequests(Set<String> allowedParameters) {
        this.allowedParameters = allowedParameters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String name : request.getParameterMap().keySet()) {
            if (!allowedParameters.contains(name) && request.getQueryString() != null) {
                String shown = name.replaceAll("[^\\x20-\\x7E]", "?");
                Problem.ofField(HttpStatus.BAD_REQUEST, "Unknown query parameter", shown,
                        "is not a query parameter of this API").writeTo(response, request.getRequestURI());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    public static RequestRejectedHandler rejectedAsProblem() {
        return (request, response, e) -> Problem.of(HttpStatus.BAD_REQUEST, "Request rejected",
                "The request URL is not acceptable: " + e.getMessage().replaceAll("[^\\x20-\\x7E]", "?"))
                .writeTo(response, null);
    }
}
