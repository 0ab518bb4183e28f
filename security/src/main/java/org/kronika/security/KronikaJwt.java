package org.kronika.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.core.convert.converter.Converter;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Validates every bearer token: RS256 signature against the issuer's published keys, issuer, audience, expiry
 * and subject. Its {@code role} claim becomes the caller's only authority; a token without a known role gets none
 * and is refused everywhere but the public endpoints. A token accepted once is remembered until it expires
 * ({@link ValidatedTokens}), with every check of its first validation still in force.
 */
@Configuration(proxyBeanMethods = false)
public class KronikaJwt {

    public static final String ROLE_CLAIM = "role";
    public static final String ORGANISATION_CLAIM = "organisation";
    private static final int KEY_FETCH_TIMEOUT_MS = 5000;

    /**
     * @param jwksCacheTtl      how long the issuer's keys are used before they are fetched again
     * @param outageTolerance   how long the last keys fetched stay in use while the issuer cannot be reached: tokens
     *                          it already issued keep working through its outage (by default a day, far beyond a
     *                          token's life). Zero turns this off, and every token is then refused once the cache
     *                          expires with the issuer away. A key the issuer revoked meanwhile is trusted as long.
     */
    @Bean
    public JwtDecoder jwtDecoder(@Value("${kronika.security.jwks-uri}") String jwksUri,
                                 @Value("${kronika.security.issuer}") String issuer,
                                 @Value("${kronika.security.audience}") String audience,
                                 @Value("${kronika.security.jwks-cache-ttl:5m}") Duration jwksCacheTtl,
                                 @Value("${kronika.security.jwks-outage-tolerance:24h}") Duration outageTolerance) {
        JWKSource<SecurityContext> keys = issuerKeys(jwksUri, jwksCacheTtl, outageTolerance);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri)
                .jwtProcessorCustomizer(processor -> processor.setJWSKeySelector(
                        new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys)))
                .build();
        OAuth2TokenValidator<Jwt> audienceCheck = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                "The token is not meant for " + audience, null));
        // Spring checks expiry only when the claim is there; a token that never expires is refused outright.
        OAuth2TokenValidator<Jwt> expiryRequired = new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
        // Idempotency keys are scoped, and every event's actor named, by the subject: callers without one would
        // share each other's stored answers and record anonymously.
        OAuth2TokenValidator<Jwt> subjectRequired = new JwtClaimValidator<Object>(JwtClaimNames.SUB,
                subject -> subject instanceof String named && !named.isBlank());
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                audienceCheck, expiryRequired, subjectRequired));
        return ValidatedTokens.remembering(decoder, keys);
    }

    /**
     * The key set is fetched again for a key it lacks at most twice in this time (the library's limit, which allows
     * two fetches in each interval; half the keys' cache time if that is shorter, as the library requires): a key the
     * identity provider starts signing with is found within it, and a flood of tokens naming made-up keys costs two
     * fetches per interval.
     */
    static final long KEY_REFRESH_MIN_INTERVAL_MS = 10_000;

    static JWKSource<SecurityContext> issuerKeys(String jwksUri, Duration cacheTtl, Duration outageTolerance) {
        try {
            JWKSourceBuilder<SecurityContext> keys = JWKSourceBuilder.create(URI.create(jwksUri).toURL(),
                            new DefaultResourceRetriever(KEY_FETCH_TIMEOUT_MS, KEY_FETCH_TIMEOUT_MS))
                    .cache(cacheTtl.toMillis(), KEY_FETCH_TIMEOUT_MS)
                    .refreshAheadCache(false)
                    // A token naming a key the cached set lacks makes the set be fetched again, before its signature
                    // or any claim is checked: without a limit, anyone could make every request fetch it.
                    .rateLimited(Math.min(KEY_REFRESH_MIN_INTERVAL_MS, cacheTtl.toMillis() / 2));
            JWKSource<SecurityContext> built = (outageTolerance.isZero() ? keys.outageTolerant(false)
                    : keys.outageTolerant(outageTolerance.toMillis())).build();
            // Past the limit the library throws, which Spring answers as its own failure (500, a stack in the log):
            // a token whose key is not found then is one whose key is not known, refused with 401 as any other.
            return (selector, context) -> {
                try {
                    return built.get(selector, context);
                } catch (com.nimbusds.jose.jwk.source.RateLimitReachedException limited) {
                    return List.of();
                }
            };
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("kronika.security.jwks-uri is not a URL: " + jwksUri, e);
        }
    }

    @Bean
    public RoleFromToken kronikaAuthentication() {
        return new RoleFromToken();
    }

    /** A named class, not a lambda: Spring MVC registers every Converter bean and needs its generic types. */
    public static final class RoleFromToken implements Converter<Jwt, AbstractAuthenticationToken> {
        @Override
        public AbstractAuthenticationToken convert(Jwt jwt) {
            // The actor as every check reads it: a recorder bound to no organisation is no recorder.
            List<GrantedAuthority> authorities = Actor.of(jwt)
                    .filter(actor -> actor.role() != Role.RECORDER || actor.organisation() != null)
                    .<GrantedAuthority>map(actor -> new SimpleGrantedAuthority(actor.role().authority()))
                    .map(List::of).orElse(List.of());
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        }
    }
}
