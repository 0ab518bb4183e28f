package org.kronika.query.activity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.kronika.events.ActivityEvent;
import org.kronika.events.EventTypes;

import java.util.Map;

/**
 * Reads an activity's stated data (an original or a correction's {@code corrected}) as its typed contract record,
 * so that what it contributes is always derived from the typed event, never from loose keys.
 */
public final class ActivityData {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ActivityData() {
    }

    /** @throws IllegalArgumentException if the type is not an activity type or the data does not read as it */
    public static ActivityEvent read(String type, Map<String, Object> data) {
        var eventType = EventTypes.named(type)
                .filter(t -> ActivityEvent.class.isAssignableFrom(t.javaType()))
                .orElseThrow(() -> new IllegalArgumentException("'" + type + "' is not an activity type"));
        return (ActivityEvent) JSON.convertValue(data, eventType.javaType());
    }

    public static ActivityFacts facts(Activity activity) {
        return ActivityFacts.of(activity.type(), activity.ordinal(), read(activity.type(), activity.current().data()));
    }
}
