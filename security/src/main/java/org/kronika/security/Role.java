package org.kronika.security;

import java.util.Arrays;
import java.util.Optional;

/** The roles of docs/security.md. The token's {@code role} claim names one of them. */
public enum Role {
    /** Registers projects and their logframes. (Managing reference data through the API is still to come.) */
    ADMIN,
    /** Reviews: reads everything. Approving reporting periods is still to come; until then it writes nothing. */
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
