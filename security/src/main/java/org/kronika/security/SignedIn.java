package org.kronika.security;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A person signed in to a service's pages (backend for frontend): the session holds the access token their
 * sign-in obtained, validated as any bearer token is, and the browser holds only the session cookie. Who they are
 * and what they may see come from that token, exactly as for a bearer token.
 */
public interface SignedIn {

    Jwt accessToken();
}
