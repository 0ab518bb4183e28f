package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.LocalDate;
import java.util.List;

/** Register a grant-funded project so that its activities can be recorded. */
public record RegisterProject(
        @TargetAggregateIdentifier String projectId,
        String organisation,
        String title,
        List<String> municipalities,
        LocalDate startDate,
        LocalDate endDate) {
}
