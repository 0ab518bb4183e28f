package org.kronika.command.config;

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
    private static final String OFFICER = Role.OFFICER.name();
    private static final String[] EVERY_ROLE = java.util.Arrays.stream(Role.values()).map(Role::name)
            .toArray(String[]::new);
    /** Checkpoints list every project of the programme: for its people, auditors and partners, not recorders. */
    private static final String[] CHECKPOINT_READERS = {ADMIN, OFFICER, Role.AUDITOR.name(),
            Role.PARTNER.name()};

    @Bean
    public SecurityFilterChain commandApi(HttpSecurity http, KronikaJwt.RoleFromToken tokens)
            throws Exception {
        return ApiSecurity.bearerTokenApi(http, tokens)
                .authorizeHttpRequests(rules -> rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(GET, ApiSecurity.PUBLIC_GET).permitAll()
                        .requestMatchers(GET, "/api/programme").hasAnyRole(EVERY_ROLE)
                        // A public key is for anyone who holds a checkpoint, with or without an account.
                        .requestMatchers(GET, "/api/checkpoints/keys").permitAll()
                        .requestMatchers(GET, "/api/checkpoints", "/api/checkpoints/history")
                        .hasAnyRole(CHECKPOINT_READERS)
                        .requestMatchers(GET, "/api/admin/publisher/dead-letters").hasRole(ADMIN)
                        .requestMatchers(GET, "/api/admin/publisher/delay").hasRole(ADMIN)
                        .requestMatchers(POST, "/api/admin/publisher/dead-letters/*/retry").hasRole(ADMIN)
                        .requestMatchers(POST, "/api/projects", "/api/projects/*/amendments",
                                "/api/projects/*/indicators", "/api/projects/*/indicators/*/redefinitions",
                                "/api/projects/*/planned-activities").hasRole(ADMIN)
                        .requestMatchers(POST, "/api/projects/*/activities/*",
                                "/api/projects/*/activities/*/corrections", "/api/projects/*/activities/*/retractions",
                                "/api/projects/*/indicators/*/measurements",
                                "/api/projects/*/periods/*/submissions").hasRole(RECORDER)
                        // Reviewing is an officer's; undoing an approval, an administrator's.
                        .requestMatchers(POST, "/api/projects/*/periods/*/returns",
                                "/api/projects/*/periods/*/approvals").hasRole(OFFICER)
                        .requestMatchers(POST, "/api/projects/*/periods/*/reopenings",
                                "/api/programme/reporting-periods").hasRole(ADMIN)
                        .anyRequest().denyAll())
                .build();
    }
}
