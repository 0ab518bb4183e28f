package org.kronika.query.dashboard;

import org.kronika.security.Actor;
import org.kronika.security.Role;

/** Who is looking at a page, as the page needs to know it: a name, a role, and what the role may open. */
public record Viewer(String name, String role, String organisation) {

    public static Viewer of(Actor actor) {
        return new Viewer(actor.subject(), actor.role().claimValue(), actor.organisation());
    }

    /** Who recorded what, the chain and the exports are not for partners, as in the API. */
    public boolean mayReadHistory() {
        return !Role.PARTNER.claimValue().equals(role);
    }
}
