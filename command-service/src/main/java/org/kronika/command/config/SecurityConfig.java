package org.kronika.command.config;

import jakarta.servlet.DispatcherType;
import org.kronika.security.KronikaJwt;
import org.kronika.security.ProblemResponses;
import org.kronika.security.Role;
import org.kronika.security.ServletProblems;
import org.kronika.security.StrictRequests;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.web.SecurityFilterChain;

import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/**
 * Who may send which command: the command side of the roles table in docs/security.md. Anything not listed
 * is denied, so a new endpoint is closed until it gets a rule (and the matrix test fails until then). Which
 * projects a recorder may record for is the Project aggregate's rule, not this one's.
 */
@Configuration(proxyBeanMethods = false)
@Import({KronikaJwt.class, ServletProblems.class})
public class SecurityConfig {

    private static final String ADMIN = Role.ADMIN.name();
    private static final String RECORDER = Role.RECORDER.name();
    private static final String[] EVERY_ROLE = java.util.Arrays.stream(Role.values()).map(Role::name)
            .toArray(String[]::new);

    @Bean
    public SecurityFilterChain commandApi(HttpSecurity http, KronikaJwt.RoleFromToken tokens)
            throws Exception {
        return http
                // Stateless bearer-token API: no cookies, so no cross-site request forgery to defend against.
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers(GET, "/api/programme").hasAnyRole(EVERY_ROLE)
                        .requestMatchers(POST, "/api/projects", "/api/projects/*/amendments",
                                "/api/projects/*/indicators", "/api/projects/*/indicators/*/redefinitions",
                                "/api/projects/*/planned-activities").hasRole(ADMIN)
                        .requestMatchers(POST, "/api/projects/*/activities/*",
                                "/api/projects/*/activities/*/corrections", "/api/projects/*/activities/*/retractions",
                                "/api/projects/*/indicators/*/measurements").hasRole(RECORDER)
                        .anyRequest().denyAll())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(tokens))
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .addFilterBefore(new StrictRequests(Set.of()), AuthorizationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .build();
    }

    @Bean
    public RequestRejectedHandler requestRejectedHandler() {
        return StrictRequests.rejectedAsProblem();
    }
}
