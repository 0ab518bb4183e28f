package org.kronika.command.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Bodies of the reporting-period workflow: submit, return, approve, reopen. */
final class PeriodRequests {

    private PeriodRequests() {
    }

    /** A submission's note to the reviewer, or a return's request for changes. */
    record Comment(@NotBlank @Size(max = 2000, message = AT_MOST_2000) String comment) {
    }

    /** An approval may say nothing; what it says is not blank. */
    record Approval(@Size(max = 2000, message = AT_MOST_2000)
                    @Pattern(regexp = "(?s).*\\S.*", message = "must not be blank: leave it out to approve without a comment")
                    String comment) {
    }

    record Reopening(@NotBlank @Size(max = 1000, message = "must be at most 1000 characters") String reason) {
    }

    private static final String AT_MOST_2000 = "must be at most 2000 characters";
}
