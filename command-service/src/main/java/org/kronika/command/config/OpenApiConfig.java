package org.kronika.command.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.parameters.RequestBody;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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
        return new OpenAPI()
                .components(new Components().addSecuritySchemes("bearer",
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList("bearer"))
                .info(new Info().title("Kronika command API").version("v1").description("Record what grant-funded projects did. Every accepted command becomes an immutable "
                        + "event. Rejections are RFC 9457 problem+json naming the offending field. Writes answer "
                        + "the project's version as ETag; send it back as If-Match to apply a command only to that "
                        + "version. Send an Idempotency-Key to make a retry safe."));
    }

    /** First an operation per activity type, so that each gets its own examples. */
    @Bean
    public OpenApiCustomizer commandOperationsAndExamples() {
        List<CommandExample> examples = examples();
        return openApi -> {
            ActivityOperations.document(openApi);
            addExamples(openApi, examples);
        };
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
