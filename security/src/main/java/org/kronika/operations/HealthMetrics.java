package org.kronika.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import java.util.List;

/**
 * {@code kronika.health}: the service's {@code /actuator/health} status as a metric, one series per status
 * ({@code UP}, {@code DEGRADED}, {@code DOWN}, {@code OUT_OF_SERVICE}, {@code UNKNOWN}), 1 for the current one and 0
 * for the others. Prometheus only sees whether a scrape answered ({@code up}); a service that answers but is
 * DOWN, or DEGRADED with parked projects or dead letters, would otherwise raise no alert.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration"})
@ConditionalOnClass({HealthEndpoint.class, MeterRegistry.class})
public class HealthMetrics {

    static final List<String> STATUSES = List.of(Status.UP.getCode(), "DEGRADED", Status.DOWN.getCode(),
            Status.OUT_OF_SERVICE.getCode(), Status.UNKNOWN.getCode());

    @Bean
    @ConditionalOnBean(HealthEndpoint.class)
    MeterBinder healthStatusGauge(HealthEndpoint health) {
        CurrentStatus current = new CurrentStatus(health);
        return meters -> {
            for (String status : STATUSES) {
                Gauge.builder("kronika.health", current, c -> status.equals(c.code()) ? 1 : 0)
                        .description("1 for the service's current health status, 0 for the others")
                        .tag("status", status)
                        .register(meters);
            }
        };
    }

    /** The status, asked of the health endpoint once for all the series of one scrape. */
    static final class CurrentStatus {

        private static final long FRESH_NANOS = 1_000_000_000L;
        private final HealthEndpoint health;
        private String code;
        private long at;

        CurrentStatus(HealthEndpoint health) {
            this.health = health;
        }

        synchronized String code() {
            long now = System.nanoTime();
            if (code == null || now - at > FRESH_NANOS) {
                code = health.health().getStatus().getCode();
                at = now;
            }
            return code;
        }
    }
}
