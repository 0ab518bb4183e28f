package org.kronika.security;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Remembers the bearer tokens a full validation accepted, until they expire. A client reuses one token for its
 * whole life, and a profile of the command path under load put about 40 % of the service's CPU in validating that
 * same token again at every request (Base64, JSON, RS256 with BigInteger arithmetic). Here the first request pays
 * for it and the others look it up.
 *
 * <p>A remembered answer is given only while everything the first validation depended on still holds:
 * <ul>
 * <li>the token is the same string: entries are keyed by the whole token, never a hash or a prefix of it, so two
 * tokens can never be taken for each other; signature, issuer, audience, algorithm and the presence of an expiry
 * are facts of that string, so the first verdict on them stands;</li>
 * <li>it has not expired: an entry is used strictly before its {@code exp}. From then on the token goes through the
 * full validation again, which decides exactly as it always did (Spring's clock skew included);</li>
 * <li>the issuer's keys are those it was verified with: a hit asks the very key source the validation uses (with
 * the same cache, so it fetches when a validation would), and if the issuer's key set differs at all from when the
 * token was accepted (a key withdrawn, rotated or added), the token is validated afresh. A withdrawn key is
 * therefore noticed exactly when a first validation would notice it.</li>
 * </ul>
 * A refused token is never remembered: it is refused by the full validation every time. Nor is a token spelled
 * otherwise than a compact JWS as signed (RFC 7515: three parts of base64url, unpadded), which is refused before its
 * signature is checked:
 * the JOSE library reads {@code +} as {@code -}, {@code /} as {@code _} and passes over {@code ~} and {@code =} in a
 * signature, so one genuine token could be sent in any number of spellings, each accepted and remembered as a token
 * of its own, until they crowded every client's token out of memory.
 */
public final class ValidatedTokens implements JwtDecoder {

    /** Far above the number of clients holding a live token at once; only a flood of distinct tokens reaches it. */
    static final int DEFAULT_CAPACITY = 10_000;
    private static final Base64.Encoder URL_ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final JWKSelector EVERY_KEY = new JWKSelector(new JWKMatcher.Builder().build());

    private final JwtDecoder validation;
    private final JWKSource<SecurityContext> issuerKeys;
    private final Clock clock;
    private final int capacity;
    private final Map<String, Accepted> accepted = new ConcurrentHashMap<>();

    /**
     * @param validation the full validation (signature, issuer, audience, expiry)
     * @param issuerKeys the key source that validation verifies signatures with
     */
    ValidatedTokens(JwtDecoder validation, JWKSource<SecurityContext> issuerKeys, Clock clock, int capacity) {
        this.validation = validation;
        this.issuerKeys = issuerKeys;
        this.clock = clock;
        this.capacity = capacity;
    }

    public static ValidatedTokens remembering(JwtDecoder validation, JWKSource<SecurityContext> issuerKeys) {
        return new ValidatedTokens(validation, issuerKeys, Clock.systemUTC(), DEFAULT_CAPACITY);
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Accepted known = token == null ? null : accepted.get(token);
        if (known != null) {
            if (clock.instant().isBefore(known.expiresAt()) && known.keys().equals(currentKeys())) {
                return known.jwt();
            }
            accepted.remove(token, known);
        }
        if (token != null) {
            // Only a token spelled as it was signed is remembered, so only one needs checking: on a miss.
            requireCanonical(token);
        }
        // The keys are read before the validation: should they change during it, the entry holds the older set,
        // which no longer matches, and the token is validated again at its next use.
        List<JWK> keys = currentKeys();
        Jwt jwt = validation.decode(token);
        remember(token, jwt, keys);
        return jwt;
    }

    /**
     * Three parts of base64url, unpadded, the signature's spelled as its bytes encode: the last character of a
     * signature carries bits no byte uses, which a decoder passes over, so without this one signature had 16 spellings.
     */
    static void requireCanonical(String token) {
        if (COMPACT_JWS.matcher(token).matches()) {
            String signature = token.substring(token.lastIndexOf('.') + 1);
            try {
                if (URL_ENCODER.encodeToString(Base64.getUrlDecoder().decode(signature)).equals(signature)) {
                    return;
                }
            } catch (IllegalArgumentException notBase64url) {
                // refused below
            }
        }
        throw new BadJwtException("The token is not a compact JWS: three parts of base64url, without padding");
    }

    private void remember(String token, Jwt jwt, List<JWK> keys) {
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null || keys == null) {
            return;
        }
        if (accepted.size() >= capacity) {
            Instant now = clock.instant();
            accepted.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
            if (accepted.size() >= capacity) {
                // Still full of live tokens: forget them all rather than grow. Each is validated again once.
                accepted.clear();
            }
        }
        accepted.put(token, new Accepted(jwt, expiresAt, keys));
    }

    /** The issuer's whole key set as the validation sees it now, or null if it cannot be had. */
    private List<JWK> currentKeys() {
        try {
            return issuerKeys.get(EVERY_KEY, null);
        } catch (KeySourceException e) {
            // Keys unavailable: the full validation decides, as it would for a token never seen.
            return null;
        }
    }

    int size() {
        return accepted.size();
    }

    private record Accepted(Jwt jwt, Instant expiresAt, List<JWK> keys) {
    }
}
