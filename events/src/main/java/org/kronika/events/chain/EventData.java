package org.kronika.events.chain;

import java.lang.reflect.RecordComponent;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An event record as plain JSON values, the way it is published: records become objects, dates strings. */
public final class EventData {

    private EventData() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> of(Record event) {
        return (Map<String, Object>) plain(event);
    }

    private static Object plain(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(item -> copy.add(plain(item)));
            return copy;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), plain(v)));
            return copy;
        }
        if (value instanceof Record record) {
            Map<String, Object> copy = new LinkedHashMap<>();
            try {
                for (RecordComponent component : record.getClass().getRecordComponents()) {
                    copy.put(component.getName(), plain(component.getAccessor().invoke(record)));
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("Cannot read " + record.getClass().getSimpleName(), e);
            }
            return copy;
        }
        throw new IllegalArgumentException("Not part of the event contract: " + value.getClass());
    }
}
