package org.kronika.query.report;

import org.kronika.query.stream.ReceivedEvent;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Where one project's report for one reporting period stands: its status, how many steps its discussion and how many
 * changes after approval it has (each a document of its own, so this never grows), and its last approval.
 *
 * @param version    the sequence of the last event applied to this report; what makes applying it again harmless
 * @param status     {@value #OPEN}, {@value #SUBMITTED}, {@value #RETURNED} or {@value #APPROVED}
 * @param discussion how many steps (submit, return, approve, reopen) the discussion has
 * @param changes    how many changes after approval were flagged, under any approval
 * @param approval   the last approval, kept after a reopening: what was approved then stays provable
 */
public record PeriodReport(String projectId, String periodId, long version, String status, long discussion,
                           long changes, Approval approval) {

    public static final String OPEN = "open";
    public static final String SUBMITTED = "submitted";
    public static final String RETURNED = "returned";
    public static final String APPROVED = "approved";
    /** A step of the discussion, not a status: a reopened report is {@value #OPEN} again. */
    public static final String REOPENED = "reopened";

    /**
     * @param sequence      the approval's own place in the project's history
     * @param headSequence  the chain head it approved, as the event names it
     * @param changesBefore how many changes were flagged before it: those after are "since" this approval
     */
    public record Approval(long sequence, long headSequence, String headHash, LocalDate start, LocalDate end,
                           Instant at, ReceivedEvent.Actor by, long changesBefore) {
    }

    /** How many changes were flagged in the period since its last approval; 0 if it was never approved. */
    public long changesSinceApproval() {
        return approval == null ? 0 : changes - approval.changesBefore();
    }

    /** A report nothing has happened to: open, as every period of a project starts. */
    public static PeriodReport open(String projectId, String periodId) {
        return new PeriodReport(projectId, periodId, -1, OPEN, 0, 0, null);
    }

    PeriodReport step(long sequence, String newStatus, Approval newApproval) {
        return new PeriodReport(projectId, periodId, sequence, newStatus, discussion + 1, changes, newApproval);
    }

    PeriodReport changed(long sequence) {
        return new PeriodReport(projectId, periodId, sequence, status, discussion, changes + 1, approval);
    }
}
