package org.kronika.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.ActivityRules;
import org.kronika.command.project.Limits;
import org.kronika.command.project.TextLimits;

import java.util.List;

import static org.kronika.command.project.Limits.AT_MOST_ENTRIES;
import static org.kronika.command.project.TextLimits.AT_MOST;

/** Body of {@code POST /api/projects/{id}/planned-activities}. */
public record PlanActivityRequest(
        @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String plannedActivityId,
        @Schema(description = TextLimits.AS_STORED)
        @NotBlank @Size(max = TextLimits.PLANNED_ACTIVITY_TITLE, message = AT_MOST) String title,
        @NotBlank String activityType,
        @PositiveOrZero @Max(value = ActivityRules.MAX_COUNT, message = "must be at most " + ActivityRules.MAX_COUNT)
        Integer plannedCount,
        @Size(max = Limits.INDICATORS_PER_ACTIVITY, message = AT_MOST_ENTRIES) List<String> indicatorIds) {
}
