package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.Map;

/**
 * Record something the project did: an activity of one of the contract's types ({@code training-delivered},
 * {@code meeting-held}, ...) stated as that type's data, without {@code projectId}. The project reads the facts
 * and checks them against its rules before they become that type's event. {@code changeReason} is needed only
 * when the activity is dated in an approved, locked reporting period.
 */
public record RecordActivity(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String activityType,
        Map<String, Object> facts,
        String changeReason) implements VersionedCommand {
}
