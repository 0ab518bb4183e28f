package org.kronika.query.web;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which organisation's figures a caller sees: a recorder its own only, and one bound to none, none at all. */
class CallersTest {

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aRecorderSeesItsOwnOrganisationAndEveryOtherRoleEveryOrganisation() {
        calling("recorder", "komf");
        assertThat(Callers.visibleOrganisation()).isEqualTo("komf");
        for (String role : new String[] {"officer", "auditor", "partner", "admin"}) {
            calling(role, null);
            assertThat(Callers.visibleOrganisation()).as(role).isNull();
        }
    }

    /** Null would read as every organisation: the whole programme, were such a token ever let through. */
    @Test
    void aRecorderWithoutAnOrganisationSeesNoOrganisationRatherThanEvery() {
        calling("recorder", null);

        assertThatThrownBy(Callers::visibleOrganisation).isInstanceOf(AccessDeniedException.class);
        assertThatThrownBy(() -> Callers.requireSight("komf", "The project")).isInstanceOf(AccessDeniedException.class);
    }

    private static void calling(String role, String organisation) {
        Jwt.Builder token = Jwt.withTokenValue("t").header("alg", "RS256").subject("someone").claim("role", role);
        if (organisation != null) {
            token.claim("organisation", organisation);
        }
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(token.build()));
    }
}
