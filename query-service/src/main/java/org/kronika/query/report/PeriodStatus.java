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
}
