package org.kronika.command;

import org.junit.jupiter.api.BeforeEach;
import org.kronika.command.checkpoint.FailingSignings;
import org.kronika.command.publishing.FailingSends;
import org.kronika.command.web.AfterCommitFaults;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequestInterceptor;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Base of the tests that run the command service on the real PostgreSQL, Kafka and authorization server. All of
 * them share one application context: two contexts in one JVM would run two publishers claiming the same token
 * as one owner.
 *
 * <p>{@link #http} sends each command with the token of the role allowed to send it, as the demo clients of
 * docs/security.md: logframe commands, reopenings and reporting periods as {@code admin-demo}, reviews and closures
 * as {@code officer-demo}, recording and submitting as the recorder of
 * {@link #recorderOrganisation}. Tests about access itself set their own Authorization header.
 *
 * <p>{@link FailingSends}, {@link FailingSignings} and {@link AfterCommitFaults} are part of every test's context,
 * not of one test's, to keep that context the only one.
 */
// Metrics are exported as in production, so tests can read /actuator/prometheus as Prometheus does.
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "kronika.snapshot-interval=5")
@Import({FailingSends.class, FailingSignings.class, AfterCommitFaults.class})
public abstract class IntegrationTest {

    private static final Pattern ADMIN_COMMANDS = Pattern.compile(
            "^/api/projects(/[^/]+/(amendments|indicators|indicators/[^/]+/redefinitions|planned-activities"
                    + "|periods/[^/]+/reopenings|reopenings))?$|^/api/programme/reporting-periods$");
    private static final Pattern OFFICER_COMMANDS = Pattern.compile(
            "^/api/projects/[^/]+/(periods/[^/]+/(returns|approvals)|closures)$");

    @Autowired
    protected TestRestTemplate http;
    /** The organisation whose recorder records in {@link #http}; projects registered by tests belong to it. */
    protected String recorderOrganisation = "komf";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfrastructure.register(registry);
    }

    @BeforeEach
    void authenticateByRole() {
        ClientHttpRequestInterceptor byRole = (request, body, execution) -> {
            if (!request.getHeaders().containsKey(HttpHeaders.AUTHORIZATION)) {
                String path = request.getURI().getPath();
                String client = request.getMethod() != HttpMethod.POST || ADMIN_COMMANDS.matcher(path).matches()
                        ? "admin-demo" : OFFICER_COMMANDS.matcher(path).matches() ? "officer-demo"
                        : "recorder-" + recorderOrganisation;
                request.getHeaders().setBearerAuth(Tokens.of(client));
            }
            return execution.execute(request, body);
        };
        http.getRestTemplate().setInterceptors(List.of(byRole));
    }
}
