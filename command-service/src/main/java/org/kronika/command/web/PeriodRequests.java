package org.kronika.command.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Bodies of the reporting-period workflow: submit, return, approve, reopen. */
final class PeriodRequests {

    private PeriodRequests() {
    }

    /** A submission's note to the reviewer, or a return's request for changes. */
    record Comment(@NotBlank @Size(max = 2000) String comment) {
    }

    record Approval(@Size(max = 2000) String comment) {
    }

    record Reopening(@NotBlank @Size(max = 1000) String reason) {
    }
}
