package org.kronika.query.web;

/** Every replay of a project's whole history this instance runs at once is taken; answered with 503 and Retry-After. */
public class TooManyReplays extends RuntimeException {

    public TooManyReplays(String detail) {
        super(detail);
    }
}
