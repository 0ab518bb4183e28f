package org.kronika.query.projection;

import java.util.BitSet;
import java.util.HashMap;
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
 * <p>Three cases stay inexact. A record delivered twice with the checkpoint between its two copies counts one too
 * many (a publisher writes such copies only when it restarts after publishing without saving its position). Held
 * events (early ones read before the checkpoint, or a parked project's that an operator's retry applied) count once
 * too many if the run stops between a checkpoint's position and its last write, which removes their project's
 * record: the next run finds the project still parked with nothing held beyond its summary, and counts them again.
 * Stopped any earlier, that checkpoint did not count them, and the next run counts them the same way, once. Nothing
 * read again says they were applied, so the record is what tells. And a release so finished counts the whole range
 * held, some of which may lie beyond the position where the run began (a retry's events read again after the stop
 * that interrupted its clean-up): if a checkpoint counts them before the run has read them all, and the run stops,
 * the next one counts again those it reads again. The early events' case needs events of one project on more than one
 * partition, and so does the first case or a publisher's restart; the command side keys every record by its project,
 * and a start-up on a topic whose partition count changed is refused. The last needs an operator's retry and two
 * stops in a row at those points (or, again, a project's events on several partitions:
 * {@code ProjectorTest.anyBatchingInterleavingRepeatOrRestartGivesTheSameReadModels}, repetition 26). The count is
 * the projection's progress, never a read model: the read models come out the same either way.
 *
 * <p>Memory: a version per project this run touched, and a bit per event recognised.
 */
final class RecognisedEvents {

    /** Per project, its version as this run first found it. */
    private final Map<String, Long> foundAt = new HashMap<>();
    /** Per project, the events counted as recognised in this run, by sequence. */
    private final Map<String, BitSet> counted = new HashMap<>();

    /** The project's summary as stored: the first call for a project in a run says what it included before. */
    void found(String projectId, long version) {
        foundAt.putIfAbsent(projectId, version);
    }

    /**
     * Whether the event, which the project's summary includes, was applied before this run and not counted in it
     * yet; if so, it is marked in {@code batch}, the batch's own recognised events, counted by {@link #count}.
     */
    boolean recognise(String projectId, long sequence, BitSet batch) {
        if (sequence > foundAt.getOrDefault(projectId, 0L)) {
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
