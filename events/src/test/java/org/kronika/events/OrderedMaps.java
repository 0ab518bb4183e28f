package org.kronika.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps that keep the order they are written in. The generated contract files are committed, and {@code Map.of}
 * iterates in an order that changes from one JVM to the next, so every regeneration would reorder every file.
 */
final class OrderedMaps {

    private OrderedMaps() {
    }

    @SuppressWarnings("unchecked")
    static <V> Map<String, V> of(Object... keysAndValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], (V) keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }
}
