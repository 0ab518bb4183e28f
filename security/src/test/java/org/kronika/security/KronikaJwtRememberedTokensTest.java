package org.kronika.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The services' decoder ({@link KronikaJwt}) against an issuer that publishes its key set over HTTP: tokens it
 * refuses are refused every time, and one it accepts is answered from memory afterwards, never for another token.
 * "From memory" shows as the very same {@link Jwt} instance: the full validation builds a new one every time.
 */
class KronikaJwtRememberedTokensTest {

    private HttpServer issuer;
    private String issuerUrl;
    private JwtDecoder decoder;

    @BeforeEach
    void startIssuer() throws Exception {
        issuer = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        byte[] keys = new JWKSet(Signed.ISSUER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        issuer.createContext("/oauth2/jwks", exchange -> {
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        issuer.start();
        issuerUrl = "http://localhost:" + issuer.getAddress().getPort();
        // The production defaults: keys cached 5 minutes, kept through an outage of the issuer for a day.
        decoder = new KronikaJwt().jwtDecoder(issuerUrl + "/oauth2/jwks", issuerUrl, "kronika",
                java.time.Duration.ofMinutes(5), java.time.Duration.ofHours(24));
    }

    @AfterEach
    void stopIssuer() {
        issuer.stop(0);
    }

    @Test
    void aValidTokenIsValidatedOnceThenAnsweredFromMemory() throws Exception {
        String token = Signed.sign(Signed.ISSUER_KEY, Signed.claims(issuerUrl, "kronika", "recorder-kec").build());

        Jwt first = decoder.decode(token);

        assertThat(first.getSubject()).isEqualTo("recorder-kec");
        assertThat(decoder.decode(token)).isSameAs(first);
    }

    @Test
    void aTokenOfAnotherIssuerIsRefusedEveryTime() throws Exception {
        String token = Signed.sign(Signed.ISSUER_KEY, Signed.claims("http://elsewhere.example", "kronika", "recorder-kec").build());

        refusedTwice(token);
    }

    @Test
    void aTokenForAnotherAudienceIsRefusedEveryTime() throws Exception {
        String token = Signed.sign(Signed.ISSUER_KEY, Signed.claims(issuerUrl, "another-api", "recorder-kec").build());

        refusedTwice(token);
    }

    @Test
    void aTokenSignedWithAKeyTheIssuerDoesNotPublishIsRefusedEveryTime() throws Exception {
        String token = Signed.sign(Signed.OTHER_KEY, Signed.claims(issuerUrl, "kronika", "recorder-kec").build());

        refusedTwice(token);
    }

    @Test
    void aTokenWithoutExpiryOrAlreadyExpiredIsRefusedEveryTime() throws Exception {
        refusedTwice(Signed.sign(Signed.ISSUER_KEY, Signed.claims(issuerUrl, "kronika", "recorder-kec").expirationTime(null).build()));
        refusedTwice(Signed.sign(Signed.ISSUER_KEY, Signed.claims(issuerUrl, "kronika", "recorder-kec")
                .expirationTime(Date.from(Instant.now().minus(Duration.ofMinutes(5)))).build()));
    }

    @Test
    void aCorrectlySignedTokenWithoutASubjectOrWithABlankOneIsRefusedEveryTime() throws Exception {
        refusedTwice(Signed.sign(Signed.ISSUER_KEY, Signed.claims(issuerUrl, "kronika", null).build()));
        refusedTwice(Signed.sign(Signed.ISSUER_KEY, Signed.claims(issuerUrl, "kronika", " ").build()));
    }

    @Test
    void differentTokensAreNeverTakenForEachOther() throws Exception {
        String recorder = Signed.sign(Signed.ISSUER_KEY, Signed.claims(issuerUrl, "kronika", "recorder-kec").build());
        String admin = Signed.sign(Signed.ISSUER_KEY, Signed.claims(issuerUrl, "kronika", "admin-demo").claim("role", "admin").build());
        decoder.decode(recorder);
        decoder.decode(admin);

        for (int i = 0; i < 3; i++) {
            assertThat(decoder.decode(recorder).getSubject()).isEqualTo("recorder-kec");
            assertThat(decoder.decode(admin).getClaimAsString("role")).isEqualTo("admin");
        }
        // A remembered token with its signature altered is another token, and a forged one.
        String forged = recorder.substring(0, recorder.length() - 4)
                + (recorder.endsWith("AAAA") ? "BBBB" : "AAAA");
        refusedTwice(forged);
        // Its claims with another signature are another token too.
        String resigned = Signed.sign(Signed.OTHER_KEY, Signed.claims(issuerUrl, "kronika", "recorder-kec").build());
        refusedTwice(resigned);
    }

    private void refusedTwice(String token) {
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }
}
