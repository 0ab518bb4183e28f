package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Reopen a closed project, saying why: it records again, and is closed again with a new closure. */
public record ReopenProject(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String reason) implements VersionedCommand {
}
