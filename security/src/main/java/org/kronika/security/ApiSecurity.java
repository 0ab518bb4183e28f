package org.kronika.security;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.session.NullAuthenticatedSessionStrategy;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything about request security that both services do alike; each service adds only its endpoint rules.
 * A stateless bearer-token API: no sessions and no cookies, hence no cross-site request forgery to defend.
 */
public final class ApiSecurity {

    /** Open to anyone: health for orchestrators, metrics for scraping (restrict at the network), the API docs. */
    public static final String[] PUBLIC_GET = {"/actuator/health", "/actuator/health/**", "/actuator/info",
            "/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**"};

    private ApiSecurity() {
    }

    /**
     * Any query parameter that an endpoint's handler does not declare is a 400 ({@link StrictRequests}); a denial
     * of {@code access} at an address no handler serves is a 404, and of a method it does not serve a 405
     * ({@link ProblemResponses#forbidden}).
     */
    public static HttpSecurity bearerTokenApi(HttpSecurity http, KronikaJwt.RoleFromToken tokens, AccessRules access)
            throws Exception {
        ApplicationContext context = http.getSharedObject(ApplicationContext.class);
        AccessDeniedHandler denied = ProblemResponses.forbidden(access, new ServedMethods(() -> {
            List<HandlerMapping> mappings = new ArrayList<>(BeanFactoryUtils.beansOfTypeIncludingAncestors(
                    context, HandlerMapping.class, true, false).values());
            AnnotationAwareOrderComparator.sort(mappings);
            return mappings;
        }));
        return http
                .csrf(AbstractHttpConfigurer::disable)
                // Naming the policy alone also adds Spring Security's session management filter, which takes a call
                // authenticated by its token for a new sign-in and changes the id of any session the call's cookie
                // names (the dashboards'): the old id then ends. An API call does nothing to any session.
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionAuthenticationStrategy(new NullAuthenticatedSessionStrategy()))
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(tokens))
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(denied))
                // After the role check: a caller without a token is told 401, not which parameters exist.
                .addFilterAfter(new StrictRequests(() -> context.getBean("requestMappingHandlerMapping",
                        RequestMappingHandlerMapping.class)), AuthorizationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(denied));
    }
}
