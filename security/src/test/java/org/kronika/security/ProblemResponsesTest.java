package org.kronika.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.http.HttpMethod.GET;
import static org.springframework.http.HttpMethod.POST;

/** What a denial of the access table says, by what is at the address: nothing, another method, or this one. */
class ProblemResponsesTest {

    @RestController
    static class Endpoints {
        @GetMapping("/api/projects/{projectId}")
        void project() {
        }

        @PostMapping("/api/projects/{projectId}/amendments")
        void amend() {
        }

        @GetMapping("/api/projects/{projectId}/history")
        void history() {
        }
    }

    private static final AccessRules ACCESS = new AccessRules()
            .allow(GET, Set.of(Role.ADMIN, Role.AUDITOR), "/api/projects/*")
            .allow(POST, Set.of(Role.ADMIN), "/api/projects/*/amendments")
            .allow(GET, Set.of(Role.ADMIN), "/api/projects/*/history");

    private final ObjectMapper json = new ObjectMapper();
    private final AccessDeniedHandler denied = ProblemResponses.forbidden(ACCESS, new ServedMethods(() -> List.of(mapping())));

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void anAddressNoHandlerServesIsNotFoundRatherThanForbidden() throws Exception {
        for (String path : List.of("/api/projects/p-1/nonexistent", "/api/projects/p-1/indicators/awareness/measurements",
                "/api/nothing")) {
            for (String method : List.of("GET", "POST", "DELETE")) {
                MockHttpServletResponse response = deny(Role.AUDITOR, method, path);

                assertThat(response.getStatus()).as(method + " " + path).isEqualTo(404);
                assertThat(response.getContentType()).isEqualTo(Problem.MEDIA_TYPE);
                JsonNode problem = json.readTree(response.getContentAsString());
                assertThat(problem.path("title").asText()).isEqualTo("No such address");
                assertThat(problem.path("detail").asText()).contains(path).doesNotContain("role");
                assertThat(problem.path("instance").asText()).isEqualTo(path);
            }
        }
    }

    @Test
    void aMethodTheAddressDoesNotServeIsNotAllowedNamingTheMethodsTheCallerMayUseThere() throws Exception {
        MockHttpServletResponse auditor = deny(Role.AUDITOR, "DELETE", "/api/projects/p-1");
        MockHttpServletResponse admin = deny(Role.ADMIN, "GET", "/api/projects/p-1/amendments");

        assertThat(auditor.getStatus()).isEqualTo(405);
        assertThat(auditor.getHeader(HttpHeaders.ALLOW)).isEqualTo("GET");
        assertThat(json.readTree(auditor.getContentAsString()).path("detail").asText())
                .isEqualTo("This address answers GET, not DELETE");
        assertThat(admin.getStatus()).isEqualTo(405);
        assertThat(admin.getHeader(HttpHeaders.ALLOW)).isEqualTo("POST");
    }

    @Test
    void anAddressServedOnlyByMethodsTheRoleMayNotUseStaysForbidden() throws Exception {
        MockHttpServletResponse partner = deny(Role.PARTNER, "DELETE", "/api/projects/p-1");
        MockHttpServletResponse auditor = deny(Role.AUDITOR, "GET", "/api/projects/p-1/amendments");

        assertThat(partner.getStatus()).isEqualTo(403);
        assertThat(partner.getHeader(HttpHeaders.ALLOW)).isNull();
        assertThat(auditor.getStatus()).isEqualTo(403);
    }

    @Test
    void anEndpointTheRoleMayNotCallStaysForbidden() throws Exception {
        MockHttpServletResponse response = deny(Role.AUDITOR, "GET", "/api/projects/p-1/history");

        assertThat(response.getStatus()).isEqualTo(403);
        JsonNode problem = json.readTree(response.getContentAsString());
        assertThat(problem.path("title").asText()).isEqualTo("Forbidden");
        assertThat(problem.path("detail").asText()).isEqualTo("Your role may not GET /api/projects/p-1/history");
    }

    @Test
    void aRefusalThatSaysWhyIsAnsweredAsItSays() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        SecurityContextHolder.getContext().setAuthentication(signedIn(Role.RECORDER));

        denied.handle(new MockHttpServletRequest("GET", "/api/projects/theirs"), response,
                new AccessDeniedException("Project theirs belongs to another organisation"));

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(json.readTree(response.getContentAsString()).path("detail").asText())
                .isEqualTo("Project theirs belongs to another organisation");
    }

    private MockHttpServletResponse deny(Role role, String method, String path) throws Exception {
        SecurityContextHolder.getContext().setAuthentication(signedIn(role));
        MockHttpServletResponse response = new MockHttpServletResponse();
        denied.handle(new MockHttpServletRequest(method, path), response, new AccessDeniedException("Access Denied"));
        return response;
    }

    private static TestingAuthenticationToken signedIn(Role role) {
        return new TestingAuthenticationToken(role.claimValue(), null, role.authority());
    }

    private static RequestMappingHandlerMapping mapping() {
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(Endpoints.class);
        context.refresh();
        RequestMappingHandlerMapping mapping = new RequestMappingHandlerMapping();
        mapping.setApplicationContext(context);
        mapping.afterPropertiesSet();
        return mapping;
    }
}
