package org.kronika.command.config;

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
import static org.springframework.http.HttpMethod.POST;

/**
 * Who may send which command: the command side of the roles table in docs/security.md. Anything not listed
 * is denied, so a new endpoint is closed until it gets a rule (and the matrix test fails until then). Which
 * projects a recorder may record for is the Project aggregate's rule, not this one's. The OpenAPI document names
 * each operation's roles from the same table.
 */
@Configuration(proxyBeanMethods = false)
@Import({KronikaJwt.class, ServletProblems.class, ConnectionBounds.class})
public class SecurityConfig {

    private static final Set<Role> ADMIN = Set.of(Role.ADMIN);
    private static final Set<Role> RECORDER = Set.of(Role.RECORDER);
    private static final Set<Role> OFFICER = Set.of(Role.OFFICER);
    /** Checkpoints list every project of the programme: for its people, auditors and partners, not recorders. */
    private static final Set<Role> CHECKPOINT_READERS = Set.of(Role.ADMIN, Role.OFFICER, Role.AUDITOR, Role.PARTNER);

    public static final AccessRules ACCESS = new AccessRules()
            .open(GET, ApiSecurity.PUBLIC_GET)
            .allow(GET, AccessRules.EVERY_ROLE, "/api/programme")
            // A public key is for anyone who holds a checkpoint, with or without an account.
            .open(GET, "/api/checkpoints/keys")
            .allow(GET, CHECKPOINT_READERS, "/api/checkpoints", "/api/checkpoints/history")
            .allow(GET, ADMIN, "/api/admin/publisher/dead-letters")
            .allow(GET, ADMIN, "/api/admin/publisher/delay")
            .allow(POST, ADMIN, "/api/admin/publisher/dead-letters/*/retry")
            .allow(POST, ADMIN, "/api/projects", "/api/projects/*/amendments",
                    "/api/projects/*/indicators", "/api/projects/*/indicators/*/redefinitions",
                    "/api/projects/*/planned-activities")
            .allow(POST, RECORDER, "/api/projects/*/activities/*",
                    "/api/projects/*/activities/*/corrections", "/api/projects/*/activities/*/retractions",
                    "/api/projects/*/indicators/*/measurements",
                    "/api/projects/*/indicators/*/measurements/*/corrections",
                    "/api/projects/*/indicators/*/measurements/*/retractions",
                    "/api/projects/*/periods/*/submissions")
            // Reviewing and closing out are an officer's; undoing an approval or a closure, an administrator's.
            .allow(POST, OFFICER, "/api/projects/*/periods/*/returns",
                    "/api/projects/*/periods/*/approvals", "/api/projects/*/closures")
            .allow(POST, ADMIN, "/api/projects/*/periods/*/reopenings", "/api/projects/*/reopenings",
                    "/api/programme/reporting-periods");

    @Bean
    public SecurityFilterChain commandApi(HttpSecurity http, KronikaJwt.RoleFromToken tokens)
            throws Exception {
        return ApiSecurity.bearerTokenApi(http, tokens, ACCESS)
                .authorizeHttpRequests(rules -> ACCESS.applyTo(rules
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()))
                .build();
    }
}
