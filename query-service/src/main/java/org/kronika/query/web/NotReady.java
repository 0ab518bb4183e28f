package org.kronika.query.web;

/** The read models are still being built for the first time; answered with 503 and Retry-After. */
public class NotReady extends RuntimeException {

    public NotReady(String detail) {
        super(detail);
    }
}
