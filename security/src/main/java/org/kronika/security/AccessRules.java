package org.kronika.security;

import org.springframework.http.HttpMethod;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.util.AntPathMatcher;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who may call which endpoint, as one table: the filter chain enforces it ({@link #applyTo}) and the OpenAPI
 * document names each operation's roles from it ({@link ApiDocs}), so the two cannot tell different stories. The
 * first rule that matches decides; anything no rule matches is denied. A denial says why by what is at the address
 * ({@link ProblemResponses#forbidden}): nothing (404), another method the caller may use (405), or this one (403).
 */
public final class AccessRules {

    public static final Set<Role> EVERY_ROLE = EnumSet.allOf(Role.class);

    /**
     * @param method   {@code null} for any method
     * @param patterns Ant-style, as the filter chain matches them ({@code *} one segment, {@code **} any)
     * @param roles    who may call; {@code null} for anyone, with or without a token
     */
    public record Rule(HttpMethod method, List<String> patterns, Set<Role> roles) {

        public boolean open() {
            return roles == null;
        }

        /** Whether a documented operation falls under this rule: a {@code {variable}} of its path is one segment. */
        boolean covers(HttpMethod operationMethod, String pathTemplate) {
            return (method == null || method.equals(operationMethod) || headOf(operationMethod))
                    && patterns.stream().anyMatch(pattern -> PATHS.match(pattern, pathTemplate));
        }

        /** HEAD is GET without the body (RFC 9110, 9.3.2): whoever may GET an address may HEAD it. */
        private boolean headOf(HttpMethod operationMethod) {
            return HttpMethod.GET.equals(method) && HttpMethod.HEAD.equals(operationMethod);
        }
    }

    private static final AntPathMatcher PATHS = new AntPathMatcher();
    private final List<Rule> rules = new ArrayList<>();

    /** Anyone may call: no token needed. */
    public AccessRules open(HttpMethod method, String... patterns) {
        rules.add(new Rule(method, List.of(patterns), null));
        return this;
    }

    public AccessRules allow(HttpMethod method, Set<Role> roles, String... patterns) {
        rules.add(new Rule(method, List.of(patterns), Set.copyOf(roles)));
        return this;
    }

    /** The rules in order, then every other request denied. */
    public void applyTo(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry registry) {
        for (Rule rule : rules) {
            decide(registry.requestMatchers(rule.method(), rule.patterns().toArray(String[]::new)), rule);
            if (HttpMethod.GET.equals(rule.method())) {
                decide(registry.requestMatchers(HttpMethod.HEAD, rule.patterns().toArray(String[]::new)), rule);
            }
        }
        registry.anyRequest().denyAll();
    }

    private static void decide(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizedUrl matched, Rule rule) {
        if (rule.open()) {
            matched.permitAll();
        } else {
            matched.hasAnyRole(rule.roles().stream().map(Role::name).toArray(String[]::new));
        }
    }

    /**
     * The rule that decides an operation, if any: none means it is denied to everyone. A request's own path is a
     * template without variables.
     */
    public Optional<Rule> ruleFor(HttpMethod method, String pathTemplate) {
        return rules.stream().filter(rule -> rule.covers(method, pathTemplate)).findFirst();
    }

    /**
     * Of {@code methods}, those a caller holding {@code authorities} may call at a request's path, by the same first
     * matching rule the filter chain applies.
     */
    public Set<HttpMethod> permitted(Collection<HttpMethod> methods, String path,
                                     Collection<? extends GrantedAuthority> authorities) {
        Set<String> held = new HashSet<>();
        authorities.forEach(authority -> held.add(authority.getAuthority()));
        Set<HttpMethod> permitted = new LinkedHashSet<>();
        for (HttpMethod method : methods) {
            ruleFor(method, path).filter(rule -> rule.open()
                    || rule.roles().stream().map(Role::authority).anyMatch(held::contains))
                    .ifPresent(rule -> permitted.add(method));
        }
        return permitted;
    }

    /** The roles that may call, in the order of {@link Role}, as the token's role claim names them. */
    static List<String> claimValues(Set<Role> roles) {
        return Arrays.stream(Role.values()).filter(roles::contains).map(Role::claimValue).toList();
    }
}
