package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/** Register a grant-funded project with its logframe so that its activities can be recorded. */
public record RegisterProject(
        @TargetAggregateIdentifier String projectId,
        String organisationId,
        String organisation,
        boolean organisationInvented,
        String title,
        String summary,
        String generalGoal,
        List<String> specificObjectives,
        List<String> targetGroups,
        List<String> municipalities,
        LocalDate startDate,
        LocalDate endDate) {
}
