package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Retract a recorded activity that should not have been recorded. */
public record RetractActivity(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String activityId,
        String reason) implements VersionedCommand {
}
