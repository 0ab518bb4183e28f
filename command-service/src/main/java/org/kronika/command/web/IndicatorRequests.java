package org.kronika.command.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.Limits;
import org.kronika.events.DocumentReference;
import org.kronika.events.PeriodTarget;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Bodies of the indicator endpoints. */
final class IndicatorRequests {

    private IndicatorRequests() {
    }

    record Define(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String indicatorId,
            @NotBlank @Size(max = 300) String name,
            @NotBlank String unit,
            @NotBlank String counts,
            @NotBlank String aggregation,
            @NotNull Double baseline,
            @NotNull Double target,
            @Size(max = Limits.PERIOD_TARGETS_PER_INDICATOR) List<@Valid PeriodTarget> periodTargets,
            @Size(max = Limits.DIMENSIONS_PER_INDICATOR) List<String> dimensions) {
    }

    record Redefine(
            @Size(max = 300) String name,
            Double target,
            @Size(max = Limits.PERIOD_TARGETS_PER_INDICATOR) List<@Valid PeriodTarget> periodTargets,
            @Size(max = Limits.DIMENSIONS_PER_INDICATOR) List<String> dimensions,
            @NotBlank @Size(max = 1000) String reason) {
    }

    record Measure(
            @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String measurementId,
            @NotNull LocalDate measuredOn,
            @NotNull Double value,
            @Size(max = 100) String municipality,
            @Size(max = Limits.MEASUREMENT_BREAKDOWN_ENTRIES) Map<@Pattern(regexp = "^[a-z-]{1,20}:[a-z0-9-]{1,30}$") String, Double> breakdown,
            DocumentReference source,
            @Size(max = ProjectCommandController.CHANGE_REASON_LENGTH) String changeReason) {
    }
}
