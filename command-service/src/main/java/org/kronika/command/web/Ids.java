package org.kronika.command.web;

import java.util.UUID;

/** Identifiers chosen by clients: short, URL-safe, and never anything that could be a path or an operator. */
final class Ids {

    static final String PATTERN = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";
    static final java.util.regex.Pattern PATTERN_COMPILED = java.util.regex.Pattern.compile(PATTERN);
    static final String MESSAGE = "must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit";

    private Ids() {
    }

    static String orNew(String id) {
        return id != null ? id : UUID.randomUUID().toString();
    }
}
