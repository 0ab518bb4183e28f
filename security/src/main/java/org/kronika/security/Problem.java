package org.kronika.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every refusal of both services, as RFC 9457 problem+json, in one shape wherever it is answered: by an exception
 * handler ({@link #toDetail()}), by a servlet filter before Spring MVC is reached ({@link #writeTo}), or by Tomcat
 * itself ({@link #toJson()}). Where a field is at fault, {@code errors} names it.
 *
 * @param errors each {@code {field, message}}; empty when no single input is at fault
 */
public record Problem(HttpStatus status, String title, String detail, List<FieldError> errors) {

    public static final String MEDIA_TYPE = MediaType.APPLICATION_PROBLEM_JSON_VALUE;
    /**
     * The title of a 400 naming the body member or header at fault, whichever request holds it and whichever reader
     * found it (the request's shape, an activity's facts, a constraint): one kind of refusal, one title.
     */
    public static final String INVALID_REQUEST = "Invalid request";
    /** The title of a 400 naming a query parameter whose value the endpoint cannot take, on either service. */
    public static final String INVALID_QUERY_PARAMETER = "Invalid query parameter";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One input at fault: its dotted path ({@code participants.bySex.female}, {@code indicatorIds[1]}). A path that
     * holds a key the caller sent (a breakdown's category) is cut at {@value #FIELD_SHOWN} characters: a refusal
     * names the field, it does not echo a body of any size back.
     */
    public record FieldError(String field, String message) {
        public FieldError {
            field = shown(field);
        }

        /**
         * The error as a detail's sentence: the field, a colon, the message. A message is sometimes about the field
         * ("must not be negative") and sometimes a sentence of its own ("the report for 2025-Q3 was never
         * submitted"): glued with a space, the second read "periodId the report for ...".
         */
        public String sentence() {
            return field + ": " + message;
        }
    }

    static final int FIELD_SHOWN = 200;

    private static String shown(String field) {
        return field == null || field.length() <= FIELD_SHOWN ? field : field.substring(0, FIELD_SHOWN) + "…";
    }

    public Problem {
        errors = List.copyOf(errors);
    }

    /**
     * Text a request sent, as an answer shows it: printable ASCII, anything else as {@code ?}, since it may hold control
     * characters or bytes that are no text.
     */
    public static String printable(String sent) {
        return sent.replaceAll("[^\\x20-\\x7E]", "?");
    }

    public static Problem of(HttpStatus status, String title, String detail) {
        return new Problem(status, title, detail, List.of());
    }

    /**
     * No handler of the service answers at the path, by any method: the API's addresses are in its OpenAPI document.
     */
    public static Problem noSuchAddress(String path) {
        return of(HttpStatus.NOT_FOUND, "No such address",
                "Nothing is served at " + path + "; the API's addresses are listed at /v3/api-docs");
    }

    /**
     * The address is served, not by this method: {@code allowed} are those the caller may use there, as the
     * {@code Allow} header names them too.
     */
    public static Problem methodNotAllowed(String method, Collection<String> allowed) {
        return of(HttpStatus.METHOD_NOT_ALLOWED, HttpStatus.METHOD_NOT_ALLOWED.getReasonPhrase(),
                "This address answers " + String.join(", ", allowed) + ", not " + method);
    }

    /** The refusal of one field, whose message is the detail too, after the field's name. */
    public static Problem ofField(HttpStatus status, String title, String field, String message) {
        FieldError error = new FieldError(field, message);
        return new Problem(status, title, error.sentence(), List.of(error));
    }

    /**
     * The refusal of several fields at once, each named in {@code errors}; the detail gives their sentences in the
     * same order, so a reader of the detail alone learns every one too.
     */
    public static Problem ofFields(HttpStatus status, String title, List<FieldError> errors) {
        return new Problem(status, title, String.join("; ", errors.stream().map(FieldError::sentence).toList()),
                errors);
    }

    public Problem withErrors(List<FieldError> fieldErrors) {
        return new Problem(status, title, detail, fieldErrors);
    }

    /** For exception handlers: Spring MVC writes it, adding the request's path as {@code instance}. */
    public ProblemDetail toDetail() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errorMembers());
        }
        return problem;
    }

    /**
     * For a handler whose mapping produces other types (a page, a stream): the answer typed problem+json whatever the
     * request accepted, with the headers given (Retry-After, say).
     */
    public ResponseEntity<ProblemDetail> toResponse(HttpHeaders headers) {
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(toDetail());
    }

    /** For filters and handlers that answer before Spring MVC: the same members, written directly. */
    public void writeTo(HttpServletResponse response, String instance) throws IOException {
        response.setStatus(status.value());
        // Bytes, not a writer: JSON is UTF-8 by definition (RFC 8259), so the type names no charset.
        response.setContentType(MEDIA_TYPE);
        response.getOutputStream().write(toJson(instance).getBytes(StandardCharsets.UTF_8));
    }

    public String toJson(String instance) {
        try {
            return JSON.writeValueAsString(members(instance));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * For a handler whose answer Spring MVC writes as a map (the error controller's, whose signature is Spring
     * Boot's): the members typed problem+json.
     */
    public ResponseEntity<Map<String, Object>> toMembersResponse(String instance) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(members(instance));
    }

    private Map<String, Object> members(String instance) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("type", "about:blank");
        members.put("title", title);
        members.put("status", status.value());
        members.put("detail", detail);
        if (instance != null) {
            members.put("instance", instance);
        }
        if (!errors.isEmpty()) {
            members.put("errors", errorMembers());
        }
        return members;
    }

    private List<Map<String, String>> errorMembers() {
        return errors.stream().map(error -> {
            Map<String, String> member = new LinkedHashMap<>();
            member.put("field", error.field());
            member.put("message", error.message());
            return member;
        }).toList();
    }
}
