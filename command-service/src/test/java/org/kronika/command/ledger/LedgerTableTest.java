package org.kronika.command.ledger;

import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.kronika.command.IntegrationTest;
import org.kronika.command.web.AfterCommitFaults;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the tests of a ledger in PostgreSQL share: commands whose transaction can be made to fail before its commit,
 * the event store the ledger must be the fold of, and the cache a project is forgotten from.
 */
abstract class LedgerTableTest extends IntegrationTest {

    @Autowired
    AfterCommitFaults faults;
    @Autowired
    EventStorageEngine events;
    @Autowired
    Cache projectCache;

    String registered() {
        String id = "p-" + UUID.randomUUID();
        assertThat(http.postForEntity("/api/projects", Map.of("projectId", id, "organisationId", "komf",
                "organisation", "KOMF", "title", "Child protection", "municipalities", List.of("Gjilan"),
                "startDate", "2024-01-01", "endDate", "2024-12-31"), Map.class).getStatusCode().value()).isEqualTo(201);
        return id;
    }

    int amend(String projectId, String endDate) {
        return post("/api/projects/" + projectId + "/amendments", Map.of("endDate", endDate,
                "reason", "the donor shortened the project"), null);
    }

    /** The command's status; with a correlation id, which {@link #faults} may have armed. */
    int post(String path, Map<String, Object> body, String correlationId) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (correlationId != null) {
            headers.set("X-Correlation-Id", correlationId);
        }
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class).getStatusCode().value();
    }
}
