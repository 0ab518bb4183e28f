package org.kronika.query.readmodel;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.bson.Document;
import org.bson.types.Decimal128;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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

    public static <T> T fromDocument(Map<String, Object> document, Class<T> type) {
        return JSON.convertValue(plain(document), type);
    }

    /** A document as plain Java values, the way a JSON reader would have produced them. */
    @SuppressWarnings("unchecked")
    public static Object plain(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put((String) k, plain(v)));
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
}
