package org.kronika.infra.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens of the demo clients (docs/security.md), fetched from the local authorization server with the client
 * credentials grant, exactly as any client would, and kept for reuse. Each demo client's secret is its own
 * name. Used by the launcher to load the demo data and by the tests.
 */
public final class LocalTokens {

    private final String authServer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();

    public LocalTokens(String authServer) {
        this.authServer = authServer;
    }

    public String token(String clientId) {
        return tokens.computeIfAbsent(clientId, this::fetch);
    }

    private String fetch(String clientId) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId).getBytes(StandardCharsets.UTF_8));
        try {
            var response = http.send(HttpRequest.newBuilder(URI.create(authServer + "/oauth2/token"))
                            .header("Authorization", "Basic " + basic)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("No token for " + clientId + ": " + response.body());
            }
            return new ObjectMapper().readTree(response.body()).get("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the authorization server at " + authServer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
