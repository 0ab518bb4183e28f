package org.kronika.query.activity;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.kronika.events.ActivityEvent;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads an activity's stated data (an original or a correction's {@code corrected}) as its typed contract record,
 * so that what it contributes is always derived from the typed event, never from loose keys.
 */
public final class ActivityData {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What every activity states, whatever its type: its project, id, title, date, place, participants, links. */
    private static final Set<String> COMMON = Stream.concat(Stream.of("projectId"),
            Arrays.stream(ActivityEvent.class.getMethods()).map(Method::getName)).collect(Collectors.toUnmodifiableSet());

    /** Each activity type's own fields, in its contract's order: a correction's map may list them in any. */
    private static final Map<String, List<String>> OWN_FIELDS = EventTypes.activityTypes().stream()
            .collect(Collectors.toUnmodifiableMap(EventType::name, type -> Arrays.stream(
                    type.javaType().getRecordComponents()).map(RecordComponent::getName)
                    .filter(name -> !COMMON.contains(name)).toList()));

    private ActivityData() {
    }

    /**
     * The fields an activity of the type states beyond those every activity states, in its record's order: a
     * meeting's {@code kind} and {@code institution}, a distribution's {@code item} and {@code quantity}. None for a
     * type this version does not know.
     */
    public static List<String> ownFields(String type) {
        return OWN_FIELDS.getOrDefault(type, List.of());
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
