package org.kronika.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** 401 and 403 as RFC 9457 problem+json, like every other answer of the services. */
public final class ProblemResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemResponses() {
    }

    /** No token, or one that is forged, expired or meant for someone else. */
    public static AuthenticationEntryPoint unauthorized() {
        return (request, response, e) -> {
            boolean invalid = e instanceof InvalidBearerTokenException;
            response.setHeader("WWW-Authenticate", invalid
                    ? "Bearer error=\"invalid_token\", error_description=\"The token is not valid\""
                    : "Bearer");
            write(response, HttpStatus.UNAUTHORIZED, "Unauthorized", invalid
                    ? "The bearer token is not valid: forged, expired, or not meant for this service"
                    : "A bearer token is required; get one from the authorization server");
        };
    }

    /** A valid token whose role may not do this, or a recorder reaching beyond its organisation. */
    public static AccessDeniedHandler forbidden() {
        // A rule about the caller's organisation says why; the generic denial of a role rule does not.
        return (request, response, e) -> write(response, HttpStatus.FORBIDDEN, "Forbidden",
                e.getMessage() != null && !"Access Denied".equals(e.getMessage()) ? e.getMessage()
                        : "Your role may not " + request.getMethod() + " " + request.getRequestURI());
    }

    public static void write(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
    }
}
