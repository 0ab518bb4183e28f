package org.kronika.query.web;

/** What was asked cannot be done in the service's present state; answered with 409. */
public class Refused extends RuntimeException {

    private final String title;

    public Refused(String title, String detail) {
        super(detail);
        this.title = title;
    }

    public String title() {
        return title;
    }
}
