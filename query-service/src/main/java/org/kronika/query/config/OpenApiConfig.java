package org.kronika.query.config;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.kronika.events.EventTypes;
import org.kronika.query.history.web.HistoryDownloads;
import org.kronika.query.project.web.ProjectQueryController;
import org.kronika.query.report.web.ReportList;
import org.kronika.security.ApiDocs;
import org.kronika.security.SchemaNames;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The OpenAPI document at {@code /v3/api-docs} (Swagger UI at {@code /swagger-ui.html}). */
@Configuration(proxyBeanMethods = false)
@Import(SchemaNames.class)
public class OpenApiConfig {

    /** The type a streamed download is returned as, which says nothing of what it streams. */
    private static final String STREAMED = "StreamingResponseBody";

    @Bean
    public OpenAPI kronikaQueryApi() {
        return ApiDocs.bearerApi("Kronika query API",
                "Read models projected from the published event stream: projects with their logframe, "
                        + "activities (corrected values with the originals kept), indicator progress by sex, age "
                        + "band, community, municipality and reporting period, and each project's full history. "
                        + "Eventually consistent with the command side: a project's 'version' is the last event "
                        + "applied. Each operation lists the refusals it can answer, all application/problem+json "
                        + "(schema Problem), and the roles that may call it (x-roles).");
    }

    /** For every operation, the refusals it can answer and the roles that may call it; downloads as files. */
    @Bean
    public OpenApiCustomizer queryRefusalsAndDownloads() {
        return openApi -> {
            ApiDocs.document(openApi, SecurityConfig.ACCESS, OpenApiConfig::queryRefusals);
            allowed(openApi, "/api/reports", "status", ReportList.LISTED);
            allowed(openApi, "/api/projects", "status", ProjectQueryController.STATUSES);
            allowed(openApi, "/api/projects/{projectId}/history", "type", EventTypes.all().stream()
                    .flatMap(type -> Stream.of(type.name(), type.cloudEventType())).toList());
            openApi.getComponents().getSchemas().remove(STREAMED);
        };
    }

    /**
     * The values a GET's query parameter takes, from the list the service checks it against: lists an annotation
     * could only copy.
     */
    private static void allowed(OpenAPI openApi, String path, String name, List<String> values) {
        openApi.getPaths().get(path).getGet().getParameters().stream()
                .filter(parameter -> parameter.getName().equals(name)).findFirst().orElseThrow()
                .getSchema().setEnum(new ArrayList<>(values));
    }

    /** The problems of {@code QueryProblems}, and a download's body as the file its media type names. */
    private static void queryRefusals(String path, HttpMethod method, Operation operation) {
        // Every other operation reads the read store; the read models' first build holds back only the reads they
        // serve. The lag is the projector's own, in memory.
        if (!path.equals("/api/admin/read-models/lag")) {
            ApiDocs.retryAfter(ApiDocs.refusal(operation, HttpStatus.SERVICE_UNAVAILABLE,
                    method == HttpMethod.GET && !path.startsWith("/api/admin/")
                            ? "the read models are not ready yet (their first build is running), or their store does "
                            + "not answer (Read store unavailable)"
                            : "the read models' store does not answer (Read store unavailable)"));
        }
        if (path.equals("/api/iati.xml")) {
            // Its path names nothing, yet an IATI file holds at least one activity.
            ApiDocs.refusal(operation, HttpStatus.NOT_FOUND, "no project the caller may see had been recorded (by "
                    + "knownAt, when given)");
        }
        if (path.equals("/api/admin/read-models/rebuilds")) {
            ApiDocs.refusal(operation, HttpStatus.CONFLICT, "a rebuild cannot start now; detail says why");
        }
        if (operation.getParameters() != null) {
            operation.getParameters().stream().filter(parameter -> parameter.getSchema() != null
                            && parameter.getSchema().getExtensions() != null
                            && "now".equals(parameter.getSchema().getExtensions().get("x-not-after")))
                    .forEach(knownAt -> {
                        knownAt.setDescription(knownAt.getDescription() + "; not more than a minute after the "
                                + "service's clock (x-not-after: now, the minute allowed for clocks apart)");
                        ApiDocs.refusal(operation, HttpStatus.CONFLICT, "the read models' history lacks an event "
                                + "the replay reads (History incomplete): rebuild them");
                    });
        }
        if (path.endsWith("/export.jsonl") || path.endsWith("/export.csv")) {
            // Whether a history's export is the whole history is said in headers, which a generated client then has.
            operation.getResponses().get("200")
                    .addHeaderObject(HistoryDownloads.COMPLETE, new io.swagger.v3.oas.models.headers.Header()
                            .required(true).schema(new io.swagger.v3.oas.models.media.BooleanSchema())
                            .description("Whether the export holds every record of the project the read side read"))
                    .addHeaderObject(HistoryDownloads.INCOMPLETE_REASON, new io.swagger.v3.oas.models.headers.Header()
                            .schema(new StringSchema()).description("Why not, beside " + HistoryDownloads.COMPLETE
                                    + ": false only (ASCII; any other character as ?; at most 2,000 characters, ending '...': "
                                    + "verification's incompleteReason gives it whole)"));
        }
        operation.getResponses().forEach((code, response) -> {
            if (response.getContent() != null) {
                response.getContent().values().forEach(media -> {
                    Schema<?> schema = media.getSchema();
                    if (schema != null && schema.get$ref() != null && schema.get$ref().endsWith("/" + STREAMED)) {
                        media.setSchema(new StringSchema().format("binary"));
                    }
                });
            }
        });
    }
}
