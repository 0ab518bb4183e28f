package org.kronika.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The identity provider goes away after issuing a token, for longer than the services cache its keys. */
class KronikaJwtTest {

    private static final Duration CACHE = Duration.ofMillis(500);

    private RSAKey key;
    private HttpServer issuer;
    private final java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
    private String issuerUrl;

    @BeforeEach
    void startIssuer() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        issuer = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        byte[] keys = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        issuer.createContext("/oauth2/jwks", exchange -> {
            fetches.incrementAndGet();
            exchange.sendResponseHeaders(200, keys.length);
            exchange.getResponseBody().write(keys);
            exchange.close();
        });
        issuer.start();
        issuerUrl = "http://localhost:" + issuer.getAddress().getPort();
    }

    @AfterEach
    void stopIssuer() {
        issuer.stop(0);
    }

    @Test
    void aTokenIssuedBeforeTheIssuerWentAwayKeepsWorkingAfterTheKeysCacheExpires() throws Exception {
        JwtDecoder decoder = decoder(Duration.ofHours(1));
        String token = token();
        assertThat(decoder.decode(token).getSubject()).isEqualTo("recorder-kec");

        issuer.stop(0);
        waitPast(CACHE);

        assertThat(decoder.decode(token).getSubject()).isEqualTo("recorder-kec");
    }

    /** Spring's default until now: keys cached for five minutes, nothing kept once they expire with the issuer away. */
    @Test
    void withoutOutageToleranceTheSameTokenIsRefusedOnceTheCacheExpires() throws Exception {
        JwtDecoder decoder = decoder(Duration.ZERO);
        String token = token();
        assertThat(decoder.decode(token).getSubject()).isEqualTo("recorder-kec");

        issuer.stop(0);
        waitPast(CACHE);

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
    }

    /**
     * A token naming a key the set lacks makes the set be fetched again before anything else is checked: tokens made
     * up with a new key id each, sent by anyone, make it fetched at most twice per interval (the library's limit), not
     * once each.
     */
    @Test
    void tokensNamingMadeUpKeysMakeTheKeySetBeFetchedAtMostTwicePerIntervalNotOnceEach() throws Exception {
        // Keys cached as the services cache them by default: five minutes.
        JwtDecoder decoder = new KronikaJwt().jwtDecoder(issuerUrl + "/oauth2/jwks", issuerUrl, "kronika",
                Duration.ofMinutes(5), Duration.ofHours(1));
        assertThat(decoder.decode(token()).getSubject()).isEqualTo("recorder-kec");
        RSAKey anyKey = new RSAKeyGenerator(2048).generate();
        int before = fetches.get();
        for (int i = 0; i < 20; i++) {
            RSAKey madeUp = new RSAKey.Builder(anyKey).keyID("made-up-" + i).build();
            // A bad token, answered 401 (BadJwtException), also once the fetches are spent: not a failure, 500.
            assertThatThrownBy(() -> decoder.decode(token(madeUp))).isInstanceOf(BadJwtException.class);
        }
        assertThat(fetches.get() - before).as("fetches for 20 made-up keys, at most two in an interval")
                .isLessThanOrEqualTo(2);
        assertThat(decoder.decode(token()).getSubject()).as("a real token still passes").isEqualTo("recorder-kec");
    }

    /**
     * Only RS256: a token signed by the issuer's own key with another RSA algorithm is refused, and so is one signed
     * with HMAC keyed by the issuer's public key (the algorithm confusion that takes a public key for a secret).
     */
    @Test
    void onlyRs256SignaturesByTheIssuersKeyAreTaken() throws Exception {
        JwtDecoder decoder = decoder(Duration.ofHours(1));
        JWTClaimsSet claims = claims(Instant.now().plusSeconds(3600), null);
        for (JWSAlgorithm other : new JWSAlgorithm[] {JWSAlgorithm.RS512, JWSAlgorithm.PS256}) {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(other).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            assertThatThrownBy(() -> decoder.decode(jwt.serialize())).as(other.getName())
                    .isInstanceOf(BadJwtException.class);
        }
        SignedJWT confused = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(key.getKeyID()).build(),
                claims);
        confused.sign(new com.nimbusds.jose.crypto.MACSigner(key.toPublicJWK().toRSAPublicKey().getEncoded()));
        assertThatThrownBy(() -> decoder.decode(confused.serialize())).isInstanceOf(BadJwtException.class);

        assertThat(decoder.decode(token()).getSubject()).as("the issuer's RS256 token").isEqualTo("recorder-kec");
    }

    /** Clocks apart by up to a minute are allowed for, at either end of a token's life; more is not. */
    @Test
    void aTokenIsTakenWithinAMinuteOfItsExpiryOrItsStartAndNotBeyond() throws Exception {
        JwtDecoder decoder = decoder(Duration.ofHours(1));
        Instant now = Instant.now();

        assertThat(decoder.decode(signed(claims(now.minusSeconds(30), null))).getSubject()).isEqualTo("recorder-kec");
        assertThatThrownBy(() -> decoder.decode(signed(claims(now.minusSeconds(120), null))))
                .isInstanceOf(JwtException.class).hasMessageContaining("expired");
        assertThat(decoder.decode(signed(claims(now.plusSeconds(3600), now.plusSeconds(30)))).getSubject())
                .isEqualTo("recorder-kec");
        assertThatThrownBy(() -> decoder.decode(signed(claims(now.plusSeconds(3600), now.plusSeconds(120)))))
                .isInstanceOf(JwtException.class);
    }

    private JWTClaimsSet claims(Instant expires, Instant notBefore) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuerUrl).audience("kronika")
                .subject("recorder-kec").claim("role", "recorder").claim("organisation", "kec")
                .expirationTime(Date.from(expires));
        if (notBefore != null) {
            claims.notBeforeTime(Date.from(notBefore));
        }
        return claims.build();
    }

    private String signed(JWTClaimsSet claims) throws Exception {
        return signed(key, claims);
    }

    private static String signed(RSAKey by, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(by.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(by));
        return jwt.serialize();
    }

    private JwtDecoder decoder(Duration outageTolerance) {
        return new KronikaJwt().jwtDecoder(issuerUrl + "/oauth2/jwks", issuerUrl, "kronika", CACHE, outageTolerance);
    }

    private String token() throws Exception {
        return token(key);
    }

    private String token(RSAKey key) throws Exception {
        return signed(key, claims(Instant.now().plusSeconds(3600), null));
    }

    private static void waitPast(Duration duration) {
        Instant until = Instant.now().plus(duration).plusMillis(200);
        await().atMost(duration.plusSeconds(5)).until(() -> Instant.now().isAfter(until));
    }
}
