package org.kronika.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** problem+json written by servlet filters, which answer before Spring MVC's exception handling is reached. */
final class FilterProblems {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FilterProblems() {
    }

    static void write(HttpServletResponse response, HttpStatus status, String title, String detail, String field)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        if (field != null) {
            problem.put("errors", List.of(Map.of("field", field, "message", detail)));
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(JSON.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8));
    }
}
