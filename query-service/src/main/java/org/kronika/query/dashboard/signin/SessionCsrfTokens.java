package org.kronika.query.dashboard.signin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;

/**
 * The forms' CSRF tokens, kept in the session a sign-in opened and in no other. Spring Security's own repository
 * opens a session to keep a token as soon as one is made, and one is made for every form sent that has none to be
 * checked against: anyone not signed in could then have the service keep a session per request by posting anything
 * under {@code /dashboard}. Without a session the token made is kept nowhere, so the form is checked against a token
 * nobody holds and refused as before, and nothing stays on the service. Pages shown without a sign-in carry no token
 * (their one form, the language switch, asks by GET), so none is made for them either.
 */
public final class SessionCsrfTokens implements CsrfTokenRepository {

    private final HttpSessionCsrfTokenRepository session = new HttpSessionCsrfTokenRepository();

    @Override
    public CsrfToken generateToken(HttpServletRequest request) {
        return session.generateToken(request);
    }

    @Override
    public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {
        if (request.getSession(false) != null) {
            session.saveToken(token, request, response);
        }
    }

    @Override
    public CsrfToken loadToken(HttpServletRequest request) {
        return session.loadToken(request);
    }
}
