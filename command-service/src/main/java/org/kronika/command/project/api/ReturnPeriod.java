package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Return a submitted report for changes, saying what should change. */
public record ReturnPeriod(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String periodId,
        String comment) implements VersionedCommand {
}
