package org.kronika.infra.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Tokens of the demo clients (docs/security.md), fetched from the local authorization server with the client
 * credentials grant, exactly as any client would, and kept for reuse. Each demo client's secret is its own
 * name. Used by the launcher to load the demo data, by the tests, the fault runs and the soak. A token is fetched
 * again once half its life ({@code expires_in}) has passed, so a run longer than a token lives (an hour from the
 * local authorization server) is still let in.
 */
public final class LocalTokens {

    private final String authServer;
    private final Supplier<Instant> now;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, Issued> tokens = new ConcurrentHashMap<>();

    public LocalTokens(String authServer) {
        this(authServer, Instant::now);
    }

    LocalTokens(String authServer, Supplier<Instant> now) {
        this.authServer = authServer;
        this.now = now;
    }

    public String token(String clientId) {
        Issued issued = tokens.get(clientId);
        if (issued == null || !issued.fresh(now.get())) {
            issued = tokens.compute(clientId, (id, held) -> held != null && held.fresh(now.get()) ? held
                    : fetch(id));
        }
        return issued.token();
    }

    /** A token, and when to fetch another: half its life on (never, when the server gives no lifetime). */
    private record Issued(String token, Instant renewAt) {

        boolean fresh(Instant now) {
            return now.isBefore(renewAt);
        }
    }

    private Issued fetch(String clientId) {
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
            var issued = new ObjectMapper().readTree(response.body());
            long lifetime = issued.path("expires_in").asLong(0);
            return new Issued(issued.get("access_token").asText(),
                    lifetime > 0 ? now.get().plusSeconds(lifetime / 2) : Instant.MAX);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the authorization server at " + authServer, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
