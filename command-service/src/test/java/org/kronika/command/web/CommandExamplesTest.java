package org.kronika.command.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.config.OpenApiConfig;
import org.kronika.events.EventTypes;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document's worked examples are real: each is accepted by the running service, in order. */
class CommandExamplesTest extends IntegrationTest {

    @Autowired
    org.springframework.boot.web.client.RestTemplateBuilder builder;
    @org.springframework.boot.test.web.server.LocalServerPort
    int port;
    private TestRestTemplate anonymous;

    @org.junit.jupiter.api.BeforeEach
    void anonymousClient() {
        anonymous = new TestRestTemplate(builder.rootUri("http://localhost:" + port));
    }

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyCommandExampleIsAcceptedInOrder() throws Exception {
        String projectId = "ex-" + UUID.randomUUID().toString().substring(0, 8);
        recorderOrganisation = "nopm";
        for (OpenApiConfig.CommandExample example : OpenApiConfig.examples()) {
            String body = json.writeValueAsString(example.body()).replace("example-participation", projectId);
            String path = example.path().replace("{projectId}", projectId);
            HttpHeaders headers = new HttpHeaders();
            headers.setContentType(MediaType.APPLICATION_JSON);
            var response = http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
            assertThat(response.getStatusCode().is2xxSuccessful())
                    .as(example.name() + " → " + response.getStatusCode() + " " + response.getBody()).isTrue();
        }
    }

    @Test
    void everyActivityTypeAndEveryCommandHasAnExampleInTheOpenApiDocument() throws Exception {
        JsonNode api = json.readTree(anonymous.getForObject("/v3/api-docs", String.class));
        JsonNode activityExamples = api.at("/paths/~1api~1projects~1{projectId}~1activities~1{activityType}/post"
                + "/requestBody/content/application~1json/examples");
        for (var type : EventTypes.activityTypes()) {
            assertThat(activityExamples.has(type.name())).as("example for " + type.name()).isTrue();
        }
        api.path("paths").forEach(path -> path.forEach(operation -> {
            if (operation.has("requestBody")) {
                assertThat(operation.at("/requestBody/content/application~1json/examples").size())
                        .as(operation.path("operationId").asText()).isPositive();
            }
        }));
    }
}
