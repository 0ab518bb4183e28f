package org.kronika.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.Limits;

import java.time.LocalDate;
import java.util.List;

/** Body of {@code POST /api/projects}. {@code projectId} is optional; one is generated when absent. */
public record RegisterProjectRequest(
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String projectId,
        @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String organisationId,
        @Schema(description = "The implementing organisation's name. An organisation has one name across its "
                + "projects, the one its first project was registered under: another is refused with 422 naming "
                + "`organisation` and that name.")
        @NotBlank @Size(max = 200) String organisation,
        Boolean organisationInvented,
        @NotBlank @Size(max = 300) String title,
        @Size(max = 5000) String summary,
        @Size(max = 2000) String generalGoal,
        @Size(max = Limits.TEXTS_PER_LIST) List<@NotBlank @Size(max = 1000) String> specificObjectives,
        @Size(max = Limits.TEXTS_PER_LIST) List<@NotBlank @Size(max = 1000) String> targetGroups,
        @NotEmpty @Size(max = Limits.MUNICIPALITIES_PER_PROJECT) List<@NotBlank @Size(max = 100) String> municipalities,
        @NotNull LocalDate startDate,
        @NotNull LocalDate endDate) {
}
