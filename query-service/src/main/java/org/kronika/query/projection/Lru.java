package org.kronika.query.projection;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its least recently used entries beyond a size: caches that never grow without bound. */
final class Lru {

    private Lru() {
    }

    static <K, V> Map<K, V> of(int capacity) {
        return new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }
}
