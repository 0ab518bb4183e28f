package org.kronika.command.config;

import org.junit.jupiter.api.Test;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.security.AccessRules;
import org.kronika.security.Role;
import org.kronika.verifier.EventRoles;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.POST;

/**
 * The verifier holds every event of a history to the role that records it (its {@code EventRoles}), which is this
 * service's to say: the roles {@link SecurityConfig#ACCESS} lets send each command. A rule changed on one side only,
 * or an endpoint added that records events, fails here until both tell the same story; otherwise an auditor would
 * call legitimate histories {@code UNAUTHORISED}, or pass ones the service would have refused.
 */
class VerifierRolesTest {

    /** It publishes again what was recorded, and records nothing itself. */
    private static final Set<String> RECORDING_NOTHING = Set.of("/api/admin/publisher/dead-letters/{projectId}/retry");

    @Test
    void everyEndpointThatRecordsEventsIsOpenToExactlyTheRoleTheVerifierHoldsItsEventsTo() {
        Map<String, Set<String>> allowed = new TreeMap<>();
        Map<String, Set<String>> held = new TreeMap<>();
        for (EventRoles.Endpoint endpoint : EventRoles.endpoints()) {
            AccessRules.Rule rule = SecurityConfig.ACCESS.ruleFor(POST, endpoint.path()).orElse(null);
            allowed.put(endpoint.path(), rule == null ? Set.of() : rule.open() ? Set.of("anyone")
                    : rule.roles().stream().map(Role::claimValue).collect(Collectors.toCollection(TreeSet::new)));
            held.put(endpoint.path(), Set.of(endpoint.role()));
        }

        assertThat(allowed).isEqualTo(held);
    }

    @Test
    void theVerifiersEndpointsAreThoseOfTheControllersThatSendCommands() {
        Set<String> sending = new TreeSet<>(postMappings());
        sending.removeAll(RECORDING_NOTHING);

        assertThat(EventRoles.endpoints().stream().map(EventRoles.Endpoint::path))
                .containsExactlyInAnyOrderElementsOf(sending);
    }

    /** A type no endpoint records, nor records after another, would pass the verifier whoever recorded it. */
    @Test
    void everyEventTypeOfTheContractIsRecordedByOneEndpointOrRightAfterAnEventOfOne() {
        List<String> recorded = EventRoles.endpoints().stream().flatMap(endpoint -> endpoint.records().stream())
                .toList();
        Set<String> following = EventRoles.endpoints().stream().flatMap(endpoint -> endpoint.then().stream())
                .collect(Collectors.toSet());

        assertThat(recorded).doesNotHaveDuplicates();
        assertThat(Stream.concat(recorded.stream(), following.stream()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(EventTypes.all().stream().map(EventType::name).toList());
    }

    /** Every {@code POST} the service's controllers map, as their class and method annotations spell it. */
    private static List<String> postMappings() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        List<String> paths = new ArrayList<>();
        for (BeanDefinition found : scanner.findCandidateComponents("org.kronika.command")) {
            Class<?> controller;
            try {
                controller = Class.forName(found.getBeanClassName());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            RequestMapping base = controller.getAnnotation(RequestMapping.class);
            String prefix = base == null ? "" : first(base.value(), base.path());
            for (Method method : controller.getDeclaredMethods()) {
                PostMapping post = method.getAnnotation(PostMapping.class);
                if (post != null) {
                    paths.add(prefix + first(post.value(), post.path()));
                }
            }
        }
        assertThat(paths).as("the controllers' POST endpoints").isNotEmpty();
        return paths;
    }

    private static String first(String[] values, String[] paths) {
        return values.length > 0 ? values[0] : paths.length > 0 ? paths[0] : "";
    }
}
