package org.kronika.query.readmodel;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.ser.BeanSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.bson.types.Decimal128;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where typed read models become MongoDB documents and back. Each collection's mapping adds its
 * {@code _id} and the fields its queries filter on; everything else is the record's own shape. Dates and instants
 * are ISO strings (they sort as they should), exact decimals are strings, so nothing is rounded on the way.
 */
public final class DocumentMapper {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    static {
        // isEmpty(), isRetracted() and the like are questions, not data.
        JSON.setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.IS_GETTER,
                com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE);
        JSON.configOverride(BigDecimal.class).setFormat(JsonFormat.Value.forShape(JsonFormat.Shape.STRING));
    }

    private DocumentMapper() {
    }

    @SuppressWarnings("unchecked")
    public static Document toDocument(Object record) {
        return new Document((Map<String, Object>) JSON.convertValue(record, Map.class));
    }

    /**
     * The updates that turn the document of {@code before}, stored at {@code path}, into the document of
     * {@code after}: a field set for each value that differs, a field unset for each map key that is gone. Records,
     * maps and lists of the same length are compared part by part, so a change to one month of one place sets that
     * month alone, and only what changed is converted. Parts the two share by reference are skipped at once, which
     * is what keeps this cheap: a fold keeps every part it does not change, and read models are never changed in
     * place. The result stores what a whole write of {@code after} would, field order aside (a new key is added at
     * the end of its map); readers and the generations' diff do not depend on that order.
     */
    public static List<Bson> changes(String path, Object before, Object after) {
        List<Bson> updates = new ArrayList<>();
        if (before != after) {
            changes(path, before, after, updates);
        }
        return updates;
    }

    private static void changes(String path, Object before, Object after, List<Bson> updates) {
        if (small(before) && small(after)) {
            if (!Objects.equals(before, after)) {
                updates.add(Updates.set(path, value(after)));
            }
        } else if (before instanceof Record && after != null && before.getClass() == after.getClass()
                && components(before.getClass()) != null) {
            for (Component component : components(before.getClass())) {
                Object was = component.value(before);
                Object is = component.value(after);
                if (was != is) {
                    changes(path + "." + component.name(), was, is, updates);
                }
            }
        } else if (before instanceof Map<?, ?> was && after instanceof Map<?, ?> is && addressable(was)
                && addressable(is)) {
            for (Object key : was.keySet()) {
                if (!is.containsKey(key)) {
                    updates.add(Updates.unset(path + "." + key));
                }
            }
            for (Map.Entry<?, ?> entry : is.entrySet()) {
                Object then = was.get(entry.getKey());
                if (then == null && !was.containsKey(entry.getKey())) {
                    updates.add(Updates.set(path + "." + entry.getKey(), value(entry.getValue())));
                } else if (then != entry.getValue()) {
                    changes(path + "." + entry.getKey(), then, entry.getValue(), updates);
                }
            }
        } else if (before instanceof List<?> was && after instanceof List<?> is && was.size() == is.size()
                && !shiftedSmall(was, is)) {
            for (int i = 0; i < is.size(); i++) {
                if (was.get(i) != is.get(i)) {
                    changes(path + "." + i, was.get(i), is.get(i), updates);
                }
            }
        } else if (!Objects.equals(before, after)) {
            updates.add(Updates.set(path, value(after)));
        }
    }

    /**
     * Whether a value is set whole when it changes rather than part by part: a record of plain values (a tally, a
     * bucket, counts), or a map or list of plain values. Every field in an update is a path the store walks from
     * the top, and the MongoDB stand-in does so at a cost that grows with the path's depth and the number of
     * paths: in the stories of the tests, a flush of one to twelve events set 167 paths on average when taken down
     * to single numbers, and 64 this way.
     */
    private static boolean small(Object value) {
        if (value instanceof Record record) {
            List<Component> parts = components(record.getClass());
            if (parts == null) {
                return true;
            }
            for (Component component : parts) {
                if (!small(component.value(record))) {
                    return false;
                }
            }
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            return scalars(map.values());
        }
        return !(value instanceof Collection<?> collection) || scalars(collection);
    }

    /**
     * A list of small values changed in more than one place (one inserted at the top of a project's last activities
     * shifts every other): set whole in one path, not one path per element.
     */
    private static boolean shiftedSmall(List<?> was, List<?> is) {
        int differing = 0;
        for (int i = 0; i < is.size(); i++) {
            if (was.get(i) != is.get(i) && !Objects.equals(was.get(i), is.get(i))) {
                differing++;
            }
        }
        if (differing < 2) {
            return false;
        }
        for (Object value : is) {
            if (!small(value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean scalars(Collection<?> values) {
        for (Object value : values) {
            if (value instanceof Map || value instanceof Record || value instanceof Collection) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether every key can name a field in a path: a dot would split it, a leading {@code $} makes it an operator,
     * and digits alone would address an array's element. A map with any other key is set whole.
     */
    private static boolean addressable(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String name) || name.isEmpty() || name.indexOf('.') >= 0 || name.charAt(0) == '$'
                    || digits(name)) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** A value as {@link #toDocument} writes it inside a document; the values it keeps as they are, directly. */
    private static Object value(Object value) {
        if (value == null || value instanceof String || value instanceof Long || value instanceof Integer
                || value instanceof Boolean) {
            return value;
        }
        return JSON.convertValue(value, Object.class);
    }

    private record Component(String name, MethodHandle accessor) {
        Object value(Object record) {
            try {
                return accessor.invokeExact(record);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("Cannot read " + name + " of " + record.getClass(), e);
            }
        }
    }

    /** Per record class, its parts; empty when it is set whole. */
    private static final Map<Class<?>, Optional<List<Component>>> COMPONENTS = new ConcurrentHashMap<>();

    /**
     * A record's parts as {@link #toDocument} names them, or null when the walk cannot follow it and must set it
     * whole: its parts are not public, or Jackson writes it otherwise than as its components (a renamed, ignored or
     * added property, a serializer of its own). So a change of mapping can make a write larger, never different.
     */
    private static List<Component> components(Class<?> type) {
        return COMPONENTS.computeIfAbsent(type, DocumentMapper::walkable).orElse(null);
    }

    private static Optional<List<Component>> walkable(Class<?> type) {
        List<Component> components = new ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            try {
                components.add(new Component(component.getName(), MethodHandles.publicLookup()
                        .unreflect(component.getAccessor()).asType(MethodType.methodType(Object.class,
                                Object.class))));
            } catch (IllegalAccessException e) {
                return Optional.empty();
            }
        }
        Set<String> written = new HashSet<>();
        for (BeanPropertyDefinition property : JSON.getSerializationConfig().introspect(JSON.constructType(type))
                .findProperties()) {
            if (property.couldSerialize()) {
                written.add(property.getName());
            }
        }
        boolean plainBean;
        try {
            plainBean = JSON.getSerializerProviderInstance().findValueSerializer(type) instanceof BeanSerializer;
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            plainBean = false;
        }
        Set<String> names = new HashSet<>();
        components.forEach(component -> names.add(component.name()));
        return plainBean && written.equals(names) ? Optional.of(List.copyOf(components)) : Optional.empty();
    }

    public static <T> T fromDocument(Map<String, Object> document, Class<T> type) {
        return JSON.convertValue(plain(document), type);
    }

    /**
     * A document as plain Java values, the way a JSON reader would have produced them, sharing one instance of
     * each common key (as a JSON reader's symbol table also does).
     */
    @SuppressWarnings("unchecked")
    public static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(canonical((String) k), plain(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(v -> copy.add(plain(v)));
            return copy;
        }
        if (value instanceof Decimal128 decimal) {
            return decimal.bigDecimalValue();
        }
        if (value instanceof java.util.Date date) {
            return date.toInstant().toString();
        }
        return value;
    }

    /**
     * The instance of a key kept for every document read. Keys repeat across documents and within one: months,
     * places, categories, activity types. A summary read from the store held a fresh copy of each, and a rebuild
     * reads summaries again as they leave the cache: its heap held 1.6 million strings, 0.5 million with one copy
     * of each key. Bounded in count and in length, so that no input can grow it without limit or keep a large
     * key alive; any other key is kept as read.
     */
    static String canonical(String key) {
        if (key.length() > MAX_KEY_LENGTH) {
            return key;
        }
        String known = KEYS.get(key);
        if (known == null && KEYS.size() < MAX_KEYS) {
            known = KEYS.putIfAbsent(key, key);
        }
        return known != null ? known : key;
    }

    private static final int MAX_KEYS = 100_000;
    private static final int MAX_KEY_LENGTH = 64;
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
}
