package org.kronika.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfig {

    public static final List<String> ROLES = List.of("admin", "officer", "recorder", "auditor", "partner");

    @Bean
    public RegisteredClientRepository clients(AuthProperties properties) {
        List<RegisteredClient> clients = properties.clients().stream().map(client -> {
            if (!ROLES.contains(client.role())) {
                throw new IllegalStateException("Client " + client.clientId() + " has unknown role " + client.role());
            }
            if ("recorder".equals(client.role()) == (client.organisation() == null || client.organisation().isBlank())) {
                throw new IllegalStateException("Client " + client.clientId()
                        + ": a recorder needs an organisation, and only a recorder has one");
            }
            return RegisteredClient.withId(UUID.nameUUIDFromBytes(client.clientId().getBytes()).toString())
                    .clientId(client.clientId())
                    .clientSecret(client.secret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.tokenTtl()).build())
                    .build();
        }).toList();
        // An empty in-memory repository is refused; a production profile has no clients and no use for this server.
        return clients.isEmpty() ? new RegisteredClientRepository() {
            @Override
            public void save(RegisteredClient registeredClient) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RegisteredClient findById(String id) {
                return null;
            }

            @Override
            public RegisteredClient findByClientId(String clientId) {
                return null;
            }
        } : new InMemoryRegisteredClientRepository(clients);
    }

    /** Role, organisation and audience go into every access token; the client id is its subject. */
    @Bean
    public OAuth2TokenCustomizer<JwtEncodingContext> kronikaClaims(AuthProperties properties) {
        Map<String, AuthProperties.Client> byId = properties.clients().stream()
                .collect(Collectors.toMap(AuthProperties.Client::clientId, c -> c));
        return context -> {
            AuthProperties.Client client = byId.get(context.getRegisteredClient().getClientId());
            if (client == null) {
                return;
            }
            context.getClaims().audience(List.of(properties.audience()));
            context.getClaims().claim("role", client.role());
            if (client.organisation() != null && !client.organisation().isBlank()) {
                context.getClaims().claim("organisation", client.organisation());
            }
        };
    }

    @Bean
    public JWKSource<SecurityContext> signingKey(AuthProperties properties) {
        return new ImmutableJWKSet<>(new JWKSet(key(properties.keyFile())));
    }

    @Bean
    public AuthorizationServerSettings settings(AuthProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    private static RSAKey key(String keyFile) {
        try {
            if (keyFile == null || keyFile.isBlank()) {
                return generate();
            }
            Path file = Path.of(keyFile);
            if (Files.exists(file)) {
                return (RSAKey) JWKSet.parse(Files.readString(file)).getKeys().get(0);
            }
            RSAKey key = generate();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, new JWKSet(key).toString(false));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("Not a JWK set: " + keyFile, e);
        }
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
