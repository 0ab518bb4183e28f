package org.kronika.command.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.Limits;
import org.kronika.command.project.TextLimits;

import java.time.LocalDate;
import java.util.List;

/** Body of {@code POST /api/projects/{id}/amendments}: only the fields that change, and why. */
public record AmendProjectRequest(
        @Size(max = TextLimits.PROJECT_TITLE) String title,
        @Size(max = TextLimits.PROJECT_SUMMARY) String summary,
        @Size(max = TextLimits.GENERAL_GOAL) String generalGoal,
        @Size(max = Limits.TEXTS_PER_LIST)
        List<@NotBlank @Size(max = TextLimits.OBJECTIVE_OR_TARGET_GROUP) String> specificObjectives,
        @Size(max = Limits.TEXTS_PER_LIST)
        List<@NotBlank @Size(max = TextLimits.OBJECTIVE_OR_TARGET_GROUP) String> targetGroups,
        @Size(min = 1, max = Limits.MUNICIPALITIES_PER_PROJECT)
        List<@NotBlank @Size(max = TextLimits.MUNICIPALITY_NAME) String> municipalities,
        LocalDate endDate,
        @NotBlank @Size(max = TextLimits.REASON) String reason) {
}
