package org.kronika.query.tally;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiConsumer;

/**
 * A read-only sorted map of a few entries, as two arrays: a read model's counts and buckets.
 *
 * <p>A project summary holds hundreds of thousands of small maps (two or three entries on average: the sexes, age
 * bands, communities and activity types of a month in a place). As read-only {@code TreeMap}s, with their entry
 * objects and the views iteration caches, they were most of a rebuild's live heap: 4 million tree entries and 1.7
 * million maps, 330 MB, in a 1,000,000-event rebuild that then spent all its time collecting in the launcher's
 * 768 MB. Here an entry costs two array slots. Lookups are binary searches; {@link #subMap} and the like are views
 * sharing the arrays.
 */
final class FrozenMap<V> extends AbstractMap<String, V> implements SortedMap<String, V> {

    private final String[] keys;
    private final Object[] values;
    private final int from;
    private final int to;

    private FrozenMap(String[] keys, Object[] values, int from, int to) {
        this.keys = keys;
        this.values = values;
        this.from = from;
        this.to = to;
    }

    /** The entries of {@code map}, in its order: natural order of its keys, which must have no comparator. */
    static <V> FrozenMap<V> of(SortedMap<String, ? extends V> map) {
        if (map.comparator() != null) {
            throw new IllegalArgumentException("Counts are kept in the natural order of their keys");
        }
        String[] keys = new String[map.size()];
        Object[] values = new Object[map.size()];
        int i = 0;
        for (Map.Entry<String, ? extends V> entry : map.entrySet()) {
            keys[i] = entry.getKey();
            values[i] = entry.getValue();
            i++;
        }
        return new FrozenMap<>(keys, values, 0, keys.length);
    }

    @Override
    public int size() {
        return to - from;
    }

    @Override
    public boolean isEmpty() {
        return to == from;
    }

    private int index(Object key) {
        return key instanceof String k ? Arrays.binarySearch(keys, from, to, k) : -1;
    }

    @Override
    public boolean containsKey(Object key) {
        return index(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int at = index(key);
        return at >= 0 ? (V) values[at] : null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super String, ? super V> action) {
        for (int i = from; i < to; i++) {
            action.accept(keys[i], (V) values[i]);
        }
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next = from;

                    @Override
                    public boolean hasNext() {
                        return next < to;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Entry<String, V> next() {
                        if (next >= to) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, V> entry = new SimpleImmutableEntry<>(keys[next], (V) values[next]);
                        next++;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return to - from;
            }
        };
    }

    @Override
    public Comparator<? super String> comparator() {
        return null;
    }

    /** The first position at or after {@code key} within this map's range. */
    private int lower(String key) {
        int at = Arrays.binarySearch(keys, from, to, key);
        return at >= 0 ? at : -at - 1;
    }

    @Override
    public SortedMap<String, V> subMap(String fromKey, String toKey) {
        if (fromKey.compareTo(toKey) > 0) {
            throw new IllegalArgumentException("fromKey > toKey");
        }
        return new FrozenMap<>(keys, values, lower(fromKey), lower(toKey));
    }

    @Override
    public SortedMap<String, V> headMap(String toKey) {
        return new FrozenMap<>(keys, values, from, lower(toKey));
    }

    @Override
    public SortedMap<String, V> tailMap(String fromKey) {
        return new FrozenMap<>(keys, values, lower(fromKey), to);
    }

    @Override
    public String firstKey() {
        if (isEmpty()) {
            throw new NoSuchElementException();
        }
        return keys[from];
    }

    @Override
    public String lastKey() {
        if (isEmpty()) {
            throw new NoSuchElementException();
        }
        return keys[to - 1];
    }
}
