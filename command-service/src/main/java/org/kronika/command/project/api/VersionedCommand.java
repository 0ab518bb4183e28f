package org.kronika.command.project.api;

/**
 * A command to an existing project. It applies only if the project is at {@link #expectedVersion()} (from
 * {@code If-Match}), when that is given. The project checks it itself, after deciding whether the sender may
 * touch the project at all; Axon's {@code @TargetAggregateVersion} would check it first.
 */
public interface VersionedCommand {

    /** The project version the command was decided on, or {@code null} for whatever version is current. */
    Long expectedVersion();
}
