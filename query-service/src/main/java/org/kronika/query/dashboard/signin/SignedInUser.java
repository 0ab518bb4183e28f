package org.kronika.query.dashboard.signin;

import org.kronika.security.SignedIn;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;
import org.springframework.security.oauth2.jwt.Jwt;

import java.util.Collection;

/**
 * A person signed in to the dashboards: who they are from the ID token, what they may do from the access token,
 * which stays on the server with the session.
 */
public final class SignedInUser extends DefaultOidcUser implements SignedIn {

    private final transient Jwt accessToken;

    public SignedInUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, Jwt accessToken) {
        super(authorities, idToken);
        this.accessToken = accessToken;
    }

    @Override
    public Jwt accessToken() {
        return accessToken;
    }
}
