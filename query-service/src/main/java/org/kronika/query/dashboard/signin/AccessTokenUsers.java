package org.kronika.query.dashboard.signin;

import org.kronika.security.KronikaJwt;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.util.Collection;

/**
 * Turns a sign-in into a dashboard user. The role and organisation come from the access token, checked by the
 * same decoder and read by the same converter as every bearer token of the API (signature, issuer, audience,
 * expiry), so a page sees exactly what the API would show that token, and an ID token alone grants nothing.
 */
public final class AccessTokenUsers implements OAuth2UserService<OidcUserRequest, OidcUser> {

    private final JwtDecoder decoder;
    private final KronikaJwt.RoleFromToken roles;

    public AccessTokenUsers(JwtDecoder decoder, KronikaJwt.RoleFromToken roles) {
        this.decoder = decoder;
        this.roles = roles;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        Jwt token;
        try {
            token = decoder.decode(request.getAccessToken().getTokenValue());
        } catch (JwtException e) {
            throw refused("invalid_token", "The access token is not valid for Kronika");
        }
        Collection<GrantedAuthority> authorities = roles.convert(token).getAuthorities();
        if (authorities.isEmpty()) {
            throw refused("access_denied", "The access token names no Kronika role");
        }
        return new SignedInUser(authorities, request.getIdToken(), token);
    }

    private static OAuth2AuthenticationException refused(String code, String description) {
        return new OAuth2AuthenticationException(new OAuth2Error(code, description, null), description);
    }
}
