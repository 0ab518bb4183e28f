package org.kronika.infra.embedded;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A demo client's token is reused while it is young and fetched again once half its life has passed: a fault run or
 * soak longer than a token lives (an hour from the local authorization server) kept sending an expired one.
 */
class LocalTokensTest {

    private final AtomicInteger issued = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aTokenIsReusedUntilHalfItsLifeHasPassedThenFetchedAgain() throws IOException {
        String url = authorizationServer(",\"expires_in\":3599");
        AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2026-12-05T10:00:00Z"));
        LocalTokens tokens = new LocalTokens(url, clock::get);

        String first = tokens.token("recorder-kec");
        clock.updateAndGet(now -> now.plus(Duration.ofMinutes(29)));
        assertThat(tokens.token("recorder-kec")).isEqualTo(first);
        assertThat(issued).hasValue(1);
        assertThat(tokens.token("auditor-demo")).as("each client its own").isNotEqualTo(first);

        clock.updateAndGet(now -> now.plus(Duration.ofMinutes(1)));
        String second = tokens.token("recorder-kec");
        assertThat(second).isNotEqualTo(first);
        assertThat(tokens.token("recorder-kec")).isEqualTo(second);
        assertThat(issued).hasValue(3);
    }

    @Test
    void aTokenWithoutALifetimeIsKept() throws IOException {
        AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2026-12-05T10:00:00Z"));
        LocalTokens tokens = new LocalTokens(authorizationServer(""), clock::get);

        String first = tokens.token("recorder-kec");
        clock.updateAndGet(now -> now.plus(Duration.ofDays(1)));

        assertThat(tokens.token("recorder-kec")).isEqualTo(first);
        assertThat(issued).hasValue(1);
    }

    /** A token endpoint that issues {@code t1}, {@code t2}, … with the given fields after the token. */
    private String authorizationServer(String lifetime) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/oauth2/token", exchange -> {
            byte[] body = ("{\"access_token\":\"t" + issued.incrementAndGet() + "\",\"token_type\":\"Bearer\""
                    + lifetime + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
