package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Submit a project's report for a reporting period: its figures for that period, as they stand, are ready for review. */
public record SubmitPeriod(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String periodId,
        String comment) implements VersionedCommand {
}
