package org.kronika.query.projection;

import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Whether an event of a programme's stream (its reporting calendar, {@code programme:} and the programme's id)
 * counts in the generation's {@code applied}, as a project's would: once.
 *
 * <p>A programme's stream has no summary whose version says which events it includes: its definitions are stored
 * one per period, and storing one again changes nothing. So every record of it counted as applied, and a republished
 * topic that holds a programme's stream twice counted it twice. As for projects ({@link RecognisedEvents}), an event
 * the stored definitions include when this projector first meets the stream (up to the last sequence stored) was
 * applied before this run and counts the first time this run reads it; a later one counts the first time this run
 * reads it; any copy this run has counted already is a duplicate.
 *
 * <p>Memory: a bit per event of each programme's stream this run read; a programme defines at most a thousand
 * periods.
 */
final class ProgrammeStreams {

    enum Outcome { APPLIED, RECOGNISED, DUPLICATE }

    /** Per stream, the last sequence stored when this run first met it ({@code -1}: none). */
    private final Map<String, Long> foundAt = new HashMap<>();
    /** Per stream, the sequences this run has counted, applied or recognised. */
    private final Map<String, BitSet> counted = new HashMap<>();

    /**
     * @param lastStored the last sequence of the stream the store holds ({@code -1}: none), asked only the first
     *                   time this run meets the stream
     */
    Outcome read(String stream, long sequence, LongSupplier lastStored) {
        long found = foundAt.computeIfAbsent(stream, s -> lastStored.getAsLong());
        BitSet seen = counted.computeIfAbsent(stream, s -> new BitSet());
        int bit = Math.toIntExact(sequence);
        if (seen.get(bit)) {
            return Outcome.DUPLICATE;
        }
        seen.set(bit);
        return sequence <= found ? Outcome.RECOGNISED : Outcome.APPLIED;
    }
}
