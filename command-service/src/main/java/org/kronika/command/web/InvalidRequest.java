package org.kronika.command.web;

/** A request that cannot become a command; answered with 400 naming the field. */
public class InvalidRequest extends RuntimeException {

    private final String field;

    public InvalidRequest(String field, String message) {
        super(message);
        this.field = field;
    }

    String field() {
        return field;
    }
}
