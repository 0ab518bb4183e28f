package org.kronika.command.project;

import org.kronika.events.ActivityEvent;

import java.util.Map;

/**
 * Reads an activity stated as plain data (as in a correction) into its event type. A port: the project's rules
 * need it, the JSON machinery behind it lives outside the domain model.
 */
public interface ActivityDecoder {

    /** Throws {@link ProjectRuleViolation} naming the field when the data does not fit the type. */
    ActivityEvent decode(String activityType, String projectId, Map<String, Object> data);
}
