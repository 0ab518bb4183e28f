package org.kronika.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A remembered token is answered only while its first validation's verdict still holds, with a clock and a key set
 * the test controls and no clock skew in the validation. "From memory" shows as the very same {@link Jwt} instance:
 * the full validation builds a new one every time.
 */
class ValidatedTokensTest {

    private static final RSAKey issuerKey = Signed.ISSUER_KEY;
    private static final RSAKey otherKey = Signed.OTHER_KEY;
    private static final Instant NOW = Instant.parse("2026-01-05T08:00:00Z");
    private static final String ISSUER = "https://issuer.example";

    private final AtomicReference<Instant> now = new AtomicReference<>(NOW);
    private final AtomicReference<JWKSet> published = new AtomicReference<>(new JWKSet(issuerKey.toPublicJWK()));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    /** The issuer's key set, or none to be had (null: the issuer cannot be reached). */
    private final JWKSource<SecurityContext> keys = (JWKSelector selector, SecurityContext context) -> {
        JWKSet set = published.get();
        if (set == null) {
            throw new KeySourceException("the issuer cannot be reached");
        }
        return selector.select(set);
    };
    private ValidatedTokens tokens;

    @BeforeEach
    void decoder() {
        tokens = new ValidatedTokens(validation(), keys, clock, 3);
    }

    @Test
    void aTokenIsNotAnsweredFromMemoryAtOrAfterItsExpiry() throws Exception {
        String token = Signed.sign(issuerKey, claims(ISSUER, "kronika", "recorder-kec")
                .expirationTime(Date.from(NOW.plusSeconds(600))).build());
        Jwt first = tokens.decode(token);

        now.set(NOW.plusSeconds(599));
        assertThat(tokens.decode(token)).isSameAs(first);

        // At exp the full validation decides again (and, without skew, still accepts for this one instant).
        now.set(NOW.plusSeconds(600));
        Jwt again = tokens.decode(token);
        assertThat(again).isNotSameAs(first);

        now.set(NOW.plusSeconds(601));
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenWhoseKeyTheIssuerWithdrewIsRefusedAsAFirstValidationWouldRefuseIt() throws Exception {
        String token = Signed.sign(issuerKey, claims(ISSUER, "kronika", "recorder-kec").build());
        tokens.decode(token);

        published.set(new JWKSet(otherKey.toPublicJWK()));

        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void aChangedKeySetMeansValidatingAgainNotRefusing() throws Exception {
        String token = Signed.sign(issuerKey, claims(ISSUER, "kronika", "recorder-kec").build());
        Jwt first = tokens.decode(token);

        published.set(new JWKSet(List.<JWK>of(issuerKey.toPublicJWK(), otherKey.toPublicJWK())));

        Jwt second = tokens.decode(token);
        assertThat(second).isNotSameAs(first);
        assertThat(tokens.decode(token)).isSameAs(second);
    }

    @Test
    void whenTheKeysCannotBeHadTheFullValidationDecides() throws Exception {
        String token = Signed.sign(issuerKey, claims(ISSUER, "kronika", "recorder-kec").build());
        tokens.decode(token);

        published.set(null);

        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(JwtException.class);
    }

    @Test
    void refusedTokensAreNotRememberedAndMemoryStaysBounded() throws Exception {
        for (int i = 0; i < 5; i++) {
            String refused = Signed.sign(otherKey, claims(ISSUER, "kronika", "recorder-" + i).build());
            assertThatThrownBy(() -> tokens.decode(refused)).isInstanceOf(JwtException.class);
        }
        assertThat(tokens.size()).isZero();

        for (int i = 0; i < 5; i++) {
            String token = Signed.sign(issuerKey, claims(ISSUER, "kronika", "recorder-" + i).build());
            assertThat(tokens.decode(token).getSubject()).isEqualTo("recorder-" + i);
            assertThat(tokens.decode(token).getSubject()).isEqualTo("recorder-" + i);
            assertThat(tokens.size()).isLessThanOrEqualTo(3);
        }
    }

    /**
     * A genuine token's signature reads the same with characters base64url has not ({@code ~}, {@code =}, {@code +}
     * for {@code -}, {@code /} for {@code _}), or with other bits where its last character has some no byte uses:
     * such spellings are no compact JWS as signed, and are refused. Each was accepted
     * and remembered as a token of its own, so that one token could fill the memory and push every client's out.
     */
    @Test
    void aTokenSpelledOtherwiseThanBase64urlIsRefusedAndNotRemembered() throws Exception {
        String token = Signed.sign(issuerKey, claims(ISSUER, "kronika", "recorder-kec").build());
        Jwt first = tokens.decode(token);
        String signature = token.substring(token.lastIndexOf('.') + 1);
        String swapped = token.substring(0, token.lastIndexOf('.') + 1) + (signature.contains("-")
                ? signature.replaceFirst("-", "+") : signature.contains("_") ? signature.replaceFirst("_", "/")
                : signature + "==");

        // The signature's last character with another of the bits no byte of it uses.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        char last = token.charAt(token.length() - 1);
        String unusedBits = token.substring(0, token.length() - 1) + alphabet.charAt(alphabet.indexOf(last) ^ 1);

        for (String spelling : List.of(token + "~", token + "=", token + "~~~", swapped, unusedBits)) {
            assertThatThrownBy(() -> tokens.decode(spelling)).as(spelling).isInstanceOf(BadJwtException.class);
        }
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(tokens.decode(token)).isSameAs(first);
    }

    private JwtDecoder validation() {
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor(keys));
        JwtTimestampValidator expiry = new JwtTimestampValidator(Duration.ZERO);
        expiry.setClock(clock);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(expiry, new JwtIssuerValidator(ISSUER)));
        return decoder;
    }

    private DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> source) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, source));
        processor.setJWTClaimsSetVerifier((claims, context) -> {
        });
        return processor;
    }

    private JWTClaimsSet.Builder claims(String issuer, String audience, String subject) {
        return Signed.claims(issuer, audience, subject)
                .expirationTime(Date.from(NOW.plusSeconds(3600)));
    }
}
