package org.kronika.command.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/**
 * Body of {@code POST /api/projects/{projectId}/trainings}. A client that sets {@code activityId} can retry
 * safely: the same activity is never recorded twice.
 */
public record RecordTrainingRequest(
        @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String activityId,
        @NotBlank @Size(max = 300) String title,
        @NotNull LocalDate deliveredOn,
        @NotBlank @Size(max = 100) String municipality,
        @NotNull @Valid ParticipantCounts participants) {

    public record ParticipantCounts(
            @NotNull @PositiveOrZero @Max(1_000_000) Integer total,
            @NotNull @PositiveOrZero @Max(1_000_000) Integer female,
            @NotNull @PositiveOrZero @Max(1_000_000) Integer male) {
    }
}
