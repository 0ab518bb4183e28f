package org.kronika.query.web;

/** Something asked for that the read models do not know; answered with 404. */
public class NotFound extends RuntimeException {

    private final String title;

    public NotFound(String title, String detail) {
        super(detail);
        this.title = title;
    }

    public String title() {
        return title;
    }
}
