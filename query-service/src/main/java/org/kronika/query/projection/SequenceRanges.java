package org.kronika.query.projection;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Ranges of one project's sequences, those that overlap or follow on one another kept as one, so that whether a
 * range is covered is one floor entry: the held ranges counted without being read ({@link RecognisedEvents}).
 */
final class SequenceRanges {

    /** Each range's last sequence, by its first. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    void add(long from, long to) {
        long first = from;
        long last = to;
        Map.Entry<Long, Long> before = ranges.floorEntry(first);
        if (before != null && before.getValue() >= first - 1) {
            first = before.getKey();
            last = Math.max(last, before.getValue());
        }
        for (Map.Entry<Long, Long> after = ranges.ceilingEntry(first); after != null && after.getKey() <= last + 1;
             after = ranges.ceilingEntry(first)) {
            last = Math.max(last, after.getValue());
            ranges.remove(after.getKey());
        }
        ranges.put(first, last);
    }

    void addAll(SequenceRanges other) {
        other.forEach(this::add);
    }

    /** Whether every sequence from {@code from} to {@code to} is in one of the ranges. */
    boolean covers(long from, long to) {
        Map.Entry<Long, Long> range = ranges.floorEntry(from);
        return range != null && range.getValue() >= to;
    }

    /** Only what lies at or before {@code sequence} stays. */
    void keepThrough(long sequence) {
        ranges.tailMap(sequence, false).clear();
        Map.Entry<Long, Long> last = ranges.lastEntry();
        if (last != null && last.getValue() > sequence) {
            ranges.put(last.getKey(), sequence);
        }
    }

    void clear() {
        ranges.clear();
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Each range, first and last sequence, in order. */
    void forEach(BiConsumer<Long, Long> range) {
        ranges.forEach(range);
    }
}
