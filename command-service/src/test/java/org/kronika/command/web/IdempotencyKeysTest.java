package org.kronika.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The key a command is kept under belongs to its caller; a caller the token does not name gets none. */
class IdempotencyKeysTest {

    private final IdempotencyKeys filter = new IdempotencyKeys();

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void theSameKeyAndRequestFromTwoSubjectsAreKeptApart() throws Exception {
        IdempotencyKeys.KeyedRequest komf = keyedAs("recorder-komf");
        IdempotencyKeys.KeyedRequest kec = keyedAs("recorder-kec");

        assertThat(komf.fingerprint()).isEqualTo(kec.fingerprint());
        assertThat(komf.key()).isNotEqualTo(kec.key());
    }

    /** The column holds 400 characters; a token's subject has no limit of its own. */
    @Test
    void callersWithLongSubjectsAndLongKeysAreKeptApartWithinTheColumn() throws Exception {
        String key = "k".repeat(200);
        String first = "s".repeat(300) + "1";
        String second = "s".repeat(300) + "2";

        IdempotencyKeys.KeyedRequest one = keyedAs(first, key);
        IdempotencyKeys.KeyedRequest other = keyedAs(second, key);

        assertThat(one.key()).hasSizeLessThanOrEqualTo(400).endsWith(":" + key);
        assertThat(other.key()).hasSizeLessThanOrEqualTo(400);
        assertThat(one.key()).isNotEqualTo(other.key());
    }

    /** Keys are kept indefinitely: one kept before long subjects were provided for must still be found. */
    @Test
    void aSubjectThatFitsBesideAnyKeyIsKeptAsItIsSoEarlierKeysStillAnswer() throws Exception {
        String subject = "s".repeat(199);
        String key = "k".repeat(200);

        assertThat(keyedAs(subject, key).key()).isEqualTo(subject + " " + key).hasSize(400);
        assertThat(keyedAs("recorder-komf", "retry-1").key()).isEqualTo("recorder-komf retry-1");
    }

    /**
     * A key with a space or far too long is refused as every other refusal is: naming the header, in a detail of the
     * header and its message, and the request's path as {@code instance}.
     */
    @Test
    void aMalformedKeyIsRefusedInTheShapeOfEveryRefusalWithItsInstance() throws Exception {
        signedInAs("recorder-komf");
        for (String key : List.of("has space!", "k".repeat(3000))) {
            MockFilterChain chain = new MockFilterChain();
            MockHttpServletResponse response = new MockHttpServletResponse();

            filter.doFilter(keyedRequest(key), response, chain);

            JsonNode problem = new ObjectMapper().readTree(response.getContentAsString());
            assertThat(problem.path("instance").asText()).isEqualTo("/api/projects/p-1/activities/training-delivered");
            assertThat(problem.path("detail").asText())
                    .isEqualTo("Idempotency-Key: must be 1-200 visible ASCII characters");
            assertThat(problem.at("/errors/0/message").asText()).isEqualTo("must be 1-200 visible ASCII characters");
            assertThat(chain.getRequest()).as("the command is not run").isNull();
        }
    }

    /** A header at fault is refused as If-Match or a body member at fault is: "Invalid request", naming it. */
    @Test
    void aMalformedKeyIsAnInvalidRequestNamingTheHeader() throws Exception {
        signedInAs("recorder-komf");
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(keyedRequest("not visible\u0001"), response, chain);

        assertThat(response.getStatus()).isEqualTo(400);
        JsonNode problem = new ObjectMapper().readTree(response.getContentAsString());
        assertThat(problem.path("title").asText()).isEqualTo("Invalid request");
        assertThat(problem.at("/errors/0/field").asText()).isEqualTo(IdempotencyKeys.HEADER);
        assertThat(chain.getRequest()).as("the command is not run").isNull();
    }

    @Test
    void aKeyFromACallerWhoseTokenNamesNoSubjectIsRefusedNotSharedUnderACommonName() throws Exception {
        signedInAs(null);
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(keyedRequest("retry-1"), response, chain);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(chain.getRequest()).as("the command is not run").isNull();
    }

    private IdempotencyKeys.KeyedRequest keyedAs(String subject) throws Exception {
        return keyedAs(subject, "retry-1");
    }

    private IdempotencyKeys.KeyedRequest keyedAs(String subject, String key) throws Exception {
        signedInAs(subject);
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(keyedRequest(key), new MockHttpServletResponse(), chain);
        return (IdempotencyKeys.KeyedRequest) chain.getRequest().getAttribute(IdempotencyKeys.class.getName());
    }

    private static MockHttpServletRequest keyedRequest(String key) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/projects/p-1/activities/training-delivered");
        request.addHeader(IdempotencyKeys.HEADER, key);
        request.setContent("{\"title\":\"Case management\"}".getBytes());
        return request;
    }

    private static void signedInAs(String subject) {
        Jwt.Builder token = Jwt.withTokenValue("token").header("alg", "RS256").claim("role", "recorder")
                .claim("organisation", "komf");
        if (subject != null) {
            token.subject(subject);
        }
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(token.build(),
                List.of(new SimpleGrantedAuthority("ROLE_RECORDER"))));
    }
}
