package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/**
 * Correct a recorded activity by stating its corrected facts in full (as data of the activity's type), and why.
 */
public record CorrectActivity(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String activityId,
        Map<String, Object> corrected,
        String reason) implements VersionedCommand {
}
