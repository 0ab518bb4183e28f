package org.kronika.query.config;

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
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

import static org.springframework.http.HttpMethod.GET;

/**
 * Who may read what: the query side of the roles table in docs/security.md. Anything not listed is denied, so a
 * new endpoint is closed until it gets a rule. Which projects a recorder may read is checked per project by
 * the controller (organisation scoping), on every path.
 */
@Configuration(proxyBeanMethods = false)
@Import({KronikaJwt.class, ServletProblems.class})
public class SecurityConfig {

    private static final String[] EVERY_ROLE = {Role.ADMIN.name(), Role.OFFICER.name(), Role.RECORDER.name(),
            Role.AUDITOR.name(), Role.PARTNER.name()};
    private static final String[] NOT_PARTNERS = {Role.ADMIN.name(), Role.OFFICER.name(), Role.RECORDER.name(),
            Role.AUDITOR.name()};

    @Bean
    public SecurityFilterChain queryApi(HttpSecurity http, KronikaJwt.RoleFromToken tokens) throws Exception {
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers(GET, "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
                                "/swagger-ui/**").permitAll()
                        .requestMatchers(GET, "/api/projects", "/api/projects/*", "/api/projects/*/indicators",
                                "/api/projects/*/activities").hasAnyRole(EVERY_ROLE)
                        // Who recorded what is for the programme's own people and auditors, not for partners.
                        .requestMatchers(GET, "/api/projects/*/history").hasAnyRole(NOT_PARTNERS)
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
