package org.kronika.query;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Access tokens for the demo clients, fetched from the authorization server exactly as a client would. */
public final class Tokens {

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private Tokens() {
    }

    /** The demo client's token; each demo client's secret is its own name. */
    public static String of(String clientId) {
        return CACHE.computeIfAbsent(clientId, Tokens::fetch);
    }

    private static String fetch(String clientId) {
        try {
            String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId).getBytes(StandardCharsets.UTF_8));
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(TestInfrastructure.authServer() + "/oauth2/token"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(clientId + " got no token: " + response.body());
            }
            return new ObjectMapper().readTree(response.body()).get("access_token").asText();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot get a token for " + clientId, e);
        }
    }
}
