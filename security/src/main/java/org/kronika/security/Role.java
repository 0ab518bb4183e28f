package org.kronika.security;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The roles of docs/security.md. The token's {@code role} claim names one of them. */
public enum Role {
    /**
     * Registers projects, amends them and keeps their logframes; defines the programme's reporting periods (its
     * calendars); undoes a review: reopens an approved period or a closed project. Administers the publisher.
     */
    ADMIN,
    /**
     * Reviews: returns or approves period reports, and closes out a project that has ended with every report
     * approved. Reads everything.
     */
    OFFICER,
    /**
     * Records, corrects and retracts activities and measurements, and submits period reports, for the projects of
     * one organisation, and only those.
     */
    RECORDER,
    /** Reads everything: history, verification, exports. Writes nothing. */
    AUDITOR,
    /** Reads public project data and the published stream. */
    PARTNER;

    public String authority() {
        return "ROLE_" + name();
    }

    /** The same in every locale: a Turkish one lower-cases {@code ADMIN} to {@code admın}, and no token would match. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claimValue().equals(value)).findFirst();
    }
}
