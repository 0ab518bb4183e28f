package org.kronika.query.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * What the projection reports: events by outcome, and how long after its recording an event becomes visible in
 * the read models (live traffic only: a replay would only describe itself).
 */
public class ProjectionMetrics {

    private final Counter applied;
    private final Counter duplicates;
    private final Counter held;
    private final Timer lag;

    public ProjectionMetrics(MeterRegistry meters) {
        this.applied = meters.counter("kronika.projection.events", "outcome", "applied");
        this.duplicates = meters.counter("kronika.projection.events", "outcome", "duplicate");
        this.held = meters.counter("kronika.projection.events", "outcome", "held");
        this.lag = Timer.builder("kronika.projection.lag")
                .description("From an event's recording on the command side to its projection here")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
    }

    void applied(int count) {
        applied.increment(count);
    }

    void duplicate() {
        duplicates.increment();
    }

    void held() {
        held.increment();
    }

    void visibleAfter(Duration duration) {
        lag.record(duration);
    }

    public Timer lag() {
        return lag;
    }
}
