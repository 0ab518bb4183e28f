package org.kronika.events;

import java.time.LocalDate;

/**
 * A reviewing officer approved a submitted report. The approval names the project's chain head it approved, the
 * last event before it: the figures "as approved" are exactly those of the project's history up to that event,
 * and the approval itself is the next link of the chain. From now on the period is locked: a change to a fact dated
 * in it needs a reason and is flagged ({@link ApprovedPeriodChanged}).
 *
 * @param periodId     the programme's reporting period
 * @param start        its first day, as the approval locks it
 * @param end          its last day
 * @param headSequence the sequence of the project's last event before the approval
 * @param headHash     that event's hash
 * @param comment      the officer's note, if any
 */
public record PeriodApproved(String projectId, String periodId, LocalDate start, LocalDate end, long headSequence,
                             String headHash, String comment) implements ProjectEvent {
}
