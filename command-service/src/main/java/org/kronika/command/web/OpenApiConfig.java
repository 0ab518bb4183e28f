package org.kronika.command.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.kronika.command.config.CorrelationIds;
import org.kronika.command.config.SecurityConfig;
import org.kronika.security.ApiDocs;
import org.kronika.security.SchemaNames;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;


/**
 * The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). Every command gets
 * worked examples from {@code openapi/command-examples.json}; a test sends each of them, in order, to the
 * running service, so an example that stops being accepted fails the build.
 */
@Configuration(proxyBeanMethods = false)
@Import(SchemaNames.class)
public class OpenApiConfig {

    public static final String EXAMPLES = "/openapi/command-examples.json";

    /** One worked example: the operation it belongs to, the concrete path it is sent to, and its body. */
    public record CommandExample(String operationId, String path, String name, String summary, Object body) {
    }

    public static List<CommandExample> examples() {
        try (InputStream in = OpenApiConfig.class.getResourceAsStream(EXAMPLES)) {
            return new ObjectMapper().readValue(in, new TypeReference<>() {
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Bean
    public OpenAPI kronikaCommandApi() {
        return ApiDocs.bearerApi("Kronika command API",
                "Record what grant-funded projects did. Every accepted command becomes an immutable "
                        + "event. Rejections are RFC 9457 problem+json naming the offending field. Writes answer "
                        + "the project's version (the reporting calendar's, for a period) as ETag; send it back as "
                        + "If-Match to apply a command only to that version. Send an Idempotency-Key to make a retry "
                        + "safe (a replay is the first answer, its ETag too), and an X-Correlation-Id to find a command's events in the history. Each "
                        + "operation lists the refusals it can answer, "
                        + "all application/problem+json (schema Problem), and the roles that may call it (x-roles).");
    }

    /**
     * First an operation per activity type, so that each gets its own examples, and every other command's body as the
     * service reads it ({@link RequestSchemas}); then, for every operation, the refusals it can answer and the roles
     * that may call it.
     */
    @Bean
    public OpenApiCustomizer commandOperationsAndExamples(ApplicationContext context) {
        List<CommandExample> examples = examples();
        return openApi -> {
            ActivityOperations.document(openApi);
            RequestSchemas.document(openApi, context.getBean("requestMappingHandlerMapping",
                    RequestMappingHandlerMapping.class).getHandlerMethods());
            addExamples(openApi, examples);
            ApiDocs.document(openApi, SecurityConfig.ACCESS, OpenApiConfig::commandAnswers);
            openApi.getComponents().getSchemas().get(ApiDocs.PROBLEM).addProperty("currentVersion",
                    new IntegerSchema().format("int64").description("On 412 only: the version the project is at"));
            openApi.getComponents().getSchemas().get(ApiDocs.PROBLEM).addProperty("closedAt",
                    new StringSchema().format("date-time").description("On 409 Project closed only: when the "
                            + "project was closed out"));
        };
    }

    /**
     * What a command (a POST with a body) takes and answers besides the refusals every operation can give: the
     * headers of {@link IdempotencyKeys} and {@link CorrelationIds}, the problems of
     * {@link org.kronika.command.web.Problems}, {@link org.kronika.command.web.RequestSizeLimit} and
     * {@link IdempotencyKeys}, and on success the version as ETag, with the Location of what it created.
     */
    private static void commandAnswers(String path, HttpMethod method, Operation operation) {
        if (path.equals("/api/checkpoints")) {
            ApiDocs.refusal(operation, HttpStatus.NOT_FOUND, "no checkpoint was published (at or before at)");
            ApiDocs.refusal(operation, HttpStatus.INTERNAL_SERVER_ERROR, "none of the last checkpoints stored (at "
                    + "or before at) is one the key set verifies: the checkpoints table was changed (Checkpoints "
                    + "table changed; docs/operations.md, \"Checkpoints refused\")");
        }
        if (method != HttpMethod.POST || operation.getRequestBody() == null) {
            return;
        }
        operation.addParametersItem(new HeaderParameter().name(IdempotencyKeys.HEADER).required(false)
                .description("1-200 visible ASCII characters, chosen by the client per request (a fresh one, e.g. a "
                        + "UUID, per command; keys are per caller). A retry with the same key and the same request "
                        + "(method, path, If-Match and the body byte for byte: the same JSON written otherwise, its "
                        + "members reordered or spaced differently, is another request, refused with 422) records "
                        + "nothing again and gets the first answer back as it was, Idempotent-Replayed: true, with "
                        + "the ETag of then: the project may have moved on since, so do not send a replayed ETag as "
                        + "If-Match; read the project's version (GET /api/projects/{projectId} on the query service, "
                        + "or currentVersion of a 412) instead")
                .schema(new StringSchema().minLength(1).maxLength(200).pattern("^[\\x21-\\x7E]+$")));
        operation.addParametersItem(new HeaderParameter().name(CorrelationIds.HEADER).required(false)
                .description("A label of the client's for this request, to find it again: echoed in the answer "
                        + "and stored with every event the command records (the history's correlationId). One that "
                        + "does not match the pattern is replaced by a new UUID, as is none.")
                .schema(new StringSchema().pattern(CorrelationIds.PATTERN)));
        boolean ifMatch = operation.getParameters().stream().anyMatch(p -> HttpHeaders.IF_MATCH.equals(p.getName()));
        ApiDocs.refusal(operation, HttpStatus.BAD_REQUEST, "the body is not JSON, or a field is missing, unknown or "
                + "malformed (errors names it); or the Idempotency-Key" + (ifMatch ? " or If-Match" : "")
                + " is not well formed");
        if (path.startsWith("/api/projects/{projectId}")) {
            ApiDocs.refusal(operation, HttpStatus.FORBIDDEN, "a recorder's organisation does not run this project");
        }
        ApiDocs.refusal(operation, HttpStatus.CONFLICT, "already recorded or registered under this id; changed "
                + "concurrently (retry); or a request with this Idempotency-Key is still being processed (retry shortly)");
        if (path.equals("/api/projects/{projectId}/reopenings")) {
            ApiDocs.refusal(operation, HttpStatus.CONFLICT, "the project is not closed");
        } else if (path.startsWith("/api/projects/{projectId}/")) {
            // The project's own rule, asked after access and If-Match: a closed project takes nothing else.
            ApiDocs.refusal(operation, HttpStatus.CONFLICT, "the project is closed out (closedAt says when): "
                    + "nothing is recorded in it until an administrator reopens it");
        }
        if (path.equals("/api/projects/{projectId}/closures")) {
            ApiDocs.refusal(operation, HttpStatus.CONFLICT, "the project has not ended, or a report it owes is not "
                    + "approved or was changed since its approval: errors names endDate, and periodId once for "
                    + "every period of the project whose report is not approved or changed since (by which event)");
            // A closure makes final the figures its officer looked at, as an approval certifies those reviewed.
            versionRequired(operation, "The project's version the officer looked at (GET /api/projects/{projectId} "
                    + "on the query service), quoted (\"9\"): closed only if the project is still at it", "a closure "
                    + "names the version of the figures it makes final");
        }
        if (path.endsWith("/approvals")) {
            // An approval certifies what its officer reviewed: the version is no option there.
            versionRequired(operation, "The version of the figures reviewed, the period report's version (GET "
                    + "/api/projects/{projectId}/periods/{periodId} on the query service), quoted (\"4\"): approved "
                    + "only if the project is still at it", "an approval names the version of the figures it "
                    + "approves");
        }
        if (ifMatch && path.startsWith("/api/programme/")) {
            ApiDocs.refusal(operation, HttpStatus.PRECONDITION_FAILED, "If-Match names a version the reporting "
                    + "calendar is not at (currentVersion says which it is; absent while it has no period)");
        } else if (ifMatch) {
            ApiDocs.refusal(operation, HttpStatus.PRECONDITION_FAILED,
                    "If-Match names a version the project is not at (currentVersion says which it is)");
        }
        ApiDocs.refusal(operation, HttpStatus.PAYLOAD_TOO_LARGE, "the body exceeds the request size limit");
        ApiDocs.refusal(operation, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type is not application/json, or the body is not UTF-8");
        ApiDocs.refusal(operation, HttpStatus.UNPROCESSABLE_ENTITY, "a project rule refuses the command (errors "
                + "names every field at fault); or the Idempotency-Key was used for a different request");
        ApiDocs.retryAfter(ApiDocs.refusal(operation, HttpStatus.SERVICE_UNAVAILABLE, "the event store cannot be "
                + "reached (the command was not recorded, unless the connection broke as it committed), or the "
                + "project is busy (not recorded); retry with the same Idempotency-Key"));
        operation.getResponses().forEach((code, response) -> {
            if (code.startsWith("2")) {
                response.addHeaderObject(HttpHeaders.ETAG, new Header().required(true)
                        .description("The version after the command, quoted (\"4\"): send it as If-Match")
                        .schema(new StringSchema()));
                response.addHeaderObject(IdempotencyKeys.REPLAYED_HEADER, new Header()
                        .description("true when this is the first answer to the same Idempotency-Key, given again, "
                                + "its ETag included")
                        .schema(new StringSchema()));
                response.addHeaderObject(CorrelationIds.HEADER, new Header().required(true)
                        .description("The request's correlation id: the X-Correlation-Id sent, or the one given it")
                        .schema(new StringSchema()));
            }
            if (code.equals("201")) {
                response.addHeaderObject(HttpHeaders.LOCATION, new Header().required(true)
                        .description("Where the query service serves what was created").schema(new StringSchema()));
            }
        });
    }

    /** A command that certifies what its sender saw: If-Match is required, and 428 answers its absence. */
    private static void versionRequired(Operation operation, String description, String why) {
        operation.getParameters().stream().filter(p -> HttpHeaders.IF_MATCH.equals(p.getName()))
                .forEach(p -> p.required(true).description(description));
        ApiDocs.refusal(operation, HttpStatus.PRECONDITION_REQUIRED, "If-Match was not sent: " + why);
    }

    private static void addExamples(OpenAPI openApi, List<CommandExample> examples) {
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            RequestBody body = operation.getRequestBody();
            if (body == null) {
                return;
            }
            MediaType json = body.getContent() == null ? null : body.getContent().get("application/json");
            if (json == null) {
                json = new MediaType();
                body.setContent(new Content().addMediaType("application/json", json));
            }
            for (CommandExample example : examples) {
                if (example.operationId().equals(operation.getOperationId())) {
                    json.addExamples(example.name(), new Example().summary(example.summary() + " (" + example.path() + ")")
                            .value(example.body()));
                }
            }
        }));
    }

}
