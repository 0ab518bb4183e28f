package org.kronika.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * @param issuer   the issuer URL put in every token ({@code iss}); resource servers check it
 * @param audience the audience put in every token ({@code aud}); resource servers check it
 * @param keyFile  a JWK set file holding the signing key; created with a fresh RSA key when missing, so tokens
 *                 stay valid across restarts. Empty: a key that lives only as long as the process
 * @param tokenTtl how long a token is valid
 * @param clients  the clients allowed to ask for tokens (none unless a profile such as {@code demo} adds them)
 * @param users    people who sign in through a login client, each with one role (none unless a profile adds them)
 * @param loginClients applications that sign people in with the authorization code flow and PKCE, such as the
 *                 dashboards (none unless a profile adds them)
 */
@ConfigurationProperties(prefix = "kronika.auth")
public record AuthProperties(
        @DefaultValue("http://localhost:9000") String issuer,
        @DefaultValue("kronika") String audience,
        @DefaultValue("") String keyFile,
        @DefaultValue("PT1H") Duration tokenTtl,
        @DefaultValue List<Client> clients,
        @DefaultValue List<User> users,
        @DefaultValue List<LoginClient> loginClients) {

    /**
     * @param clientId     also the token's subject
     * @param secret       as stored: {@code {noop}...} for the demo, a password hash otherwise
     * @param role         admin, officer, recorder, auditor or partner
     * @param organisation the organisation a recorder records for; empty for every other role
     */
    public record Client(String clientId, String secret, String role, String organisation) {
    }

    /**
     * @param username     also the token's subject
     * @param password     as stored: {@code {noop}...} for the demo, a password hash otherwise
     * @param role         admin, officer, recorder, auditor or partner
     * @param organisation the organisation a recorder records for; empty for every other role
     */
    public record User(String username, String password, String role, String organisation) {
    }

    /**
     * @param redirectUris           where the sign-in may return to: exactly these, nothing that merely starts like them
     * @param postLogoutRedirectUris where signing out may return to
     */
    public record LoginClient(String clientId, String secret, List<String> redirectUris,
                              List<String> postLogoutRedirectUris) {
    }
}
