package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.events.ActivityEvent;

/**
 * Record something the project did. The activity is stated in the vocabulary of the event contract (one
 * type per kind of activity); the project checks it against its rules before it becomes that event.
 */
public record RecordActivity(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        ActivityEvent activity) implements VersionedCommand {
}
