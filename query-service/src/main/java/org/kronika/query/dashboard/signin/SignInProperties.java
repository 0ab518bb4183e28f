package org.kronika.query.dashboard.signin;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.Base64;

/**
 * Where the dashboards sign people in: any OpenID Connect provider (docs/security.md). The defaults are the local
 * authorization server's endpoints below the issuer.
 *
 * @param issuer           the provider's issuer, checked in every ID token
 * @param authorizationUri where the browser is sent to sign in
 * @param tokenUri         where the service exchanges the code (with the PKCE verifier) for tokens
 * @param jwkSetUri        the keys ID tokens are signed with
 * @param endSessionUri    where signing out ends the provider's session too; empty to end only Kronika's
 * @param cookieKey        the key (Base64, at least 32 bytes) that signs the cookies a browser keeps while it signs
 *                         in; empty for one drawn at random at each start, which only one instance can read
 */
@ConfigurationProperties(prefix = "kronika.dashboard.sign-in")
public record SignInProperties(String clientId, String clientSecret, String issuer, String authorizationUri,
                               String tokenUri, String jwkSetUri, String endSessionUri,
                               String cookieKey) {

    /** @return the key the sign-in cookies are signed with, or none for one of this instance only */
    public byte[] cookieKeyBytes() {
        if (cookieKey == null || cookieKey.isBlank()) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(cookieKey.strip());
        } catch (IllegalArgumentException notBase64) {
            // A placeholder left in a manifest ("change-me") is said as such, not as a Base64 decoder's complaint.
            throw new IllegalArgumentException("kronika.dashboard.sign-in.cookie-key (KRONIKA_SIGN_IN_COOKIE_KEY) "
                    + "must be Base64 of at least 32 random bytes (openssl rand -base64 32)", notBase64);
        }
    }
}
