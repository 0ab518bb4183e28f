package org.kronika.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.Limits;
import org.kronika.command.project.TextLimits;

import java.time.LocalDate;
import java.util.List;

/** Body of {@code POST /api/projects}. {@code projectId} is optional; one is generated when absent. */
public record RegisterProjectRequest(
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String projectId,
        @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String organisationId,
        @Schema(description = "The implementing organisation's name. An organisation has one name across its "
                + "projects, the one its first project was registered under: another is refused with 422 naming "
                + "`organisation` and that name.")
        @NotBlank @Size(max = TextLimits.ORGANISATION_NAME) String organisation,
        Boolean organisationInvented,
        @NotBlank @Size(max = TextLimits.PROJECT_TITLE) String title,
        @Size(max = TextLimits.PROJECT_SUMMARY) String summary,
        @Size(max = TextLimits.GENERAL_GOAL) String generalGoal,
        @Size(max = Limits.TEXTS_PER_LIST)
        List<@NotBlank @Size(max = TextLimits.OBJECTIVE_OR_TARGET_GROUP) String> specificObjectives,
        @Size(max = Limits.TEXTS_PER_LIST)
        List<@NotBlank @Size(max = TextLimits.OBJECTIVE_OR_TARGET_GROUP) String> targetGroups,
        @NotEmpty @Size(max = Limits.MUNICIPALITIES_PER_PROJECT)
        List<@NotBlank @Size(max = TextLimits.MUNICIPALITY_NAME) String> municipalities,
        @NotNull LocalDate startDate,
        @NotNull LocalDate endDate) {
}
