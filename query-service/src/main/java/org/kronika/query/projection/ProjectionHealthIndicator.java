package org.kronika.query.projection;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The projection's state in {@code /actuator/health}: DOWN when the topic is refused or the projection keeps
 * failing (the read store or Kafka is away), DEGRADED (still answered 200) while projects wait or are parked, UP
 * otherwise; with the generation, position, what is left to read and any rebuild's progress.
 */
public class ProjectionHealthIndicator extends AbstractHealthIndicator {

    public static final Status DEGRADED = new Status("DEGRADED", "Some projects wait or are parked");
    private static final Duration FAILING_FOR = Duration.ofSeconds(5);

    private final ReadModelService service;
    private final Clock clock;

    public ProjectionHealthIndicator(ReadModelService service, Clock clock) {
        super("The projection's state is unknown");
        this.service = service;
        this.clock = clock;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (service.refusal().isPresent()) {
            builder.down().withDetail("reason", service.refusal().get());
            return;
        }
        var live = service.live();
        if (live.isEmpty()) {
            builder.up().withDetail("state", "waiting for " + service.notRunningBecause().orElse("the first generation"));
            return;
        }
        ProjectionStatus status = live.get();
        builder.withDetail("generation", status.generation().number())
                .withDetail("state", status.state())
                .withDetail("applied", status.applied())
                .withDetail("remaining", status.remaining());
        service.rebuilding().ifPresent(rebuild -> builder.withDetail("rebuild", Map.of(
                "generation", rebuild.generation().number(), "applied", rebuild.applied(),
                "remaining", rebuild.remaining(), "eventsPerSecond", Math.round(rebuild.rate()))));
        if (status.isFailing() && Duration.between(status.failingSince(), clock.instant()).compareTo(FAILING_FOR) >= 0) {
            builder.down().withDetail("failure", status.failure()).withDetail("failingSince", status.failingSince());
            return;
        }
        var projects = service.parked();
        long parked = projects.stream().filter(p -> ParkedProject.PARKED.equals(p.status())).count();
        long waiting = projects.size() - parked;
        builder.withDetail("parked", parked).withDetail("waiting", waiting);
        if (parked + waiting > 0) {
            builder.status(DEGRADED).withDetail("projects", projects.stream().limit(20)
                    .map(p -> Map.of("projectId", p.projectId(), "status", p.status(), "reason", p.reason())).toList());
        } else {
            builder.up();
        }
    }
}
