package org.kronika.query.projection;

import org.kronika.query.readmodel.HeldRange;

import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which of the events a run reads that its read models include already were applied before the run started: they
 * count as applied, once.
 *
 * <p>A checkpoint adds the events applied since the one before to the generation's count. A restart reads again
 * from the last checkpoint; the events its summaries include already are recognised and not applied again, but
 * their part of the count, gathered since that checkpoint, went with the stop. Not counting them left the count
 * short for good, and a rebuild that restarted never reached the number of events on the topic. So an event counts
 * the first time this run reads it, if the project's summary included it when this run first found the project;
 * one that this run applied itself, read again, is a duplicate record. Released held events whose clean-up a stop
 * interrupted are counted the same way, since they are not read again.
 *
 * <p>Held events counted without this run reading them (applied from the store, or a release so finished) may lie
 * past the position it began from, to be read again after a later stop. So each checkpoint records those ranges in
 * the same write as its count ({@link HeldRange}), and no later run counts an event of them again, read again or
 * found in a release interrupted after that checkpoint (a stop between its position and its last write, which
 * removes the project's record). Without them such events counted twice
 * ({@code ProjectorTest.aRetryWhoseCleanUpAStopInterruptedCountsItsEventsOnceThoughReadAgainAfterAnotherStop}). Events
 * whose count a batch takes back (its documents cannot be written, so they are held again) leave the ranges too.
 *
 * <p>Some cases stay inexact, all of them needing a project's events on more than one partition (or, for the first, a
 * publisher that restarts after publishing without saving its position); the command side keys every record by its
 * project, and a start-up on a topic whose partition count changed is refused. A record delivered twice with the
 * checkpoint between its two copies counts one too many. A release finished after a stop counts the whole range its
 * record held, which may start at an event a checkpoint counted already when applied from the topic (a record saved
 * again from a catch-up), and early events held before a checkpoint and released after it, then a crash, may count
 * none: nothing read again says they were applied. The count is the projection's progress, never a read model.
 *
 * <p>Memory: a version per project this run touched, a bit per event recognised, and the held ranges counted
 * without being read: none in a run without faults; a few per retry or catch-up (one per checkpoint it spans, as those
 * of one checkpoint are merged), the same in the generation's document.
 */
final class RecognisedEvents {

    /** Per project, its version as this run first found it. */
    private final Map<String, Long> foundAt = new HashMap<>();
    /** Per project, the events counted as recognised in this run, by sequence. */
    private final Map<String, BitSet> counted = new HashMap<>();
    /** Per project, the held ranges a checkpoint before this run counted without reading them. */
    private final Map<String, SequenceRanges> countedHeld = new HashMap<>();

    /** @param countedHeld the held ranges the generation's checkpoints counted without reading them */
    RecognisedEvents(List<HeldRange> countedHeld) {
        countedHeld.forEach(range -> this.countedHeld.computeIfAbsent(range.projectId(), k -> new SequenceRanges())
                .add(range.from(), range.to()));
    }

    /** Whether a checkpoint before this run counted every event from {@code from} to {@code to} without reading it. */
    boolean countedBefore(String projectId, long from, long to) {
        SequenceRanges ranges = countedHeld.get(projectId);
        return ranges != null && ranges.covers(from, to);
    }

    /** The project's summary as stored: the first call for a project in a run says what it included before. */
    void found(String projectId, long version) {
        foundAt.putIfAbsent(projectId, version);
    }

    /**
     * Whether the event, which the project's summary includes, was applied before this run and not counted in it
     * yet; if so, it is marked in {@code batch}, the batch's own recognised events, counted by {@link #count}.
     */
    boolean recognise(String projectId, long sequence, BitSet batch) {
        if (sequence > foundAt.getOrDefault(projectId, 0L) || countedBefore(projectId, sequence, sequence)) {
            return false;
        }
        int bit = Math.toIntExact(sequence);
        BitSet before = counted.get(projectId);
        if (batch.get(bit) || before != null && before.get(bit)) {
            return false;
        }
        batch.set(bit);
        return true;
    }

    /** {@link #recognise} for each event of a range. */
    void recognise(String projectId, long from, long to, BitSet batch) {
        for (long sequence = from; sequence <= to; sequence++) {
            recognise(projectId, sequence, batch);
        }
    }

    /** Once the batch is written: its recognised events are counted, and never again in this run. */
    int count(String projectId, BitSet batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        counted.computeIfAbsent(projectId, k -> new BitSet()).or(batch);
        return batch.cardinality();
    }
}
