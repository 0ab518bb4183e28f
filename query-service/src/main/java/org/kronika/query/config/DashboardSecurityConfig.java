package org.kronika.query.config;

import jakarta.servlet.DispatcherType;
import org.kronika.query.dashboard.signin.AccessTokenUsers;
import org.kronika.query.dashboard.signin.ExpiredSignIns;
import org.kronika.query.dashboard.signin.SignInLanguage;
import org.kronika.query.dashboard.signin.SignInProperties;
import org.kronika.security.KronikaJwt;
import org.kronika.security.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

import java.time.Clock;
import java.util.Map;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * The dashboards' pages: a backend for frontend. People sign in with the authorization code flow and PKCE; the
 * tokens stay in the server-side session and the browser holds only its cookie (HttpOnly, SameSite), so every
 * form carries a CSRF token. The API keeps its own chain ({@link SecurityConfig}): bearer tokens only, stateless.
 * Which projects and figures a page shows is scoped exactly as the API scopes them, from the same token claims.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardSecurityConfig {

    public static final String REGISTRATION = "kronika";
    public static final String SIGNED_OUT = "/dashboard/signed-out";
    /**
     * Where a refusal of the rules below is forwarded, to be the dashboards' page in the reader's language with the
     * whole layout (skip link, language switch, sign-out), as a refusal of a page's own handler is.
     */
    public static final String FORBIDDEN = "/dashboard/forbidden";

    private static final String[] EVERY_ROLE = {Role.ADMIN.name(), Role.OFFICER.name(), Role.RECORDER.name(),
            Role.AUDITOR.name(), Role.PARTNER.name()};
    private static final String[] NOT_PARTNERS = {Role.ADMIN.name(), Role.OFFICER.name(), Role.RECORDER.name(),
            Role.AUDITOR.name()};

    @Bean
    @Order(1)
    public SecurityFilterChain dashboardPages(HttpSecurity http, ClientRegistrationRepository registrations,
                                              JwtDecoder decoder, KronikaJwt.RoleFromToken roles, Clock clock)
            throws Exception {
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, "/oauth2/authorization");
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}" + SIGNED_OUT);
        signedOut.setDefaultTargetUrl(SIGNED_OUT);
        return http
                .securityMatcher("/", "/dashboard", "/dashboard/**", "/oauth2/authorization/**",
                        "/login/oauth2/code/**", "/logout", "/webjars/**")
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(GET, "/webjars/**", "/dashboard/assets/**", SIGNED_OUT).permitAll()
                        .requestMatchers(POST, "/dashboard/language").permitAll()
                        // It says only that the page asked for is refused, to whoever was refused it.
                        .requestMatchers(FORBIDDEN).permitAll()
                        // Who recorded what, and the chain that proves it, are not for partners (as in the API),
                        // whatever the method: HEAD runs the same handlers.
                        .requestMatchers("/dashboard/projects/*/history/**", "/dashboard/projects/*/export.*",
                                "/dashboard/projects/*/report.html").hasAnyRole(NOT_PARTNERS)
                        .anyRequest().hasAnyRole(EVERY_ROLE))
                .oauth2Login(login -> login
                        .loginPage("/oauth2/authorization/" + REGISTRATION)
                        .failureUrl(SIGNED_OUT + "?failed")
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(
                                new SignInLanguage(requests)))
                        .userInfoEndpoint(users -> users.oidcUserService(new AccessTokenUsers(decoder, roles))))
                .logout(logout -> logout.logoutSuccessHandler(signedOut))
                .exceptionHandling(errors -> errors.accessDeniedPage(FORBIDDEN))
                // Scripts, styles and charts come from this service only; nothing may frame the pages. No
                // form-action: Chromium applies it to a form's redirects too, and signing out redirects to the
                // authorization server, whose address is the deployment's. A page's address (a project's id) is
                // sent to no other site, and the pages use no camera, microphone or location.
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; "
                                + "frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter
                                        .ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter(new org.springframework.security.web.header.writers.StaticHeadersWriter(
                                "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")))
                .addFilterBefore(new ExpiredSignIns(clock, decoder), AuthorizationFilter.class)
                .build();
    }

    @Bean
    public ClientRegistrationRepository signInProviders(SignInProperties provider) {
        ClientRegistration.Builder registration = ClientRegistration.withRegistrationId(REGISTRATION)
                .clientId(provider.clientId())
                .clientSecret(provider.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid")
                .issuerUri(provider.issuer())
                .authorizationUri(provider.authorizationUri())
                .tokenUri(provider.tokenUri())
                .jwkSetUri(provider.jwkSetUri())
                .userNameAttributeName("sub")
                .clientName("Kronika");
        if (provider.endSessionUri() != null && !provider.endSessionUri().isBlank()) {
            registration.providerConfigurationMetadata(Map.of("end_session_endpoint", provider.endSessionUri()));
        }
        return new InMemoryClientRegistrationRepository(registration.build());
    }
}
