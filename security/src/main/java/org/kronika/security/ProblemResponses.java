package org.kronika.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;


/** 401 and 403 as RFC 9457 problem+json, like every other answer of the services ({@link Problem}). */
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

    /** A valid token whose role may not do this, or a recorder reaching beyond its organisation. */
    public static AccessDeniedHandler forbidden() {
        // A rule about the caller's organisation says why; the generic denial of a role rule does not.
        return (request, response, e) -> Problem.of(HttpStatus.FORBIDDEN, "Forbidden",
                e.getMessage() != null && !"Access Denied".equals(e.getMessage()) ? e.getMessage()
                        : "Your role may not " + request.getMethod() + " " + request.getRequestURI())
                .writeTo(response, request.getRequestURI());
    }
}
