package org.kronika.query.config;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kronika.query.dashboard.signin.AccessTokenUsers;
import org.kronika.query.dashboard.signin.CookieSignIns;
import org.kronika.query.dashboard.signin.ReturnAfterSignIn;
import org.kronika.query.dashboard.signin.SessionCsrfTokens;
import org.kronika.query.dashboard.signin.SignedCookies;
import org.kronika.query.dashboard.web.SessionPages;
import org.kronika.query.dashboard.signin.ExpiredSignIns;
import org.kronika.query.dashboard.signin.SignInLanguage;
import org.kronika.query.dashboard.signin.SignInProperties;
import org.kronika.security.KronikaJwt;
import org.kronika.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.DelegatingAccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * The dashboards' pages: a backend for frontend. People sign in with the authorization code flow and PKCE; the
 * tokens stay in the server-side session and the browser holds only its cookie (HttpOnly, SameSite), so every
 * form of a signed-in page carries a CSRF token. The API keeps its own chain ({@link SecurityConfig}): bearer tokens
 * only, stateless.
 * Which projects and figures a page shows is scoped exactly as the API scopes them, from the same token claims.
 */
@Configuration(proxyBeanMethods = false)
public class DashboardSecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(DashboardSecurityConfig.class);

    public static final String REGISTRATION = "kronika";
    public static final String SIGNED_OUT = "/dashboard/signed-out";
    private static final String SIGN_IN = "/oauth2/authorization/" + REGISTRATION;
    /** Where the identity provider sends a person back, signed in. */
    private static final String SIGNED_IN = "/login/oauth2/code/";
    /**
     * Where a refusal of the rules below is forwarded, to be the dashboards' page in the reader's language with the
     * whole layout (skip link, language switch, sign-out), as a refusal of a page's own handler is.
     */
    public static final String FORBIDDEN = "/dashboard/forbidden";
    /**
     * Where a form the rules refuse for its sign-in is forwarded: one sent once the session had ended (its CSRF token
     * gone with it, or its access token expired) or from a page of an earlier session. Nothing of it is done; the
     * page says why, keeps what was typed in it, and leads back to the page it was sent from.
     */
    public static final String NOT_SENT = "/dashboard/not-sent";
    /** Where a live page asks whether its sign-in lasts. */
    public static final String SESSION_CHECK = "/dashboard/session";

    private static final String[] EVERY_ROLE = {Role.ADMIN.name(), Role.OFFICER.name(), Role.RECORDER.name(),
            Role.AUDITOR.name(), Role.PARTNER.name()};
    private static final String[] NOT_PARTNERS = {Role.ADMIN.name(), Role.OFFICER.name(), Role.RECORDER.name(),
            Role.AUDITOR.name()};

    @Bean
    @Order(1)
    public SecurityFilterChain dashboardPages(HttpSecurity http, ClientRegistrationRepository registrations,
                                              JwtDecoder decoder, KronikaJwt.RoleFromToken roles, Clock clock,
                                              SignInProperties provider) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, "/oauth2/authorization");
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}" + SIGNED_OUT);
        signedOut.setDefaultTargetUrl(SIGNED_OUT);
        AccessDeniedHandler notSent = forwardTo(NOT_SENT);
        // What signing in's own entry point is: a page asked for without a sign-in is asked for again after it.
        AuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(SIGN_IN);
        // Until a person has signed in, what the service remembers for them is in their browser, in signed cookies:
        // the page they asked for and the sign-in under way. Only a sign-in opens a session, so asking for pages or
        // starting sign-ins without finishing them costs the service no memory.
        SignedCookies cookies = new SignedCookies(provider.cookieKeyBytes(), clock);
        // Nor does a failed one (a forged return, say): the page says it failed, and keeps no exception for it.
        SimpleUrlAuthenticationFailureHandler signedOutFailed =
                new SimpleUrlAuthenticationFailureHandler(SIGNED_OUT + "?failed");
        signedOutFailed.setAllowSessionCreation(false);
        // Why is said to the operator, by its OAuth2 error code (no one's data): the person sees only that it failed,
        // and the reason (an identity provider refusing the code, a state or nonce not matching) was nowhere.
        AuthenticationFailureHandler failed = (request, response, e) -> {
            log.info("A dashboard sign-in failed: {}", e instanceof OAuth2AuthenticationException refused
                    ? refused.getError() : e.getClass().getSimpleName());
            signedOutFailed.onAuthenticationFailure(request, response, e);
        };
        return http
                .securityMatcher("/", "/dashboard", "/dashboard/**", "/oauth2/authorization/**",
                        SIGNED_IN + "**", "/logout", "/webjars/**")
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(GET, "/webjars/**", "/dashboard/assets/**", SIGNED_OUT).permitAll()
                        // Posted from a signed-in page, asked by GET from one shown without a sign-in (no session
                        // holds a token for it there: SessionCsrfTokens).
                        .requestMatchers(POST, "/dashboard/language").permitAll()
                        .requestMatchers(GET, "/dashboard/language").permitAll()
                        // It says only that the page asked for is refused, to whoever was refused it.
                        .requestMatchers(FORBIDDEN, NOT_SENT).permitAll()
                        // Who recorded what, and the chain that proves it, are not for partners (as in the API),
                        // whatever the method: HEAD runs the same handlers.
                        .requestMatchers("/dashboard/projects/*/history/**", "/dashboard/projects/*/export.*",
                                "/dashboard/projects/*/report.html").hasAnyRole(NOT_PARTNERS)
                        .anyRequest().hasAnyRole(EVERY_ROLE))
                .oauth2Login(login -> login
                        .loginPage(SIGN_IN)
                        .failureHandler(failed)
                        .authorizationEndpoint(endpoint -> endpoint
                                .authorizationRequestResolver(new SignInLanguage(requests))
                                .authorizationRequestRepository(new CookieSignIns(cookies, SIGNED_IN)))
                        .userInfoEndpoint(users -> users.oidcUserService(new AccessTokenUsers(decoder, roles))))
                .requestCache(cache -> cache.requestCache(new ReturnAfterSignIn(cookies,
                        SessionPages::dashboardsAddress, DashboardSecurityConfig::inTheBackground)))
                .logout(logout -> logout.logoutSuccessHandler(signedOut))
                .csrf(csrf -> csrf.csrfTokenRepository(new SessionCsrfTokens())
                        .csrfTokenRequestHandler(new UndecodableTokens()))
                // A refused CSRF token is not a refused page: the session holding the token ended (an idle
                // timeout, a restart, another instance) or was replaced. The token check itself stays as it is:
                // the form is not handled, whoever sent it. A form sent without a sign-in whose token passes (its
                // access token expired since the page was read) is not sent to sign in either, as a page asked for
                // is: signing in would return to no form, and what was typed in it would be lost.
                .exceptionHandling(errors -> errors
                        .accessDeniedHandler(new DelegatingAccessDeniedHandler(new LinkedHashMap<>(Map.of(
                                CsrfException.class, notSent)), forwardTo(FORBIDDEN)))
                        .authenticationEntryPoint((request, response, notSignedIn) -> {
                            if (inTheBackground(request)) {
                                // Refused, not sent to sign in: the script reads the refusal; it follows no
                                // redirect, and has nothing to show the reader after a sign-in (nor is it kept as
                                // the page to return to: ReturnAfterSignIn).
                                response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
                            } else if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
                                signIn.commence(request, response, notSignedIn);
                            } else {
                                notSent.handle(request, response, new AccessDeniedException("Not signed in",
                                        notSignedIn));
                            }
                        }))
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

    /**
     * A token sent that decodes to no text (a forged one) is a token that does not match: Spring Security's own
     * handler lets its decoding error through, which answered 500 rather than refuse the form as any other token
     * not the session's is refused.
     */
    static final class UndecodableTokens implements CsrfTokenRequestHandler {

        private final CsrfTokenRequestHandler masked = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            masked.handle(request, response, token);
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            try {
                return masked.resolveCsrfTokenValue(request, token);
            } catch (IllegalArgumentException undecodable) {
                return null;
            }
        }
    }

    private static AccessDeniedHandler forwardTo(String page) {
        AccessDeniedHandlerImpl handler = new AccessDeniedHandlerImpl();
        handler.setErrorPage(page);
        return handler;
    }

    @Bean
    public ClientRegistrationRepository signInProviders(SignInProperties provider) {
        ClientRegistration.Builder registration = ClientRegistration.withRegistrationId(REGISTRATION)
                .clientId(provider.clientId())
                .clientSecret(provider.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}" + SIGNED_IN + "{registrationId}")
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

    /** Whether a page's script asks for this by itself: its sign-in check, its live stream, its refresh. */
    private static boolean inTheBackground(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(SESSION_CHECK) || path.matches("/dashboard/projects/[^/]+/live")
                || request.getHeader(org.kronika.query.dashboard.live.VisitFlashMaps.LIVE_REFRESH) != null;
    }
}
