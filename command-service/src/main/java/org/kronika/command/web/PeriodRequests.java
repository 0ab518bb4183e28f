package org.kronika.command.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.kronika.command.project.TextLimits;

import static org.kronika.command.project.TextLimits.AT_MOST;

/** Bodies of the reporting-period workflow: submit, return, approve, reopen. */
final class PeriodRequests {

    private PeriodRequests() {
    }

    /** A submission's note to the reviewer, or a return's request for changes. */
    record Comment(@NotBlank @Size(max = TextLimits.COMMENT, message = AT_MOST) String comment) {
    }

    /** An approval may say nothing; what it says is not blank. */
    record Approval(@Size(max = TextLimits.COMMENT, message = AT_MOST)
                    @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = "must not be blank: leave it out to approve without a comment")
                    String comment) {
    }

    record Reopening(@NotBlank @Size(max = TextLimits.REASON, message = AT_MOST) String reason) {
    }
}
