package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.axonframework.modelling.command.TargetAggregateVersion;

/** Retract a recorded activity that should not have been recorded. */
public record RetractActivity(
        @TargetAggregateIdentifier String projectId,
        @TargetAggregateVersion Long expectedVersion,
        String activityId,
        String reason) {
}
