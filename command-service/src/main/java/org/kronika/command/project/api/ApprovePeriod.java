package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Approve a submitted report; the period is locked from then on. The comment is optional. */
public record ApprovePeriod(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String periodId,
        String comment) implements VersionedCommand {
}
