package org.kronika.security;

import java.util.Arrays;
import java.util.Optional;

/** The roles of docs/security.md. The token's {@code role} claim names one of them. */
public enum Role {
    /** Registers projects and their logframes, manages reference data. */
    ADMIN,
    /** Reviews; approves reporting periods later. Reads everything, writes nothing yet. */
    OFFICER,
    /** Records activities for the projects of one organisation, and only those. */
    RECORDER,
    /** Reads everything: history, verification, exports. Writes nothing. */
    AUDITOR,
    /** Reads public project data and the published stream. */
    PARTNER;

    public String authority() {
        return "ROLE_" + name();
    }

    public String claimValue() {
        return name().toLowerCase();
    }

    public static Optional<Role> fromClaim(String value) {
        return Arrays.stream(values()).filter(r -> r.claimValue().equals(value)).findFirst();
    }
}
