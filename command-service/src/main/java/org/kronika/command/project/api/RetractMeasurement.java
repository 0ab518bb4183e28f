package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Retract a recorded measurement that should not have been recorded. */
public record RetractMeasurement(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String indicatorId,
        String measurementId,
        String reason) implements VersionedCommand {
}
