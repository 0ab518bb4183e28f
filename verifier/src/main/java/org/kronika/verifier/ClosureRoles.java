package org.kronika.verifier;

import org.kronika.events.chain.ChainLink;

import java.util.Optional;

/**
 * Who may record a closure and a reopening, as the command side lets them: closing out is an officer's, undoing it an
 * administrator's (command-service's {@code SecurityConfig}: {@code POST /api/projects/{id}/closures} and {@code
 * /reopenings}; docs/security.md), so the officer who closed a project cannot reopen it. The role is the token's
 * claim as the command side records it in the chain link's actor, which the hash covers.
 */
final class ClosureRoles {

    static final String CLOSES = "officer";
    static final String REOPENS = "admin";

    private ClosureRoles() {
    }

    /** Why the closure {@code closed} was recorded by a role that may not close, or empty. */
    static Optional<String> closure(String projectId, ChainLink closed) {
        return unauthorised(projectId, closed, "closes", "a closure", CLOSES);
    }

    /** Why the reopening {@code reopened} was recorded by a role that may not reopen, or empty. */
    static Optional<String> reopening(String projectId, ChainLink reopened) {
        return unauthorised(projectId, reopened, "reopens", "a reopening", REOPENS);
    }

    private static Optional<String> unauthorised(String projectId, ChainLink link, String does, String step,
                                                 String required) {
        RecordedBy by = RecordedBy.of(link);
        if (required.equals(by.role())) {
            return Optional.empty();
        }
        return Optional.of("UNAUTHORISED " + projectId + ": event " + link.sequence() + " " + does + " the project, "
                + (by.role() == null ? "recorded with no role" : "recorded by the role " + by.role())
                + (by.subject() == null ? "" : " (" + by.subject() + ")") + "; " + step + " is recorded by the role "
                + required);
    }
}
