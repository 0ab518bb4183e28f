package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/** Amend registration details; {@code null} fields stay as they are. */
public record AmendProjectDetails(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String title,
        String summary,
        String generalGoal,
        List<String> specificObjectives,
        List<String> targetGroups,
        List<String> municipalities,
        LocalDate endDate,
        String reason) implements VersionedCommand {
}
