package org.kronika.events;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Derives the JSON Schema (draft 2020-12) of an event type from its record, the way Jackson publishes it: every
 * member present, reference types nullable, dates as strings. The schemas are committed as the contract; a test
 * keeps them equal to what the records publish.
 */
final class SchemaGenerator {

    private SchemaGenerator() {
    }

    static Map<String, Object> schema(EventType type) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$id", "https://kronika.org/schemas/" + type.name() + ".v" + type.version() + ".schema.json");
        schema.put("title", type.cloudEventType());
        schema.put("description", "Data of the CloudEvent type " + type.cloudEventType()
                + ". Additive changes (new optional members) stay in this version; readers must ignore members they"
                + " do not know.");
        schema.putAll(object(type.javaType(), type.addedMembers()));
        return schema;
    }

    private static Map<String, Object> object(Class<?> record) {
        return object(record, List.of());
    }

    private static final List<String> STREAM_IDS = List.of("projectId", "programmeId");

    /** Members added after first publication are optional: events recorded before them do not carry them. */
    private static Map<String, Object> object(Class<?> record, List<String> optional) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (RecordComponent component : record.getRecordComponents()) {
            // Every event names its project, or its programme: the one member that is never null.
            properties.put(component.getName(), STREAM_IDS.contains(component.getName())
                    ? OrderedMaps.of("type", "string", "minLength", 1) : type(component.getGenericType()));
            if (!optional.contains(component.getName())) {
                required.add(component.getName());
            }
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("type", "object");
        object.put("properties", properties);
        object.put("required", required);
        return object;
    }

    private static Map<String, Object> type(Type type) {
        if (type == int.class || type == long.class) {
            return OrderedMaps.of("type", "integer");
        }
        if (type == double.class) {
            return OrderedMaps.of("type", "number");
        }
        if (type == boolean.class) {
            return OrderedMaps.of("type", "boolean");
        }
        if (type == Double.class) {
            return OrderedMaps.of("type", List.of("number", "null"));
        }
        if (type == String.class) {
            return OrderedMaps.of("type", List.of("string", "null"));
        }
        if (type == LocalDate.class) {
            return OrderedMaps.of("type", List.of("string", "null"), "format", "date");
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == List.class) {
            return OrderedMaps.of("type", List.of("array", "null"), "items", type(parameterized.getActualTypeArguments()[0]));
        }
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() == Map.class) {
            Type value = parameterized.getActualTypeArguments()[1];
            Map<String, Object> values = value == Integer.class ? OrderedMaps.of("type", "integer")
                    : value == Double.class ? OrderedMaps.of("type", "number") : OrderedMaps.of();
            return OrderedMaps.of("type", List.of("object", "null"), "additionalProperties", values);
        }
        if (type instanceof Class<?> record && record.isRecord()) {
            Map<String, Object> object = new LinkedHashMap<>(object(record));
            object.put("type", List.of("object", "null"));
            return object;
        }
        throw new IllegalArgumentException("No schema for " + type);
    }
}
