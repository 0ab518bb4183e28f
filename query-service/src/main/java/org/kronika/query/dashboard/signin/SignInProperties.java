package org.kronika.query.dashboard.signin;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the dashboards sign people in: any OpenID Connect provider (docs/security.md). The defaults are the local
 * authorization server's endpoints below the issuer.
 *
 * @param issuer           the provider's issuer, checked in every ID token
 * @param authorizationUri where the browser is sent to sign in
 * @param tokenUri         where the service exchanges the code (with the PKCE verifier) for tokens
 * @param jwkSetUri        the keys ID tokens are signed with
 * @param endSessionUri    where signing out ends the provider's session too; empty to end only Kronika's
 */
@ConfigurationProperties(prefix = "kronika.dashboard.sign-in")
public record SignInProperties(String clientId, String clientSecret, String issuer, String authorizationUri,
                               String tokenUri, String jwkSetUri, String endSessionUri) {
}
