package org.kronika.query.web;

import org.kronika.security.Actor;
import org.springframework.security.access.AccessDeniedException;

/** Who is asking, and which organisation's figures they may see. */
public final class Callers {

    private Callers() {
    }

    public static Actor current() {
        return Actor.current().orElseThrow(() -> new AccessDeniedException("No caller"));
    }

    /** The only organisation the caller may see (a recorder's own), or {@code null} for every organisation. */
    public static String visibleOrganisation() {
        Actor actor = current();
        if (actor.maySee(null)) {
            return null;
        }
        if (actor.organisation() == null) {
            // Null answers "every organisation": a recorder bound to none sees none, whatever let its token through.
            throw new AccessDeniedException("A recorder without an organisation sees no project");
        }
        return actor.organisation();
    }

    public static void requireSight(String organisation, String what) {
        if (!current().maySee(organisation)) {
            throw new AccessDeniedException(what + " belongs to another organisation");
        }
    }
}
