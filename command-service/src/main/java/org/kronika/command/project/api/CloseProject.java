package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Close the project out once it has ended and every report it owed is approved; nothing is recorded in it after,
 * until an administrator reopens it. The comment is optional.
 */
public record CloseProject(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String comment) implements VersionedCommand {
}
