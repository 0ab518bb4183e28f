package org.kronika.query.report;

/**
 * Exactly the figures an approver saw: captured when the approval was applied, from the summary as it stood right
 * before it, which is the project's history up to the head the approval names. Never changed afterwards: one
 * document per approval.
 */
public record ApprovedFigures(String projectId, String periodId, long approvalSequence, long headSequence,
                              String headHash, PeriodFigures figures) {
}
