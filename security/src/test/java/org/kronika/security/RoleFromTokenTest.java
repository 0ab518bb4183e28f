package org.kronika.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token's role is its one authority, read from the string claim {@code role}; a recorder's needs the string claim
 * {@code organisation} besides. Anything else gives no authority, which every role-restricted endpoint refuses.
 */
class RoleFromTokenTest {

    private final KronikaJwt.RoleFromToken roles = new KronikaJwt.RoleFromToken();

    @Test
    void eachRoleIsItsOneAuthorityAndARecordersNeedsItsOrganisation() {
        assertThat(authorities(token("officer", null))).containsExactly("ROLE_OFFICER");
        assertThat(authorities(token("recorder", "kec"))).containsExactly("ROLE_RECORDER");
    }

    @Test
    void anUnknownRoleOrARoleOtherThanOneStringGivesNoAuthority() {
        assertThat(authorities(token("superuser", null))).isEmpty();
        assertThat(authorities(token(List.of("officer"), null))).as("a list").isEmpty();
        assertThat(authorities(token(List.of("recorder"), "kec"))).as("a list").isEmpty();
    }

    /** Its organisation scopes everything a recorder sees and records: without one that names one, none. */
    @Test
    void aRecorderWithoutAnOrganisationThatNamesOneGetsNoAuthority() {
        assertThat(authorities(token("recorder", null))).as("none").isEmpty();
        assertThat(authorities(token("recorder", " "))).as("blank").isEmpty();
        assertThat(authorities(token("recorder", List.of("kec")))).as("a list").isEmpty();
        assertThat(authorities(token("recorder", 7))).as("a number").isEmpty();
    }

    private List<String> authorities(Jwt token) {
        return roles.convert(token).getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }

    private static Jwt token(Object role, Object organisation) {
        Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "RS256").subject("someone").claim("role", role);
        if (organisation != null) {
            token.claim("organisation", organisation);
        }
        return token.build();
    }
}
