package org.kronika.query.report;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A project's report for one period: where it stands, its discussion, and its figures twice: "as approved" (exactly
 * what the approver saw) and "as corrected since" (today's, with every change flagged since the approval).
 *
 * @param approval         the last approval, or {@code null} if the period was never approved
 * @param asApproved       the figures that approval saw, or {@code null}
 * @param asCorrectedSince the period's figures today
 * @param changes          the changes flagged since the last approval, oldest first: until its reopening, if it
 *                         was reopened since, as changes after that are not flagged; at most the {@value
 *                         PeriodReports#MAX_ENTRIES} latest
 * @param changesComplete  false where {@code changes} lacks some: more were flagged since the approval than one
 *                         read returns (the project's history holds them all); a verifier checks that no flag is
 *                         left out of a list that says it is whole
 * @param reopened         the step that reopened the period after its last approval, or {@code null} if it was not
 *                         (or is approved again): its figures today may then differ from the approved ones by
 *                         changes no longer flagged
 * @param earlierApprovals the approvals before the last, oldest first, at most the {@value
 *                         PeriodReportViews#EARLIER_APPROVALS} latest (the discussion names every one), each with
 *                         what it approved and the changes flagged while it stood: a report approved again after a
 *                         reopening still shows what was approved the first time
 * @param version          the project's version {@code asCorrectedSince} is of: what an officer approving these
 *                         figures sends as If-Match, so that nothing recorded since is approved unseen
 */
public record PeriodReportView(String projectId, String periodId, String calendar, String name, LocalDate start,
                               LocalDate end, LocalDate dueDate, String status, List<Step> discussion,
                               Approval approval, PeriodFigures asApproved, PeriodFigures asCorrectedSince,
                               List<Change> changes, boolean changesComplete, Step reopened,
                               List<EarlierApproval> earlierApprovals,
                               long version) {

    /** Who, as the event's headers name them; {@code null} parts for partners, who do not see who did what. */
    public record By(String subject, String role, String organisation) {
    }

    /**
     * @param kind    submitted, returned, approved or reopened
     * @param history the history entry of the event; null for a partner, who may not read the history
     */
    public record Step(String kind, long sequence, Instant at, By by, String comment, String history) {
    }

    public record Approval(long sequence, long headSequence, String headHash, Instant at, By by) {
    }

    /**
     * An approval the report had before its last one, as it stood.
     *
     * @param asApproved exactly the figures it approved
     * @param changes    the changes flagged while it stood, oldest first
     * @param reopened   the step that reopened the period after it
     * @param changesComplete false where {@code changes} may lack some: the report flagged more changes before its
     *                   last approval than one read returns ({@value PeriodReports#MAX_ENTRIES}), and this approval
     *                   stood before the oldest read; the project's history holds them all
     */
    public record EarlierApproval(Approval approval, PeriodFigures asApproved, List<Change> changes, Step reopened,
                                  boolean changesComplete) {
    }

    /**
     * @param sequence       the approved-period-changed event's sequence
     * @param kind           the changing event's type, e.g. {@code activity-corrected}
     * @param item           what the item is, as a reviewer knows it: an activity's title as it stands, a
     *                       measurement's indicator and day ({@code name, yyyy-mm-dd}), an indicator's name;
     *                       {@code null} if not known
     * @param changeSequence the changing event's sequence
     * @param history        the history entry of the changing event; null for a partner
     */
    public record Change(long sequence, String kind, String itemId, String item, long changeSequence, String reason,
                         By by, Instant at, String history) {
    }
}
