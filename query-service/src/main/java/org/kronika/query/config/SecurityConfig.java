package org.kronika.query.config;

import jakarta.servlet.DispatcherType;
import org.kronika.security.AccessRules;
import org.kronika.security.ApiSecurity;
import org.kronika.security.ConnectionBounds;
import org.kronika.security.KronikaJwt;
import org.kronika.security.Role;
import org.kronika.security.ServletProblems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

import java.util.Set;

import static org.springframework.http.HttpMethod.GET;

/**
 * Who may read what: the query side of the roles table in docs/security.md. Anything not listed is denied, so a
 * new endpoint is closed until it gets a rule. Which projects a recorder may read is checked per project by
 * the controller (organisation scoping), on every path. The OpenAPI document names each operation's roles from the
 * same table.
 */
@Configuration(proxyBeanMethods = false)
@Import({KronikaJwt.class, ServletProblems.class, ConnectionBounds.class})
public class SecurityConfig {

    private static final Set<Role> NOT_PARTNERS = Set.of(Role.ADMIN, Role.OFFICER, Role.RECORDER, Role.AUDITOR);

    static final AccessRules ACCESS = new AccessRules()
            .open(GET, ApiSecurity.PUBLIC_GET)
            .allow(GET, AccessRules.EVERY_ROLE, "/api/projects", "/api/projects/*", "/api/projects/*/indicators",
                    "/api/projects/*/indicators/*", "/api/projects/*/indicators/*/measurements/*",
                    "/api/projects/*/planned-activities/*", "/api/programme/reporting-periods",
                    "/api/programme/reporting-periods/*",
                    "/api/projects/*/activities", "/api/projects/*/activities/*",
                    "/api/projects/*/measurements", "/api/projects/*/timeseries", "/api/projects/*/trace",
                    "/api/projects/*/periods", "/api/projects/*/periods/*", "/api/projects/*/figures.csv", "/api/portfolio",
                    "/api/portfolio/timeseries", "/api/municipalities", "/api/municipalities/*",
                    "/api/projects/*/iati.xml", "/api/iati.xml", "/api/reports")
            // Who recorded what is for the programme's own people and auditors, not for partners.
            .allow(GET, NOT_PARTNERS, "/api/projects/*/history", "/api/projects/*/verification",
                    "/api/projects/*/export.jsonl", "/api/projects/*/export.csv", "/api/projects/*/report.html")
            .allow(null, Set.of(Role.ADMIN), "/api/admin/**");

    @Bean
    public SecurityFilterChain queryApi(HttpSecurity http, KronikaJwt.RoleFromToken tokens) throws Exception {
        return ApiSecurity.bearerTokenApi(http, tokens, ACCESS)
                .authorizeHttpRequests(rules -> ACCESS.applyTo(rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()))
                .build();
    }
}
