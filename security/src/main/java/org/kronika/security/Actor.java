package org.kronika.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Optional;

/**
 * Who is calling, from the validated token: its subject, role and, for a recorder, its organisation.
 *
 * @param organisation the organisation a recorder records for; {@code null} for every other role
 */
public record Actor(String subject, Role role, String organisation) {

    /** The caller of the current request, if it presented a valid token with a known role. */
    public static Optional<Actor> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof JwtAuthenticationToken jwt)) {
            return Optional.empty();
        }
        return Role.fromClaim(jwt.getToken().getClaimAsString(KronikaJwt.ROLE_CLAIM))
                .map(role -> new Actor(jwt.getToken().getSubject(), role,
                        role == Role.RECORDER ? jwt.getToken().getClaimAsString(KronikaJwt.ORGANISATION_CLAIM) : null));
    }

    /** Whether this actor may see the data of the given organisation's projects. */
    public boolean maySee(String projectOrganisation) {
        return role != Role.RECORDER || (organisation != null && organisation.equals(projectOrganisation));
    }
}
