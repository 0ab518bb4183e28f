package org.kronika.command.project;

import org.kronika.events.ActivityEvent;

import java.util.Map;

/**
 * Reads an activity's facts, stated as plain data, as its type's event. A port: the project's rules need it, the
 * JSON machinery behind it lives outside the domain model.
 */
public interface ActivityDecoder {

    /**
     * Throws {@link MalformedFacts} naming the field, by its path within the facts, when the data does not fit
     * the type.
     */
    ActivityEvent decode(String activityType, String projectId, Map<String, Object> facts);
}
