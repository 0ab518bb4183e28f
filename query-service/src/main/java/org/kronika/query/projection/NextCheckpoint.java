package org.kronika.query.projection;

import org.kronika.query.readmodel.HeldRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the next checkpoint records: the projects whose summaries it rolls up into the programme's aggregates, the
 * position it saves, and how many events were applied since the last one (with the generation's count in all, and
 * the applied and recognised events' metrics). It only counts; {@link Projector} asks for the checkpoint
 * ({@link Checkpoints#write}) once the summaries are written.
 */
final class NextCheckpoint {

    private final ProjectionMetrics metrics;
    private final Set<String> sinceCheckpoint = new LinkedHashSet<>();
    private final Map<Integer, Long> offsets = new TreeMap<>();
    private long applied;
    private long appliedAtCheckpoint;
    private final Map<String, SequenceRanges> countedUnread = new java.util.LinkedHashMap<>();

    /** @param appliedBefore the events the generation applied before this projector */
    NextCheckpoint(long appliedBefore, ProjectionMetrics metrics) {
        this.metrics = metrics;
        this.applied = appliedBefore;
        this.appliedAtCheckpoint = appliedBefore;
    }

    /** Events applied now. */
    void applied(int events) {
        applied += events;
        metrics.applied(events);
    }

    /** Events read again that were applied before this run: they count as applied, once ({@link RecognisedEvents}). */
    void recognised(int events) {
        applied += events;
        metrics.recognised(events);
    }

    /**
     * Ranges among the events counted that this run may not have read: the checkpoint records them, those of a
     * project that overlap or follow on one another as one.
     */
    void countedUnread(String projectId, SequenceRanges ranges) {
        if (!ranges.isEmpty()) {
            countedUnread.computeIfAbsent(projectId, k -> new SequenceRanges()).addAll(ranges);
        }
    }

    /** The project's events after {@code version} no longer count ({@link #unapplied}): nor do their ranges. */
    void uncountedAfter(String projectId, long version) {
        SequenceRanges ranges = countedUnread.get(projectId);
        if (ranges != null) {
            ranges.keepThrough(version);
        }
    }

    /** The ranges counted since the last checkpoint that this run may not have read. */
    List<HeldRange> countedUnread() {
        List<HeldRange> all = new ArrayList<>();
        countedUnread.forEach((projectId, ranges) -> ranges.forEach((from, to) ->
                all.add(new HeldRange(projectId, from, to))));
        return all;
    }

    /** Events counted as applied whose summary could not be written: held instead, a retry applies them. */
    void unapplied(int events) {
        applied -= events;
    }

    /** The project's summary may have changed: the next checkpoint rolls it up. */
    void touched(String projectId) {
        sinceCheckpoint.add(projectId);
    }

    /** The position after a batch, per partition. */
    void advancedTo(Map<Integer, Long> nextOffsets) {
        offsets.putAll(nextOffsets);
    }

    /** Whether a project changed since the last checkpoint. */
    boolean owed() {
        return !sinceCheckpoint.isEmpty();
    }

    /** The events the generation applied in all, as this projector counts them. */
    long total() {
        return applied;
    }

    /** The projects changed since the last checkpoint, in the order first changed. */
    Set<String> projects() {
        return Collections.unmodifiableSet(sinceCheckpoint);
    }

    /** The position to save: the map itself, read at once ({@link Checkpoints#write} copies it). */
    Map<Integer, Long> offsets() {
        return offsets;
    }

    /** Events applied since the last checkpoint. */
    long appliedSince() {
        return applied - appliedAtCheckpoint;
    }

    /** The checkpoint was asked for: the next one counts from here. */
    void written() {
        appliedAtCheckpoint = applied;
        countedUnread.clear();
        sinceCheckpoint.clear();
    }
}
