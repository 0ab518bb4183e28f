package org.kronika.command.web;

import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Commands sent as a client sends them, with the Idempotency-Key and correlation id it chose (or none). */
final class KeyedRequests {

    private KeyedRequests() {
    }

    static ResponseEntity<String> post(TestRestTemplate http, String path, String body, String idempotencyKey,
                                       String correlationId) {
        return post(http, path, body, idempotencyKey, correlationId, null);
    }

    /** @param token the caller's, or null for the test's default by role */
    static ResponseEntity<String> post(TestRestTemplate http, String path, String body, String idempotencyKey,
                                       String correlationId, String token) {
        HttpHeaders headers = new HttpHeaders();
        if (token != null) {
            headers.setBearerAuth(token);
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (idempotencyKey != null) {
            headers.set("Idempotency-Key", idempotencyKey);
        }
        if (correlationId != null) {
            headers.set("X-Correlation-Id", correlationId);
        }
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class);
    }

    /** A new project of the recorder's organisation, registered. */
    static String registered(TestRestTemplate http) {
        String id = "p-" + UUID.randomUUID();
        var response = post(http, "/api/projects", """
                {"projectId":"%s","organisationId":"komf","organisation":"KOMF","title":"Child protection",
                 "municipalities":["Gjilan"],"startDate":"2024-01-01","endDate":"2024-12-31"}""".formatted(id),
                null, null);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        return id;
    }
}
