package org.kronika.command.web;

import org.kronika.security.Problem;

/** A request that cannot become a command, or a query parameter the endpoint cannot take; answered with 400 naming the field. */
public class InvalidRequest extends RuntimeException {

    private final String field;
    private final String title;

    public InvalidRequest(String field, String message) {
        this(field, message, Problem.INVALID_REQUEST);
    }

    private InvalidRequest(String field, String message, String title) {
        super(message);
        this.field = field;
        this.title = title;
    }

    /** A query parameter's value the endpoint cannot take: refused as the query service refuses one. */
    public static InvalidRequest queryParameter(String name, String message) {
        return new InvalidRequest(name, message, Problem.INVALID_QUERY_PARAMETER);
    }

    String field() {
        return field;
    }

    String title() {
        return title;
    }
}
