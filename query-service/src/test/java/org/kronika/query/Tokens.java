package org.kronika.query;

import org.kronika.infra.embedded.LocalTokens;

/** Access tokens for the demo clients, fetched from the test run's authorization server as a client would. */
public final class Tokens {

    private static LocalTokens tokens;

    private Tokens() {
    }

    public static synchronized String of(String clientId) {
        if (tokens == null) {
            tokens = new LocalTokens(TestInfrastructure.authServer());
        }
        return tokens.token(clientId);
    }
}
