package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.util.List;

/** Add a planned activity to the logframe. */
public record PlanActivity(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String plannedActivityId,
        String title,
        String activityType,
        Integer plannedCount,
        List<String> indicatorIds) implements VersionedCommand {
}
