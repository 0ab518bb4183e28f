package org.kronika.query.tally;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BinaryOperator;

/**
 * Sparse, sorted counters keyed by category. A counter that returns to zero disappears, so the same facts always
 * give the same map, however they were added and taken away.
 */
public final class Counts {

    private Counts() {
    }

    public static SortedMap<String, Long> of(Map<String, ? extends Number> counts) {
        if (counts == null || counts.isEmpty()) {
            return Collections.emptySortedMap();
        }
        TreeMap<String, Long> copy = new TreeMap<>();
        counts.forEach((key, value) -> {
            if (value != null && value.longValue() != 0) {
                copy.put(key, value.longValue());
            }
        });
        return frozen(copy);
    }

    public static SortedMap<String, Long> add(SortedMap<String, Long> counts, String key, long delta) {
        if (delta == 0) {
            return counts;
        }
        TreeMap<String, Long> copy = new TreeMap<>(counts);
        long value = copy.getOrDefault(key, 0L) + delta;
        if (value == 0) {
            copy.remove(key);
        } else {
            copy.put(key, value);
        }
        return frozen(copy);
    }

    /** Adds {@code sign} times every count of {@code parts}. */
    public static SortedMap<String, Long> addAll(SortedMap<String, Long> counts, Map<String, ? extends Number> parts,
                                                 long sign) {
        if (parts == null || parts.isEmpty() || sign == 0) {
            return counts;
        }
        TreeMap<String, Long> copy = new TreeMap<>(counts);
        parts.forEach((key, value) -> {
            long sum = copy.getOrDefault(key, 0L) + sign * value.longValue();
            if (sum == 0) {
                copy.remove(key);
            } else {
                copy.put(key, sum);
            }
        });
        return frozen(copy);
    }

    /**
     * Combines two maps key by key ({@code merge(a's value or zero, b's value)}), dropping what combines to
     * nothing.
     */
    public static <V> SortedMap<String, V> combine(Map<String, V> a, Map<String, V> b, V zero, BinaryOperator<V> merge,
                                                   java.util.function.Predicate<V> empty) {
        TreeMap<String, V> result = new TreeMap<>(a);
        b.forEach((key, value) -> result.put(key, merge.apply(result.getOrDefault(key, zero), value)));
        result.values().removeIf(empty);
        return frozen(result);
    }

    /**
     * The map as a read model keeps it: read-only, and the shared empty one when empty. A map made by
     * {@link #frozen} is kept as it is; any other (a reader's, a caller's) is copied, so that no one can change it
     * afterwards.
     */
    @SuppressWarnings("unchecked")
    public static <V> SortedMap<String, V> owned(SortedMap<String, ? extends V> map) {
        if (map == null || map.isEmpty()) {
            return Collections.emptySortedMap();
        }
        if (map instanceof FrozenMap) {
            return (SortedMap<String, V>) map;
        }
        return FrozenMap.of(map);
    }

    /**
     * Read-only and compact ({@link FrozenMap}), and one shared instance when empty: a summary holds hundreds of
     * thousands of these maps, many of them empty (a month without communities, say), and a rebuild's heap was
     * mostly such maps. {@link #owned} keeps the result without a copy.
     */
    public static <V> SortedMap<String, V> frozen(TreeMap<String, V> map) {
        return map.isEmpty() ? Collections.emptySortedMap() : FrozenMap.of(map);
    }
}
