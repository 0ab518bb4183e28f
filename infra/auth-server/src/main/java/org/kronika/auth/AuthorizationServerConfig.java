package org.kronika.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

@Configuration(proxyBeanMethods = false)
public class AuthorizationServerConfig {

    public static final List<String> ROLES = List.of("admin", "officer", "recorder", "auditor", "partner");

    @Bean
    public RegisteredClientRepository clients(AuthProperties properties) {
        List<RegisteredClient> clients = new java.util.ArrayList<>(properties.clients().stream().map(client -> {
            requireRole("Client " + client.clientId(), client.role(), client.organisation());
            return RegisteredClient.withId(UUID.nameUUIDFromBytes(client.clientId().getBytes()).toString())
                    .clientId(client.clientId())
                    .clientSecret(client.secret())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.tokenTtl()).build())
                    .build();
        }).toList());
        properties.loginClients().forEach(client -> clients.add(loginClient(client, properties)));
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

    /**
     * A confidential client that signs people in (the dashboards' backend): authorization code with PKCE required
     * even though it has a secret, so an intercepted code is useless without the verifier; OpenID Connect for the
     * identity, the access token for the role.
     */
    private static RegisteredClient loginClient(AuthProperties.LoginClient client, AuthProperties properties) {
        RegisteredClient.Builder builder = RegisteredClient
                .withId(UUID.nameUUIDFromBytes(client.clientId().getBytes()).toString())
                .clientId(client.clientId())
                .clientSecret(client.secret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .scope(OidcScopes.OPENID)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(properties.tokenTtl()).build());
        client.redirectUris().forEach(builder::redirectUri);
        if (client.postLogoutRedirectUris() != null) {
            client.postLogoutRedirectUris().forEach(builder::postLogoutRedirectUri);
        }
        return builder.build();
    }

    /** Sign-ins under way and tokens issued, in memory, safe for sign-ins made side by side. */
    @Bean
    public OAuth2AuthorizationService authorizations() {
        return new OneAtATimeAuthorizations();
    }

    /** The people who may sign in; with none, every sign-in fails. */
    @Bean
    public UserDetailsService users(AuthProperties properties) {
        return new InMemoryUserDetailsManager(properties.users().stream().map(user -> {
            requireRole("User " + user.username(), user.role(), user.organisation());
            return User.withUsername(user.username()).password(user.password()).roles(user.role().toUpperCase(Locale.ROOT))
                    .build();
        }).toList());
    }

    private static void requireRole(String who, String role, String organisation) {
        if (!ROLES.contains(role)) {
            throw new IllegalStateException(who + " has unknown role " + role);
        }
        if ("recorder".equals(role) == (organisation == null || organisation.isBlank())) {
            throw new IllegalStateException(who + ": a recorder needs an organisation, and only a recorder has one");
        }
    }

    /**
     * Role, organisation and audience go into every access token. Its subject is the client id for a machine
     * client and the username for a person who signed in; the ID token stays as OpenID Connect defines it.
     */
    @Bean
    public OAuth2TokenCustomizer<JwtEncodingContext> kronikaClaims(AuthProperties properties) {
        Map<String, Grant> machines = properties.clients().stream()
                .collect(Collectors.toMap(AuthProperties.Client::clientId, c -> new Grant(c.role(), c.organisation())));
        Map<String, Grant> people = properties.users().stream()
                .collect(Collectors.toMap(AuthProperties.User::username, u -> new Grant(u.role(), u.organisation())));
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            Grant grant = AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
                    ? machines.get(context.getRegisteredClient().getClientId())
                    : people.get(context.getPrincipal().getName());
            if (grant == null) {
                return;
            }
            context.getClaims().audience(List.of(properties.audience()));
            context.getClaims().claim("role", grant.role());
            if (grant.organisation() != null && !grant.organisation().isBlank()) {
                context.getClaims().claim("organisation", grant.organisation());
            }
        };
    }

    private record Grant(String role, String organisation) {
    }

    @Bean
    public JWKSource<SecurityContext> signingKey(AuthProperties properties) {
        return new ImmutableJWKSet<>(new JWKSet(key(properties.keyFile())));
    }

    @Bean
    public AuthorizationServerSettings settings(AuthProperties properties) {
        return AuthorizationServerSettings.builder().issuer(properties.issuer()).build();
    }

    /**
     * The signing key, its private half included: whoever reads the file can sign an admin's token, so it is
     * readable by its owner only, also when an earlier version left it readable by anyone.
     */
    static RSAKey key(String keyFile) {
        try {
            if (keyFile == null || keyFile.isBlank()) {
                return generate();
            }
            Path file = Path.of(keyFile);
            if (Files.exists(file)) {
                ownerOnly(file);
                return (RSAKey) JWKSet.parse(Files.readString(file)).getKeys().get(0);
            }
            RSAKey key = generate();
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temporary = Files.createTempFile(directory, ".jwks", ".tmp");
            try {
                ownerOnly(temporary);
                Files.writeString(temporary, new JWKSet(key).toString(false));
                Files.move(temporary, file);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException("Not a JWK set: " + keyFile, e);
        }
    }

    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the file inherits its directory's ACL
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
