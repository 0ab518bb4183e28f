package org.kronika.verifier;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * How an event is read from a copy (a line of an export, a record of the topic, an event of a proof's chain) and a
 * proof itself: a member named twice, or anything after the value, gives it two readings, and another verifier could
 * hash the other one. Kronika writes neither, so a copy holding one was changed.
 */
final class StrictJson {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** An event's members, each as JSON gives it. */
    static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private StrictJson() {
    }
}
