package org.kronika.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import java.util.List;

/**
 * What both services' OpenAPI documents say of every operation beyond its success: the refusals it can answer,
 * each RFC 9457 problem+json in the one shape {@link Problem} writes (the {@value #PROBLEM} schema), and the roles
 * that may call it, from the same {@link AccessRules} the filter chain enforces ({@value #ROLES}).
 */
public final class ApiDocs {

    public static final String PROBLEM = "Problem";
    public static final String FIELD_ERROR = "FieldError";
    /** The roles that may call an operation, as the token's {@code role} claim names them. */
    public static final String ROLES = "x-roles";

    /** A service's own refusals of an operation, beside those every operation can answer. */
    @FunctionalInterface
    public interface Refusals {
        void add(String path, HttpMethod method, Operation operation);
    }

    private ApiDocs() {
    }

    /** A service's API description: its title and what it is for, every operation called with a bearer token. */
    public static OpenAPI bearerApi(String title, String description) {
        return new OpenAPI()
                .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .info(new Info().title(title).version("v1").description(description));
    }

    /**
     * Every operation: 400 for a query parameter it does not take ({@link StrictRequests}) or a value it cannot; unless anyone may call
     * it, 401 without a valid token and 403 for a role it does not allow; 404 when its path names something;
     * then the service's own; and the roles that may call it.
     */
    public static void document(OpenAPI api, AccessRules access, Refusals refusals) {
        addProblemSchemas(api);
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            HttpMethod httpMethod = HttpMethod.valueOf(method.name());
            refusal(operation, HttpStatus.BAD_REQUEST, "a query parameter this operation does not take");
            if (operation.getParameters() != null
                    && operation.getParameters().stream().anyMatch(parameter -> "query".equals(parameter.getIn()))) {
                refusal(operation, HttpStatus.BAD_REQUEST, "a query parameter's value it cannot take (errors names it)");
            }
            var rule = access.ruleFor(httpMethod, path);
            if (rule.map(AccessRules.Rule::open).orElse(false)) {
                operation.setSecurity(List.of());
                appendDescription(operation, "Open to anyone: no token needed.");
            } else {
                List<String> roles = rule.map(r -> AccessRules.claimValues(r.roles())).orElse(List.of());
                operation.addExtension(ROLES, roles);
                appendDescription(operation, roles.isEmpty() ? "Denied to every role."
                        : "Roles: " + String.join(", ", roles) + ".");
                refusal(operation, HttpStatus.UNAUTHORIZED, "no token, or one that is not valid");
                refusal(operation, HttpStatus.FORBIDDEN, "the token's role may not call this operation");
            }
            if (path.contains("{")) {
                refusal(operation, HttpStatus.NOT_FOUND, "nothing is known by the path's id");
            }
            refusals.add(path, httpMethod, operation);
        }));
    }

    /** Documents one refusal as problem+json; a status already documented gets this reason added to its own. */
    public static ApiResponse refusal(Operation operation, HttpStatus status, String why) {
        if (operation.getResponses() == null) {
            operation.setResponses(new ApiResponses());
        }
        String code = Integer.toString(status.value());
        ApiResponse response = operation.getResponses().get(code);
        if (response != null && response.getContent() != null && response.getContent().containsKey(Problem.MEDIA_TYPE)) {
            response.setDescription(response.getDescription() + "; " + why);
            return response;
        }
        response = new ApiResponse().description(status.getReasonPhrase() + ": " + why)
                .content(new Content().addMediaType(Problem.MEDIA_TYPE,
                        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
        operation.getResponses().addApiResponse(code, response);
        return response;
    }

    /** A 503's {@code Retry-After}: the seconds to wait before trying again. */
    public static void retryAfter(ApiResponse response) {
        response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                .schema(new IntegerSchema()));
    }

    private static void appendDescription(Operation operation, String text) {
        String description = operation.getDescription();
        operation.setDescription(description == null || description.isBlank() ? text : description + "\n\n" + text);
    }

    /** The members {@link Problem} writes; Spring's ProblemDetail writes the same ones. */
    static void addProblemSchemas(OpenAPI api) {
        Schema<?> fieldError = new ObjectSchema()
                .description("One input at fault: its dotted path (participants.bySex.female, indicatorIds[1]), or "
                        + "the header or query parameter's name")
                .addProperty("field", new StringSchema())
                .addProperty("message", new StringSchema());
        fieldError.setRequired(List.of("field", "message"));
        Schema<?> problem = new ObjectSchema()
                .description("An RFC 9457 problem detail, as every refusal is answered (application/problem+json)")
                .addProperty("type", new StringSchema()._default("about:blank"))
                .addProperty("title", new StringSchema().description("The kind of refusal, e.g. Invalid request"))
                .addProperty("status", new IntegerSchema().description("The HTTP status"))
                .addProperty("detail", new StringSchema().description("What was refused and why"))
                .addProperty("instance", new StringSchema().description("The request's path"))
                .addProperty("errors", new ArraySchema()
                        .items(new Schema<>().$ref("#/components/schemas/" + FIELD_ERROR))
                        .description("Each input at fault, in the order the request states them (a refusal "
                                + "names every one it found, not only the first; detail joins their sentences "
                                + "with '; '); absent when no single input is"));
        problem.setRequired(List.of("type", "title", "status", "detail"));
        api.getComponents().addSchemas(FIELD_ERROR, fieldError).addSchemas(PROBLEM, problem);
    }
}
