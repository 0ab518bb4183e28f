package org.kronika.command.project;

import org.axonframework.common.caching.Cache;
import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Snapshots are taken every few events and a project rebuilt from one still knows everything its rules need:
 * here, that an activity id was already used before the snapshot.
 */
class SnapshotTest extends IntegrationTest {

    @Autowired
    Cache projectCache;

    @Test
    void aProjectRestoredFromASnapshotStillRejectsAnActivityRecordedBeforeIt() throws Exception {
        String id = "p-" + UUID.randomUUID();
        assertThat(http.postForEntity("/api/projects", Map.of("projectId", id, "organisationId", "komf", "organisation", "KOMF",
                "title", "Child protection", "municipalities", List.of("Gjilan"),
                "startDate", "2024-01-01", "endDate", "2024-12-31"), Map.class).getStatusCode().value()).isEqualTo(201);
        for (int i = 1; i <= 12; i++) {
            assertThat(recordTraining(id, "t-" + i)).isEqualTo(201);
        }
        assertThat(snapshots(id)).as("snapshot rows").isPositive();

        projectCache.removeAll();

        assertThat(recordTraining(id, "t-1")).as("known from the snapshot").isEqualTo(409);
        assertThat(recordTraining(id, "t-12")).as("known from events after the snapshot").isEqualTo(409);
        assertThat(recordTraining(id, "t-13")).isEqualTo(201);
    }

    private int recordTraining(String projectId, String activityId) {
        return http.postForEntity("/api/projects/{id}/activities/training-delivered", Map.of("activityId", activityId,
                "title", "Case management", "occurredOn", "2024-03-12", "municipality", "Gjilan", "sessions", 1,
                "participants", Map.of("total", 10, "bySex", Map.of("female", 5, "male", 5))), Map.class, projectId)
                .getStatusCode().value();
    }

    private static long snapshots(String projectId) throws Exception {
        try (Connection connection = TestInfrastructure.postgres().connect();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT count(*) FROM snapshotevententry WHERE aggregateidentifier = ?")) {
            query.setString(1, projectId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
