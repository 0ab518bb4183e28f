package org.kronika.query.report;

import org.kronika.events.ApprovedPeriodChanged;
import org.kronika.events.KronikaEvent;
import org.kronika.events.PeriodApproved;
import org.kronika.events.PeriodReopened;
import org.kronika.events.PeriodReturned;
import org.kronika.events.PeriodSubmitted;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.stream.ReceivedEvent;

import java.util.List;

/**
 * Folds a project's period events into its period reports, one report and one event at a time. The command side
 * has checked each step against the report's state, so this only records it; an event already applied (its
 * sequence not after the report's version) changes nothing, which makes a repeat or a restart harmless.
 */
public final class PeriodReportProjection {

    /** What applying one event to one report writes: the report, its new entry, and the figures an approval saw. */
    public record Result(PeriodReport report, List<ReportEntry> entries, ApprovedFigures figures) {
    }

    /** The reports an event concerns: none for any event but the period workflow's. */
    public static List<String> periodIds(KronikaEvent event) {
        if (event instanceof PeriodSubmitted e) {
            return List.of(e.periodId());
        } else if (event instanceof PeriodReturned e) {
            return List.of(e.periodId());
        } else if (event instanceof PeriodApproved e) {
            return List.of(e.periodId());
        } else if (event instanceof PeriodReopened e) {
            return List.of(e.periodId());
        } else if (event instanceof ApprovedPeriodChanged e) {
            return e.periodIds().stream().distinct().toList();
        }
        return List.of();
    }

    /**
     * The status the event leaves its report in: {@code null} for an event that moves no report's status (a change
     * flagged after approval, any event but the period workflow's). The project's summary keeps each period's, from
     * this alone, so what it counts and what the report says never disagree.
     */
    public static String statusAfter(KronikaEvent event) {
        if (event instanceof PeriodSubmitted) {
            return PeriodReport.SUBMITTED;
        } else if (event instanceof PeriodReturned) {
            return PeriodReport.RETURNED;
        } else if (event instanceof PeriodApproved) {
            return PeriodReport.APPROVED;
        } else if (event instanceof PeriodReopened) {
            return PeriodReport.OPEN;
        }
        return null;
    }

    /**
     * @param before the project's summary right before this event: for an approval, the state at the head it names
     */
    public Result apply(PeriodReport report, ReceivedEvent received, ProjectSummary before) {
        if (received.sequence() <= report.version()) {
            return new Result(report, List.of(), null);
        }
        long sequence = received.sequence();
        KronikaEvent event = received.event();
        if (event instanceof ApprovedPeriodChanged changed) {
            ReportEntry entry = new ReportEntry(report.projectId(), report.periodId(), report.changes(), sequence,
                    ReportEntry.CHANGED, received.recordedAt(), received.actor(), changed.reason(),
                    changed.changeSequence(), changed.changeType(), changed.itemId());
            return new Result(report.changed(sequence), List.of(entry), null);
        }
        String kind;
        String text;
        String status = statusAfter(event);
        PeriodReport.Approval approval = report.approval();
        ApprovedFigures figures = null;
        if (event instanceof PeriodSubmitted submitted) {
            kind = PeriodReport.SUBMITTED;
            text = submitted.comment();
        } else if (event instanceof PeriodReturned returned) {
            kind = PeriodReport.RETURNED;
            text = returned.comment();
        } else if (event instanceof PeriodApproved approved) {
            kind = PeriodReport.APPROVED;
            text = approved.comment();
            approval = new PeriodReport.Approval(sequence, approved.headSequence(), approved.headHash(),
                    approved.start(), approved.end(), received.recordedAt(), received.actor(), report.changes());
            // The approval directly follows the head it names, so the summary before it is the state at that head.
            figures = new ApprovedFigures(report.projectId(), report.periodId(), sequence, approved.headSequence(),
                    approved.headHash(), PeriodFigures.of(before, approved.periodId(), approved.start(),
                    approved.end()));
        } else if (event instanceof PeriodReopened reopened) {
            kind = PeriodReport.REOPENED;
            text = reopened.reason();
        } else {
            throw new IllegalArgumentException("Not a period event: " + received.typeName());
        }
        ReportEntry entry = new ReportEntry(report.projectId(), report.periodId(), report.discussion(), sequence,
                kind, received.recordedAt(), received.actor(), text, null, null, null);
        return new Result(report.step(sequence, status, approval), List.of(entry), figures);
    }
}
