package org.kronika.command.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.TextLimits;

import java.util.Map;

import static org.kronika.command.project.TextLimits.AT_MOST;

/** Bodies of corrections and retractions; a measurement's retraction takes the same body as an activity's. */
final class ActivityChangeRequests {

    private ActivityChangeRequests() {
    }

    /** The activity's corrected facts in full, in the shape of its type, and why. */
    record Correct(@NotBlank @Size(max = TextLimits.REASON, message = AT_MOST) String reason,
                   @NotNull Map<String, Object> corrected) {
    }

    record Retract(@NotBlank @Size(max = TextLimits.REASON, message = AT_MOST) String reason) {
    }
}
