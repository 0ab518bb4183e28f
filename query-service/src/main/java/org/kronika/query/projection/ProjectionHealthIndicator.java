package org.kronika.query.projection;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The projection's state in {@code /actuator/health}: DOWN when the topic is refused or missing, the read store
 * does not answer, or the projection keeps failing or cannot start (Kafka is away), DEGRADED (still answered 200) while projects
 * wait or are parked or a rebuild keeps failing, UP otherwise; with the generation, position, what is left to read
 * and any rebuild's progress.
 */
public class ProjectionHealthIndicator extends AbstractHealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "Some projects wait or are parked");
    private static final Duration FAILING_FOR = Duration.ofSeconds(5);

    private final ReadModelService service;
    private final Clock clock;
    private final BooleanSupplier readStoreReachable;

    /** @param readStoreReachable whether the read store answers, known without asking it */
    public ProjectionHealthIndicator(ReadModelService service, Clock clock, BooleanSupplier readStoreReachable) {
        super("The projection's state is unknown");
        this.service = service;
        this.clock = clock;
        this.readStoreReachable = readStoreReachable;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (service.refusal().isPresent()) {
            builder.down().withDetail("reason", service.refusal().get());
            return;
        }
        var missing = service.topicMissingSince();
        if (missing.isPresent()) {
            // The consumer, given no partitions, reads nothing and reported itself at the topic's end: "following".
            builder.down().withDetail("reason", "topic " + service.topicName() + " does not exist: nothing is "
                            + "projected until it is created again, and the read models answer as they were; see the "
                            + "runbook \"Kafka topic lost\" (docs/operations.md#kafka-topic-lost)")
                    .withDetail("topicMissingSince", missing.get());
            return;
        }
        var live = service.live();
        service.rebuilding().ifPresent(rebuild -> builder.withDetail("rebuild", Map.of(
                "generation", rebuild.generation().number(), "applied", rebuild.applied(),
                "remaining", rebuild.remaining(), "eventsPerSecond", Math.round(rebuild.rate()))));
        if (live.isEmpty()) {
            var rebuilding = service.rebuilding();
            if (rebuilding.isPresent() && service.generations().live().isEmpty()) {
                // Queries answer 503 until the first read models have caught up; only a build that keeps failing
                // is DOWN.
                if (!reportedFailing(builder, rebuilding.get())) {
                    builder.up().withDetail("state", "building the first read models");
                    reportParked(builder);
                }
                return;
            }
            var startFailure = service.startFailure().filter(f -> longEnough(f.since()));
            if (rebuilding.isEmpty() && startFailure.isPresent()) {
                builder.down().withDetail("failure", startFailure.get().type())
                        .withDetail("failingSince", startFailure.get().since())
                        .withDetail("state", "waiting for " + service.notRunningBecause().orElse("Kafka"));
                return;
            }
            // Also while a recreated topic is rebuilt: the live read models answer but no longer read.
            builder.up().withDetail("state", rebuilding.isPresent() ? "answering while rebuilt"
                    : "waiting for " + service.notRunningBecause().orElse("the first generation"));
            // A project parked in the rebuild keeps it from ever going live: the operator must see it.
            reportParked(builder);
            reportRebuildBehindLive(builder);
            reportRebuildFailing(builder);
            return;
        }
        ProjectionStatus status = live.get();
        builder.withDetail("generation", status.generation().number())
                .withDetail("state", status.state())
                .withDetail("applied", status.applied())
                .withDetail("remaining", status.remaining());
        if (!readStoreReachable.getAsBoolean()) {
            builder.down().withDetail("paused", "the read store does not answer; projecting resumes when it does");
            return;
        }
        if (reportedFailing(builder, status)) {
            return;
        }
        builder.up();
        reportParked(builder);
        reportRebuildFailing(builder);
    }

    /**
     * DEGRADED while a rebuild keeps failing beside live read models that answer: it starts again from its checkpoint
     * each time and never goes live, and its progress merely stands still. With its failure's class, as the live
     * projection's.
     */
    private void reportRebuildFailing(Health.Builder builder) {
        service.rebuilding().filter(this::failingLongEnough).ifPresent(rebuild -> builder.status(DEGRADED)
                .withDetail("rebuildFailure", rebuild.failureType())
                .withDetail("rebuildFailingSince", rebuild.failingSince()));
    }

    /**
     * DEGRADED while a rebuild that has read the whole topic lacks events the live read models show: it waits for a
     * republish that may never come (one held back by the publisher's dead letters, say), while nothing else is wrong
     * enough to tell. Which project it lacks is in the log: health answers anyone.
     */
    private void reportRebuildBehindLive(Health.Builder builder) {
        service.rebuildBehindLiveSince().ifPresent(since -> builder.status(DEGRADED)
                .withDetail("rebuildLacksEventsSince", since)
                .withDetail("rebuildLacks", "events the live read models show: it goes live once the topic has them "
                        + "(republish, docs/operations.md#kafka-topic-lost)"));
    }

    /**
     * DEGRADED while projects wait or are parked, in the live read models or in those being rebuilt; as the
     * projections last reported them (every few seconds), not read from the store: a store that stopped answering
     * would hold the health answer until it is back, and the monitor has not noticed yet.
     */
    private void reportParked(Health.Builder builder) {
        var projects = service.parkedByProject().values();
        long parked = projects.stream().filter(p -> ParkedProject.PARKED.equals(p.status())).count();
        long waiting = projects.size() - parked;
        builder.withDetail("parked", parked).withDetail("waiting", waiting);
        if (parked + waiting > 0) {
            // Counts only: health answers anyone, and which projects (of any organisation) wait, and why, is for
            // administrators.
            builder.status(DEGRADED).withDetail("projects", "GET /api/admin/read-models/parked (administrators)");
        }
    }

    /**
     * DOWN with its failure's class, if the projection has kept failing for {@link #FAILING_FOR}: answers whether it
     * was. Health answers anyone, and a failure's message can name projects and organisations: the full text is in
     * the log and {@code GET /api/admin/read-models}.
     */
    private boolean reportedFailing(Health.Builder builder, ProjectionStatus status) {
        if (!failingLongEnough(status)) {
            return false;
        }
        builder.down().withDetail("failure", status.failureType()).withDetail("failingSince", status.failingSince());
        return true;
    }

    private boolean failingLongEnough(ProjectionStatus status) {
        return status.isFailing() && longEnough(status.failingSince());
    }

    private boolean longEnough(Instant failingSince) {
        return Duration.between(failingSince, clock.instant()).compareTo(FAILING_FOR) >= 0;
    }
}
