package org.kronika.command.project;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the project is closed out, and since when. While it is, its figures are final: every command but a
 * reopening is refused, whoever sends it and whatever it would record, corrections included.
 */
final class Closure {

    private boolean closed;
    /** When the standing closure was recorded, as its event's chain says; null while the project is open. */
    private String closedAt;
    /** How many times the project was closed out: bounded, as the read side keeps every closure. */
    private int closures;

    void closed(String recordedAt) {
        closed = true;
        closedAt = recordedAt;
        closures++;
    }

    void reopened() {
        closed = false;
        closedAt = null;
    }

    void requireOpen(String projectId) {
        if (closed) {
            throw new ClosedProject(projectId, closedAt);
        }
    }

    /** Only a closed project is reopened, and not after its last closure allowed, which is final. */
    void requireReopenable(String projectId) {
        if (!closed) {
            throw new NotClosed(projectId);
        }
        Rules.roomForOneMore("projectId", closures, Limits.CLOSURES_PER_PROJECT, "closures of this project");
    }

    /** One refusal names all a closure still waits for, so one answer says all that is left to do. */
    static void requireClosable(ProjectTerms terms, PeriodReports reports, List<ReportingPeriod> reported,
                                Clock clock) {
        List<FieldRefusal.Fault> open = new ArrayList<>();
        terms.notEnded(clock).ifPresent(open::add);
        open.addAll(reports.notFinal(reported));
        if (!open.isEmpty()) {
            throw new NotClosable(open);
        }
    }
}
