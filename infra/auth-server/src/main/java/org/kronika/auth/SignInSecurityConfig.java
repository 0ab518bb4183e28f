package org.kronika.auth;

import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

import java.util.Set;

import static org.springframework.security.config.Customizer.withDefaults;

/**
 * Spring Boot's two chains for an authorization server, as its auto-configuration builds them, except that people
 * sign in on {@link SignInPage} rather than on Spring Security's generated page. A chain of one's own replaces
 * both of Boot's, so the authorization server's endpoints are configured here as Boot configures them.
 */
@Configuration(proxyBeanMethods = false)
public class SignInSecurityConfig {

    static final String SIGN_IN = "/login";

    /** The OAuth2 and OpenID Connect endpoints; a browser that is not signed in is sent to sign in first. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerEndpoints(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        MediaTypeRequestMatcher browsers = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        browsers.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        return http.securityMatcher(server.getEndpointsMatcher())
                .with(server, endpoints -> endpoints.oidc(withDefaults()))
                .authorizeHttpRequests(rules -> rules.anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(withDefaults()))
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint(SIGN_IN), browsers))
                .build();
    }

    /** Everything else, the sign-in form among it: its page is Kronika's, its failures return to it. */
    @Bean
    @Order(SecurityProperties.BASIC_AUTH_ORDER)
    SecurityFilterChain signIn(HttpSecurity http) throws Exception {
        return http.authorizeHttpRequests(rules -> rules.anyRequest().authenticated())
                .formLogin(form -> form.loginPage(SIGN_IN).permitAll())
                .build();
    }
}
