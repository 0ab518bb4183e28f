package org.kronika.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Optional;

/**
 * Who is calling, from the validated token: its subject, role and, for a recorder, its organisation.
 *
 * @param organisation the organisation a recorder records for; {@code null} for every other role
 */
public record Actor(String subject, Role role, String organisation) {

    /**
     * The caller of the current request, if it presented a valid token with a known role: as a bearer token, or
     * through a signed-in session holding the access token its sign-in obtained.
     */
    public static Optional<Actor> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken jwt) {
            return of(jwt.getToken());
        }
        if (authentication != null && authentication.getPrincipal() instanceof SignedIn person) {
            return of(person.accessToken());
        }
        return Optional.empty();
    }

    /** Who a validated access token speaks for: one rule for bearer tokens and sessions alike. */
    public static Optional<Actor> of(Jwt token) {
        return role(token)
                .map(role -> new Actor(token.getSubject(), role, role == Role.RECORDER ? organisation(token) : null));
    }

    /** The role a token names: its {@code role} claim, a string naming one of the five; else none. */
    private static Optional<Role> role(Jwt jwt) {
        return jwt.getClaims().get(KronikaJwt.ROLE_CLAIM) instanceof String named ? Role.fromClaim(named)
                : Optional.empty();
    }

    /**
     * The organisation a token names: its {@code organisation} claim, a string that shows something; else null. Read
     * as a string only: a list read as text ("[kec]"), or a blank one, named no organisation, yet a recorder passed.
     */
    private static String organisation(Jwt jwt) {
        return jwt.getClaims().get(KronikaJwt.ORGANISATION_CLAIM) instanceof String named && !named.isBlank()
                ? named : null;
    }

    /** Whether this actor may see the data of the given organisation's projects. */
    public boolean maySee(String projectOrganisation) {
        return role != Role.RECORDER || (organisation != null && organisation.equals(projectOrganisation));
    }
}
