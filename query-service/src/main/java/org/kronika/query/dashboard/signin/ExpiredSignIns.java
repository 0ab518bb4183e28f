package org.kronika.query.dashboard.signin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.kronika.security.SignedIn;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;

/**
 * A session lives no longer than the access token it holds is valid: once the token has expired, or no longer
 * passes the API's own validation (its signing key withdrawn from the issuer's key set, after a leak, say), the
 * session ends, and the next page asks the identity provider again, which also picks up a changed or removed role.
 * The validation is the API's remembering decoder: for a token it accepted before, under the same keys, a lookup.
 */
public final class ExpiredSignIns extends OncePerRequestFilter {

    private final Clock clock;
    private final JwtDecoder decoder;

    public ExpiredSignIns(Clock clock, JwtDecoder decoder) {
        this.clock = clock;
        this.decoder = decoder;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof SignedIn person && !valid(person)) {
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
            SecurityContextHolder.clearContext();
        }
        chain.doFilter(request, response);
    }

    private boolean valid(SignedIn person) {
        if (person.accessToken().getExpiresAt() == null
                || !person.accessToken().getExpiresAt().isAfter(clock.instant())) {
            return false;
        }
        try {
            decoder.decode(person.accessToken().getTokenValue());
            return true;
        } catch (JwtException e) {
            return false;
        }
    }
}
