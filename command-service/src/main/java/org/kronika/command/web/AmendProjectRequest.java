package org.kronika.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.Limits;
import org.kronika.command.project.TextLimits;

import java.time.LocalDate;
import java.util.List;

import static org.kronika.command.project.Limits.AT_MOST_ENTRIES;
import static org.kronika.command.project.Limits.FROM_TO_ENTRIES;
import static org.kronika.command.project.TextLimits.AT_MOST;

/** Body of {@code POST /api/projects/{id}/amendments}: only the fields that change, and why. */
public record AmendProjectRequest(
        @Schema(description = TextLimits.AS_STORED)
        @Size(max = TextLimits.PROJECT_TITLE, message = AT_MOST) String title,
        @Size(max = TextLimits.PROJECT_SUMMARY, message = AT_MOST) String summary,
        @Size(max = TextLimits.GENERAL_GOAL, message = AT_MOST) String generalGoal,
        @Size(max = Limits.TEXTS_PER_LIST, message = AT_MOST_ENTRIES)
        List<@NotBlank @Size(max = TextLimits.OBJECTIVE_OR_TARGET_GROUP, message = AT_MOST) String> specificObjectives,
        @Size(max = Limits.TEXTS_PER_LIST, message = AT_MOST_ENTRIES)
        List<@NotBlank @Size(max = TextLimits.OBJECTIVE_OR_TARGET_GROUP, message = AT_MOST) String> targetGroups,
        @Size(min = 1, max = Limits.MUNICIPALITIES_PER_PROJECT, message = FROM_TO_ENTRIES)
        List<@NotBlank @Size(max = TextLimits.MUNICIPALITY_NAME, message = AT_MOST) String> municipalities,
        LocalDate endDate,
        @NotBlank @Size(max = TextLimits.REASON, message = AT_MOST) String reason) {
}
