package org.kronika.query.readmodel;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/** Maps that forget their least recently used entries beyond a bound: caches that never grow without bound. */
public final class Lru {

    private Lru() {
    }

    /** At most {@code capacity} entries: for values of about the same, small size. */
    public static <K, V> Map<K, V> of(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * Values weighing at most {@code budget} together (bytes, say), however many: for values whose size varies, such
     * as a project's summary, which holds a figure per month and place it was active in. The entry put last stays
     * even when it alone weighs more; null values weigh nothing. Only {@code get}, {@code put}, {@code putAll}, {@code remove} and {@code clear}
     * keep the weight: the callers use no other way to change it.
     */
    public static <K, V> Map<K, V> weighed(long budget, ToLongFunction<V> weigher) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            private long weight;

            @Override
            public V put(K key, V value) {
                V before = super.put(key, value);
                weight += weigh(value) - weigh(before);
                Iterator<Map.Entry<K, V>> eldest = entrySet().iterator();
                while (weight > budget && size() > 1) {
                    weight -= weigh(eldest.next().getValue());
                    eldest.remove();
                }
                return before;
            }

            @Override
            public void putAll(Map<? extends K, ? extends V> entries) {
                entries.forEach(this::put);
            }

            @Override
            public V remove(Object key) {
                V removed = super.remove(key);
                weight -= weigh(removed);
                return removed;
            }

            @Override
            public void clear() {
                super.clear();
                weight = 0;
            }

            /** A key known to have no value (null) weighs nothing. */
            private long weigh(V value) {
                return value == null ? 0 : weigher.applyAsLong(value);
            }
        };
    }
}
