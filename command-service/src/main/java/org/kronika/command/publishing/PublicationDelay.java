package org.kronika.command.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * How long after its recording on the aggregate an event is acknowledged by Kafka: the command's commit, the
 * publisher's read of the event store and Kafka's acknowledgement. It is the first part of the projection lag the
 * query side reports ({@code GET /api/admin/read-models/lag}), which that side cannot split: a record's Kafka
 * timestamp is the event's own time, not its publication's.
 *
 * <p>Events published again in a republish (the publisher's token deleted or reset: Axon then hands it the events
 * recorded before as replays) are not measured: they were recorded long before, often published before too, and
 * would say nothing of how fast publishing is, only how old the history is. A republish's progress is the publish
 * lag ({@link PublishLag}).
 */
@Component
public class PublicationDelay {

    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private final Clock clock;
    private final Timer timer;
    /** The same delay exactly, for operators and benchmarks: each read gives what was recorded since the last. */
    private final Recorder recorder = new Recorder(MAX_MICROS, 3);

    public PublicationDelay(Clock clock, MeterRegistry meters) {
        this.clock = clock;
        this.timer = Timer.builder("kronika.publisher.delay")
                .description("From an event's recording to Kafka's acknowledgement of its record")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
    }

    /** Every one of these events was acknowledged by Kafka just now. */
    void acknowledged(List<? extends EventMessage<?>> events) {
        Instant now = clock.instant();
        for (EventMessage<?> event : events) {
            if (ReplayToken.isReplay(event)) {
                continue;
            }
            Duration delay = Duration.between(event.getTimestamp(), now);
            timer.record(delay);
            recorder.recordValue(Math.min(MAX_MICROS, Math.max(0, delay.toNanos() / 1000)));
        }
    }

    /** Milliseconds, over the events acknowledged since the previous call. */
    public record Sample(long events, double p50, double p90, double p99, double max) {
    }

    public Sample sinceLastSample() {
        Histogram interval = recorder.getIntervalHistogram();
        return new Sample(interval.getTotalCount(), interval.getValueAtPercentile(50) / 1000.0,
                interval.getValueAtPercentile(90) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
                interval.getMaxValue() / 1000.0);
    }
}
