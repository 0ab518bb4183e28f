package org.kronika.query.projection;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.stream.RejectedRecords;
import org.kronika.query.stream.StreamProperties;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** Health answers anyone: a failing projection is DOWN there with what kind of failure, never its message. */
class ProjectionHealthIndicatorTest {

    private static final Instant FAILING_SINCE = Instant.parse("2026-01-05T08:00:00Z");

    @Test
    void aProjectionThatKeepsFailingIsDownWithTheFailuresClassButNotItsMessage() throws Exception {
        Generation generation = new Generation(1, 1);
        ProjectionStatus failing = ProjectionStatus.starting(generation, 0).failing(new IllegalStateException(
                "Programme aggregates [project:p-secret-42, organisation:kec] kept changing under this writer"),
                FAILING_SINCE);
        ReadModelService service = mock(ReadModelService.class);
        when(service.refusal()).thenReturn(Optional.empty());
        when(service.rebuilding()).thenReturn(Optional.empty());
        when(service.live()).thenReturn(Optional.of(failing));
        Clock tenSecondsLater = Clock.fixed(FAILING_SINCE.plusSeconds(10), ZoneOffset.UTC);

        Health health = new ProjectionHealthIndicator(service, tenSecondsLater, () -> true).health();

        String body = new ObjectMapper().findAndRegisterModules().writeValueAsString(health);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("failure", "IllegalStateException")
                .containsEntry("failingSince", FAILING_SINCE);
        assertThat(body).doesNotContain("p-secret-42").doesNotContain("kec").doesNotContain("kept changing");
        assertThat(failing.failure()).as("administrators still read it in full")
                .contains("p-secret-42", "kept changing");
    }

    /**
     * A rebuild that keeps failing starts again from its checkpoint each time and never goes live; beside live read
     * models that answer, health is DEGRADED with its failure's class, which it did not show at all.
     */
    @Test
    void aRebuildThatKeepsFailingBesideLiveReadModelsIsDegradedWithItsFailuresClass() {
        ProjectionStatus live = ProjectionStatus.starting(new Generation(1, 1), 0);
        ProjectionStatus rebuild = ProjectionStatus.starting(new Generation(2, 1), 0).failing(
                new IllegalStateException("Project p-secret-7 broke"), FAILING_SINCE);
        ReadModelService service = mock(ReadModelService.class);
        when(service.refusal()).thenReturn(Optional.empty());
        when(service.live()).thenReturn(Optional.of(live));
        when(service.rebuilding()).thenReturn(Optional.of(rebuild));

        Health soon = new ProjectionHealthIndicator(service, Clock.fixed(FAILING_SINCE.plusSeconds(1), ZoneOffset.UTC),
                () -> true).health();
        Health later = new ProjectionHealthIndicator(service, Clock.fixed(FAILING_SINCE.plusSeconds(10),
                ZoneOffset.UTC), () -> true).health();

        assertThat(soon.getStatus()).as("a failure the rebuild may get over").isEqualTo(Status.UP);
        assertThat(later.getStatus()).isEqualTo(ProjectionHealthIndicator.DEGRADED);
        assertThat(later.getDetails()).containsEntry("rebuildFailure", "IllegalStateException")
                .containsEntry("rebuildFailingSince", FAILING_SINCE).doesNotContainValue("Project p-secret-7 broke");
    }

    /**
     * An instance that never reached Kafka has no run to report failing: it said UP ("waiting for ..."), its
     * remaining figure was -1 and no partition reported a lag, so neither health nor any alert told the operator
     * that its read models had stopped following the topic.
     */
    @Test
    void anInstanceThatCannotReachKafkaAtStartUpIsDownRatherThanWaiting() throws Exception {
        ProjectViews views = new ProjectViews(Programme.ofContract().periods());
        FreshReadModels readModels = FreshReadModels.create("kafka-unreachable", views);
        readModels.generations().switchTo(readModels.generation(), Optional.empty());
        int nothingListens;
        try (ServerSocket socket = new ServerSocket(0)) {
            nothingListens = socket.getLocalPort();
        }
        ReadModelService service = new ReadModelService(readModels.generations(), views,
                new StreamProperties("127.0.0.1:" + nothingListens, "test-topic", 100, Duration.ofSeconds(10)),
                new RejectedRecords(readModels.database()), new SimpleMeterRegistry(), Clock.systemUTC());
        ProjectionHealthIndicator health = new ProjectionHealthIndicator(service, Clock.systemUTC(), () -> true);
        service.start();
        try {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(health.health().getStatus()).isEqualTo(Status.DOWN));
            assertThat(health.health().getDetails()).containsKey("failingSince")
                    .containsEntry("failure", "IllegalStateException");
            assertThat((String) health.health().getDetails().get("state")).startsWith("waiting for Kafka");
        } finally {
            service.stop();
        }
    }
}
