package org.kronika.query.projection;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the projection reports: events by outcome, and how long after its recording an event becomes visible in
 * the read models (live traffic only: a replay would only describe itself).
 */
public class ProjectionMetrics {

    private final Counter applied;
    private final Counter duplicates;
    private final Counter conflicting;
    private final Counter recognised;
    private final Counter held;
    private final Timer lag;
    /**
     * When the service started: the events recorded since are timed, whichever projector applies them. Taken when
     * each projector was made, it left out the events recorded while Kafka or MongoDB was away, or before a
     * rebalance, the very backlog the lag's alert watches for.
     */
    private final java.time.Instant liveFrom;
    private final MeterRegistry meters;
    /** Per generation: how far behind the topic's end each partition this instance reads is. */
    private final Map<String, MultiGauge> partitionLag =
            new ConcurrentHashMap<>();
    /** The same lag, exactly, for operators and benchmarks: each read gives what was recorded since the last. */
    private final org.HdrHistogram.Recorder lagRecorder = new org.HdrHistogram.Recorder(
            java.util.concurrent.TimeUnit.HOURS.toMicros(1), 3);
    /**
     * The part of it until the projector took the event from its poll: the command side, the publisher, Kafka, and
     * the wait for the batch before it to be written.
     */
    private final org.HdrHistogram.Recorder receivedRecorder = new org.HdrHistogram.Recorder(
            java.util.concurrent.TimeUnit.HOURS.toMicros(1), 3);

    public ProjectionMetrics(MeterRegistry meters) {
        this(meters, java.time.Clock.systemUTC());
    }

    /** @param clock its time now is the service's start: events recorded since are live traffic */
    public ProjectionMetrics(MeterRegistry meters, java.time.Clock clock) {
        this.liveFrom = clock.instant();
        this.meters = meters;
        this.applied = meters.counter("kronika.projection.events", "outcome", "applied");
        this.duplicates = meters.counter("kronika.projection.events", "outcome", "duplicate");
        this.recognised = meters.counter("kronika.projection.events", "outcome", "recognised");
        this.held = meters.counter("kronika.projection.events", "outcome", "held");
        // The counter the reader counts records set aside with: a second, different copy of an event is one too.
        this.conflicting = meters.counter("kronika.projection.events", "outcome", "rejected");
        this.lag = Timer.builder("kronika.projection.lag")
                .description("From an event's recording on the command side to its projection here")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(meters);
    }

    java.time.Instant liveFrom() {
        return liveFrom;
    }

    void applied(int count) {
        applied.increment(count);
    }

    void duplicate() {
        duplicates.increment();
    }

    /** Events read again after a restart that were applied before it: see {@link RecognisedEvents}. */
    void recognised(int count) {
        recognised.increment(count);
    }

    /** A record claiming an event that another, different record claimed first. */
    void conflicting() {
        conflicting.increment();
    }

    void held() {
        held.increment();
    }

    /**
     * {@code kronika.projection.partition.lag}: records on each partition this instance reads that it has not
     * read yet. Only the partitions it reads now have a series, so across instances each partition has one per
     * generation; {@code live} says whether the generation is the one queries read, as a rebuild's lag is expected.
     */
    void partitionLag(String generation, boolean live, Map<Integer, Long> remaining) {
        partitionLag.computeIfAbsent(generation, g -> MultiGauge
                        .builder("kronika.projection.partition.lag")
                        .description("Records on a partition this instance reads that it has not read yet")
                        .baseUnit("records").register(meters))
                .register(remaining.entrySet().stream()
                        .map(e -> MultiGauge.Row.of(Tags.of(
                                "generation", generation, "partition", e.getKey().toString(),
                                "live", Boolean.toString(live)), e.getValue()))
                        .toList(), true);
    }

    void visibleAfter(Duration duration) {
        lag.record(duration);
        record(lagRecorder, duration);
    }

    void receivedAfter(Duration duration) {
        record(receivedRecorder, duration);
    }

    private static void record(org.HdrHistogram.Recorder recorder, Duration duration) {
        recorder.recordValue(Math.min(java.util.concurrent.TimeUnit.HOURS.toMicros(1),
                Math.max(0, duration.toNanos() / 1000)));
    }

    /**
     * The lag recorded since the previous call.
     *
     * @param p50      milliseconds, like p99 and max
     * @param received of it, the time until the projector took the event from its poll (an event held for its
     *                 predecessor: until the poll that released it); the rest is applying and writing its batch.
     *                 Counted, as the whole, for the events applied, not for repeats
     */
    public record LagSample(long events, double p50, double p90, double p99, double max, Percentiles received) {
    }

    /** Milliseconds. */
    public record Percentiles(long events, double p50, double p90, double p99, double max) {

        static Percentiles of(org.HdrHistogram.Histogram interval) {
            return new Percentiles(interval.getTotalCount(), interval.getValueAtPercentile(50) / 1000.0,
                    interval.getValueAtPercentile(90) / 1000.0, interval.getValueAtPercentile(99) / 1000.0,
                    interval.getMaxValue() / 1000.0);
        }
    }

    public LagSample lagSinceLastSample() {
        Percentiles visible = Percentiles.of(lagRecorder.getIntervalHistogram());
        return new LagSample(visible.events(), visible.p50(), visible.p90(), visible.p99(), visible.max(),
                Percentiles.of(receivedRecorder.getIntervalHistogram()));
    }

    public Timer lag() {
        return lag;
    }
}
