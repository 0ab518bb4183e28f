package org.kronika.command.web;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.TextLimits;

import java.time.LocalDate;

import static org.kronika.command.project.TextLimits.AT_MOST;

/** Body of defining a reporting period: whole months of one calendar, and when reports are due. */
record ReportingPeriodRequest(
        @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String periodId,
        @NotNull @Pattern(regexp = Ids.PATTERN, message = Ids.MESSAGE) String calendar,
        @Schema(description = TextLimits.AS_STORED)
        @NotBlank @Size(max = TextLimits.PERIOD_NAME, message = AT_MOST) String name,
        @NotNull LocalDate start,
        @NotNull LocalDate end,
        @NotNull LocalDate dueDate) {
}
