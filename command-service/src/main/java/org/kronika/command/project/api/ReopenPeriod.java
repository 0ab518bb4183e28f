package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Reopen an approved period, unlocking it; its report must be submitted and approved again. */
public record ReopenPeriod(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String periodId,
        String reason) implements VersionedCommand {
}
