package org.kronika.query.config;

import jakarta.servlet.DispatcherType;
import org.kronika.security.ApiSecurity;
import org.kronika.security.KronikaJwt;
import org.kronika.security.Role;
import org.kronika.security.ServletProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
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
        return ApiSecurity.bearerTokenApi(http, tokens)
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        .requestMatchers(GET, ApiSecurity.PUBLIC_GET).permitAll()
                        .requestMatchers(GET, "/api/projects", "/api/projects/*", "/api/projects/*/indicators",
                                "/api/projects/*/indicators/*", "/api/projects/*/indicators/*/measurements/*",
                                "/api/projects/*/planned-activities/*", "/api/programme/reporting-periods",
                                "/api/programme/reporting-periods/*",
                                "/api/projects/*/activities", "/api/projects/*/activities/*",
                                "/api/projects/*/measurements", "/api/projects/*/timeseries", "/api/projects/*/trace",
                                "/api/projects/*/periods", "/api/projects/*/periods/*", "/api/projects/*/figures.csv", "/api/portfolio",
                                "/api/portfolio/timeseries", "/api/municipalities", "/api/municipalities/*",
                                "/api/projects/*/iati.xml", "/api/iati.xml")
                        .hasAnyRole(EVERY_ROLE)
                        // Who recorded what is for the programme's own people and auditors, not for partners.
                        .requestMatchers(GET, "/api/projects/*/history", "/api/projects/*/verification",
                                "/api/projects/*/export.jsonl", "/api/projects/*/export.csv", "/api/projects/*/report.html")
                        .hasAnyRole(NOT_PARTNERS)
                        .requestMatchers("/api/admin/**").hasRole(Role.ADMIN.name())
                        .anyRequest().denyAll())
                .build();
    }
}
