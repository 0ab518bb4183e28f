package org.kronika.command.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.Limits;

import java.time.LocalDate;
import java.util.List;

/** Body of {@code POST /api/projects/{id}/amendments}: only the fields that change, and why. */
public record AmendProjectRequest(
        @Size(max = 300) String title,
        @Size(max = 5000) String summary,
        @Size(max = 2000) String generalGoal,
        @Size(max = Limits.TEXTS_PER_LIST) List<@NotBlank @Size(max = 1000) String> specificObjectives,
        @Size(max = Limits.TEXTS_PER_LIST) List<@NotBlank @Size(max = 1000) String> targetGroups,
        @Size(min = 1, max = Limits.MUNICIPALITIES_PER_PROJECT) List<@NotBlank @Size(max = 100) String> municipalities,
        LocalDate endDate,
        @NotBlank @Size(max = 1000) String reason) {
}
