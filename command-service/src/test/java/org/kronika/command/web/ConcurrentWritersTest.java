package org.kronika.command.web;

import org.junit.jupiter.api.Test;
import org.kronika.command.IntegrationTest;
import org.kronika.command.TestInfrastructure;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many clients writing to one project at once: its commands are handled one after another, and none of them, nor
 * any other project's, is turned away because the waiting ones took every database connection. Those that waited
 * are committed in groups ({@link GroupCommit}).
 */
class ConcurrentWritersTest extends IntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void thirtyTwoWritersOnOneProjectAreAllRecordedInOneUnbrokenHistory() throws Exception {
        String projectId = "p-" + UUID.randomUUID();
        assertThat(post("/api/projects", """
                {"projectId":"%s","organisationId":"komf","organisation":"KOMF","title":"Child protection",
                 "municipalities":["Gjilan"],"startDate":"2024-01-01","endDate":"2024-12-31"}""".formatted(projectId)))
                .isEqualTo(201);
        DistributionSummary groups = meters.get(GroupCommit.GROUP_SIZE).summary();
        long groupsBefore = groups.count();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService writers = Executors.newFixedThreadPool(32);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < 32; w++) {
            done.add(writers.submit(() -> {
                for (int i = 0; i < 5; i++) {
                    int status = post("/api/projects/" + projectId + "/activities/training-delivered", """
                            {"title":"Case management","occurredOn":"2024-03-12","municipality":"Gjilan","sessions":1,
                             "participants":{"total":10}}""");
                    statuses.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> writer : done) {
            writer.get();
        }
        writers.shutdown();

        assertThat(statuses.keySet()).as("answers by status: " + statuses).containsOnly(201);
        assertThat(TestInfrastructure.storedEvents(projectId)).isEqualTo(1 + 32 * 5);
        assertThat(lastSequence(projectId)).as("one unbroken history").isEqualTo(32 * 5);
        assertThat(groups.count() - groupsBefore).as("transactions for %d commands", 32 * 5)
                .isLessThan(32 * 5);
    }

    private static long lastSequence(String projectId) throws java.sql.SQLException {
        try (java.sql.Connection connection = TestInfrastructure.postgres().connect();
             var query = connection.prepareStatement(
                     "SELECT max(sequencenumber) FROM domainevententry WHERE aggregateidentifier = ?")) {
            query.setString(1, projectId);
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private int post(String path, String body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return http.postForEntity(path, new HttpEntity<>(body, headers), String.class).getStatusCode().value();
    }
}
