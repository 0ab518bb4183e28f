package org.kronika.auth;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-ins side by side: each code issued, looked up by the token endpoint and removed while others are. Spring's own
 * in-memory store threw ConcurrentModificationException here (72 times in 40,000 lookups, on this machine), which the
 * token endpoint answered with 500 and a failed sign-in.
 */
class OneAtATimeAuthorizationsTest {

    private static final OAuth2TokenType CODE = new OAuth2TokenType("code");
    private static final RegisteredClient CLIENT = RegisteredClient.withId("dashboards").clientId("dashboards")
            .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
            .redirectUri("http://localhost/login/oauth2/code/kronika").build();

    @Test
    void codesIssuedLookedUpAndExchangedSideBySideAreAllFound() throws Exception {
        OneAtATimeAuthorizations authorizations = new OneAtATimeAuthorizations();
        ExecutorService signIns = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> found = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                int signer = thread;
                found.add(signIns.submit(() -> {
                    int count = 0;
                    for (int i = 0; i < 5_000; i++) {
                        String code = "code-" + signer + "-" + i;
                        authorizations.save(underWay(code));
                        OAuth2Authorization issued = authorizations.findByToken(code, CODE);
                        if (issued != null) {
                            count++;
                            authorizations.remove(issued);
                        }
                    }
                    return count;
                }));
            }
            for (Future<Integer> signer : found) {
                assertThat(signer.get()).isEqualTo(5_000);
            }
        } finally {
            signIns.shutdownNow();
        }
    }

    private static OAuth2Authorization underWay(String code) {
        Instant now = Instant.now();
        return OAuth2Authorization.withRegisteredClient(CLIENT).id(code).principalName("officer")
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .token(new OAuth2AuthorizationCode(code, now, now.plusSeconds(300))).build();
    }
}
