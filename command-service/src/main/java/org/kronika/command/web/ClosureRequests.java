package org.kronika.command.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.TextLimits;

import static org.kronika.command.project.TextLimits.AT_MOST;

/** Bodies of a project's closing out and reopening. */
final class ClosureRequests {

    private ClosureRequests() {
    }

    /** A closure may say nothing, as an approval may; what it says is not blank. */
    record Closing(@Size(max = TextLimits.COMMENT, message = AT_MOST)
                   @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank: leave it out to close without a comment")
                   String comment) {
    }

    /** Why a closed project records again: required, as a period's reopening's is. */
    record Reopening(@NotBlank @Size(max = TextLimits.REASON, message = AT_MOST) String reason) {
    }
}
