package org.kronika.query.report;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One reporting period a project's dates overlap, with its report's status.
 *
 * @param approvedAt when its last approval was recorded, or {@code null}
 * @param changes    changes flagged since that approval (until a reopening: none are flagged after it)
 * @param reopened   whether it was reopened after that approval: its figures may differ from the approved ones
 *                   by changes no longer flagged, until it is approved again
 */
public record PeriodStatus(String periodId, String calendar, String name, LocalDate start, LocalDate end,
                           LocalDate dueDate, String status, Instant approvedAt, long changes, boolean reopened) {

    /**
     * Whether its report is overdue on {@code today}: the period ended, its due date (the day after its end, if it
     * names none) passed, and the report is not in: never submitted, reopened, or returned and not submitted again.
     * The one rule the programme's list of overdue reports and the count beside each ranked project both read.
     */
    public boolean overdueOn(LocalDate today) {
        boolean notIn = PeriodReport.OPEN.equals(status) || PeriodReport.RETURNED.equals(status);
        LocalDate due = dueDate != null ? dueDate : end.plusDays(1);
        return notIn && end.isBefore(today) && due.isBefore(today);
    }
}
