package org.kronika.query.projection;

import org.kronika.query.stream.ReceivedEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * How long the events recorded since this service started took to be received, and to become visible in the read
 * models queries read: the two lag histograms of {@link ProjectionMetrics}. Not while its generation is being
 * rebuilt: the events it applies then are visible already, in the live generation, where they were timed; timed again
 * when the rebuild reached them, their lag was the rebuild's age. It only records; nothing here decides what the
 * projector does.
 */
final class VisibilityLag {

    /** An event recorded since this service started, applied, not yet visible: when it was recorded and received. */
    private record LiveEvent(Instant recordedAt, Instant receivedAt) {
    }

    private final Clock clock;
    private final ProjectionMetrics metrics;
    private final Instant liveFrom;
    private final BooleanSupplier live;
    /**
     * When the batch being applied was taken from its poll; an event held for its predecessor and applied later counts
     * as received when the batch that released it was, one released by an operator's retry when the retry ran.
     */
    private Instant batchReceivedAt = Instant.EPOCH;
    /** Per project, when each event applied since the last flush was recorded and received, for those recorded while this runs. */
    private final Map<String, List<LiveEvent>> unflushedLive = new HashMap<>();

    /** @param live whether its generation is the one queries read, known without asking the store */
    VisibilityLag(Clock clock, ProjectionMetrics metrics, BooleanSupplier live) {
        this.clock = clock;
        this.metrics = metrics;
        this.liveFrom = metrics.liveFrom();
        this.live = live;
    }

    /** A batch, or a retry check, starts: what it applies counts as received now. */
    void received() {
        batchReceivedAt = clock.instant();
    }

    /** The project's events, applied, wait for the flush that makes them visible. */
    void applied(String projectId, List<ReceivedEvent> events) {
        for (ReceivedEvent event : events) {
            if (event.recordedAt().isAfter(liveFrom)) {
                unflushedLive.computeIfAbsent(projectId, k -> new ArrayList<>())
                        .add(new LiveEvent(event.recordedAt(), batchReceivedAt));
            }
        }
    }

    /** The project's summary could not be written: its events are held, not visible; a retry counts them. */
    void forget(String projectId) {
        unflushedLive.remove(projectId);
    }

    /** The summaries are written: the events they include are visible now. */
    void visible() {
        if (!live.getAsBoolean()) {
            unflushedLive.clear();
            return;
        }
        Instant now = clock.instant();
        // Both parts of the lag count the events made visible, once each: a repeat (a republished topic) is received,
        // never applied, and an event whose summary could not be written is counted when a retry writes it.
        for (List<LiveEvent> project : unflushedLive.values()) {
            for (LiveEvent event : project) {
                metrics.receivedAfter(Duration.between(event.recordedAt(), event.receivedAt()));
                metrics.visibleAfter(Duration.between(event.recordedAt(), now));
            }
        }
        unflushedLive.clear();
    }
}
