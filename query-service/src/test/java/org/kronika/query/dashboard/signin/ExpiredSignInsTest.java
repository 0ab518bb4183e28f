package org.kronika.query.dashboard.signin;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiredSignInsTest {

    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void aSessionWhoseTokenTheApiStillAcceptsGoesOn() throws Exception {
        MockHttpSession session = signedInWith(token(NOW.plusSeconds(600)));

        filter(session, accepting());

        assertThat(session.isInvalid()).isFalse();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNotNull();
    }

    @Test
    void aSessionEndsWithItsTokensExpiry() throws Exception {
        MockHttpSession session = signedInWith(token(NOW));

        filter(session, accepting());

        assertEnded(session);
    }

    /** The issuer withdrew the key that signed it (a leak): bearer tokens are refused, and so is the session. */
    @Test
    void aSessionEndsOnceItsTokenNoLongerPassesTheApisValidation() throws Exception {
        MockHttpSession session = signedInWith(token(NOW.plusSeconds(600)));
        JwtDecoder keyWithdrawn = value -> {
            throw new BadJwtException("Signed JWT rejected: Another algorithm expected, or no matching key(s) found");
        };

        filter(session, keyWithdrawn);

        assertEnded(session);
    }

    /** One request of the signed-in person through the filter, whose API validation is {@code decoder}. */
    private void filter(MockHttpSession session, JwtDecoder decoder) throws Exception {
        new ExpiredSignIns(clock, decoder).doFilter(request(session), new MockHttpServletResponse(),
                new MockFilterChain());
    }

    private static void assertEnded(MockHttpSession session) {
        assertThat(session.isInvalid()).isTrue();
        assertThat(SecurityContextHolder.getContext().getAuthentication()).isNull();
    }

    private static JwtDecoder accepting() {
        return value -> token(NOW.plusSeconds(600));
    }

    private static MockHttpSession signedInWith(Jwt accessToken) {
        OidcIdToken idToken = new OidcIdToken("id-token", NOW.minusSeconds(60), NOW.plusSeconds(600),
                java.util.Map.of("sub", "someone"));
        var user = new SignedInUser(List.of(new SimpleGrantedAuthority("ROLE_RECORDER")), idToken, accessToken);
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(user, null,
                "ROLE_RECORDER"));
        return new MockHttpSession();
    }

    private static MockHttpServletRequest request(MockHttpSession session) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/dashboard");
        request.setSession(session);
        return request;
    }

    private static Jwt token(Instant expiresAt) {
        return Jwt.withTokenValue("access-token").header("alg", "RS256").subject("someone")
                .issuedAt(NOW.minusSeconds(60)).expiresAt(expiresAt).build();
    }
}
