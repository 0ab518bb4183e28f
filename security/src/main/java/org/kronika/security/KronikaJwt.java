package org.kronika.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
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

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Validates every bearer token: RS256 signature against the issuer's published keys, issuer, audience and
 * expiry. Its {@code role} claim becomes the caller's only authority; a token without a known role gets none
 * and is refused everywhere but the public endpoints. A token accepted once is remembered until it expires
 * ({@link ValidatedTokens}), with every check of its first validation still in force.
 */
@Configuration(proxyBeanMethods = false)
public class KronikaJwt {

    public static final String ROLE_CLAIM = "role";
    public static final String ORGANISATION_CLAIM = "organisation";

    @Bean
    public JwtDecoder jwtDecoder(@Value("${kronika.security.jwks-uri}") String jwksUri,
                                 @Value("${kronika.security.issuer}") String issuer,
                                 @Value("${kronika.security.audience}") String audience) {
        AtomicReference<JWKSource<SecurityContext>> keys = new AtomicReference<>();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(jwksUri)
                .jwtProcessorCustomizer(processor -> keys.set(ValidatedTokens.keySource(processor))).build();
        OAuth2TokenValidator<Jwt> audienceCheck = jwt -> jwt.getAudience() != null && jwt.getAudience().contains(audience)
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                "The token is not meant for " + audience, null));
        // Spring checks expiry only when the claim is there; a token that never expires is refused outright.
        OAuth2TokenValidator<Jwt> expiryRequired = new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(issuer),
                audienceCheck, expiryRequired));
        return ValidatedTokens.remembering(decoder, keys.get());
    }

    @Bean
    public RoleFromToken kronikaAuthentication() {
        return new RoleFromToken();
    }

    /** A named class, not a lambda: Spring MVC registers every Converter bean and needs its generic types. */
    public static final class RoleFromToken implements Converter<Jwt, AbstractAuthenticationToken> {
        @Override
        public AbstractAuthenticationToken convert(Jwt jwt) {
            List<GrantedAuthority> authorities = Role.fromClaim(jwt.getClaimAsString(ROLE_CLAIM))
                    .filter(role -> role != Role.RECORDER || jwt.getClaimAsString(ORGANISATION_CLAIM) != null)
                    .<GrantedAuthority>map(role -> new SimpleGrantedAuthority(role.authority()))
                    .map(List::of).orElse(List.of());
            return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
        }
    }
}
