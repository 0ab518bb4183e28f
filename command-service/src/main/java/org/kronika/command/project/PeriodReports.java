package org.kronika.command.project;

import org.kronika.events.ApprovedPeriodChanged;
import org.kronika.events.PeriodApproved;
import org.kronika.events.PeriodReopened;
import org.kronika.events.PeriodReturned;
import org.kronika.events.PeriodSubmitted;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each of a project's period reports stands (submitted, returned, approved, reopened), which approved
 * (locked) periods a change of figures dated on a day touches, and which approved periods were changed since their
 * approval. A period without a report is simply absent.
 */
final class PeriodReports {

    static final String SUBMITTED = "submitted";
    static final String RETURNED = "returned";
    static final String APPROVED = "approved";
    static final String REOPENED = "reopened";

    /** Period id → where its report stands. */
    private Map<String, String> statuses = new HashMap<>();
    /**
     * Approved period id → its first and last day, as the approval locked them. Only the last day decides which of
     * them a change touches ({@link #changedBy}).
     */
    private Map<String, LocalDate> lockedFrom = new HashMap<>();
    private Map<String, LocalDate> lockedTo = new HashMap<>();
    /**
     * Approved period id → the sequence of the first change of its figures since its last approval, as the
     * {@code approved-period-changed} flagging it names it. Such a period is approved, but not as it stands: a closure
     * would make figures final that no officer approved.
     */
    private Map<String, Long> changedSinceApproval = new HashMap<>();

    void submitted(PeriodSubmitted event) {
        statuses.put(event.periodId(), SUBMITTED);
    }

    void returned(PeriodReturned event) {
        statuses.put(event.periodId(), RETURNED);
    }

    void approved(PeriodApproved event) {
        statuses.put(event.periodId(), APPROVED);
        lockedFrom.put(event.periodId(), event.start());
        lockedTo.put(event.periodId(), event.end());
        changedSinceApproval.remove(event.periodId());
    }

    void reopened(PeriodReopened event) {
        statuses.put(event.periodId(), REOPENED);
        lockedFrom.remove(event.periodId());
        lockedTo.remove(event.periodId());
        changedSinceApproval.remove(event.periodId());
    }

    /** Each approved period the flag names keeps its first change since its approval; a later one adds nothing. */
    void flagged(ApprovedPeriodChanged event) {
        event.periodIds().stream().filter(periodId -> APPROVED.equals(statuses.get(periodId)))
                .forEach(periodId -> changedSinceApproval.putIfAbsent(periodId, event.changeSequence()));
    }

    /** A report can be submitted when there is none yet, or after it was returned or reopened. */
    void requireSubmittable(String periodId) {
        String status = statuses.get(periodId);
        if (SUBMITTED.equals(status)) {
            throw new ProjectRuleViolation("periodId", "the report for " + periodId + " is already submitted "
                    + "and waits for review");
        }
        if (APPROVED.equals(status)) {
            throw new ProjectRuleViolation("periodId", "the report for " + periodId + " is approved; an "
                    + "administrator can reopen it");
        }
    }

    /** Only a submitted report can be returned or approved. */
    void requireSubmitted(String periodId) {
        require(periodId, SUBMITTED, "only a submitted report can be returned or approved");
    }

    void requireApproved(String periodId) {
        require(periodId, APPROVED, "only an approved report can be reopened");
    }

    private void require(String periodId, String status, String why) {
        if (!status.equals(statuses.get(periodId))) {
            throw new ProjectRuleViolation("periodId", standing(periodId, status) + ": " + why);
        }
    }

    /**
     * Each of {@code periods} whose report is not final, as a fault of {@code periodId} saying where it stands, in the
     * order given: what a closure still waits for. A report is final when approved and not changed since its last
     * approval; one not approved (never submitted, submitted, returned, reopened) or changed since is not.
     */
    List<FieldRefusal.Fault> notFinal(List<ReportingPeriod> periods) {
        List<FieldRefusal.Fault> faults = new ArrayList<>();
        for (ReportingPeriod period : periods) {
            String periodId = period.periodId();
            if (!APPROVED.equals(statuses.get(periodId))) {
                faults.add(new FieldRefusal.Fault("periodId", standing(periodId, APPROVED)));
            } else if (changedSinceApproval.containsKey(periodId)) {
                faults.add(new FieldRefusal.Fault("periodId", "the report for " + periodId + " was approved, but "
                        + "changed by event " + changedSinceApproval.get(periodId) + " since: reopen it, have it "
                        + "submitted and approved again"));
            }
        }
        return faults;
    }

    /** Where a report stands when it should be {@code status}: never submitted, or what it is instead. */
    private String standing(String periodId, String status) {
        String actual = statuses.get(periodId);
        return "the report for " + periodId
                + (actual == null ? " was never submitted" : " is " + shown(actual) + ", not " + status);
    }

    /** A status as the reports show it: a reopened report is open again. */
    private static String shown(String status) {
        return REOPENED.equals(status) ? "open again since its reopening" : status;
    }

    /**
     * The periods whose report is submitted or approved and that begin after {@code end}: an end date moved before
     * them would leave a report the project could neither approve, return nor reopen. (A returned or reopened report
     * is open again; outside the project it is simply not submitted again.)
     */
    List<String> reportedAfter(LocalDate end, ReportingPeriods periods) {
        List<String> after = new ArrayList<>();
        statuses.forEach((periodId, status) -> {
            if (SUBMITTED.equals(status) || APPROVED.equals(status)) {
                periods.find(periodId).filter(period -> period.start().isAfter(end))
                        .ifPresent(period -> after.add(periodId));
            }
        });
        after.sort(null);
        return after;
    }

    /** Every approved period, in id order: what a change of an indicator's definition touches. */
    List<String> locked() {
        List<String> locked = new ArrayList<>(lockedFrom.keySet());
        locked.sort(null);
        return locked;
    }

    /**
     * The approved periods whose figures a fact dated on any of {@code days} changes, in id order; empty when none is
     * locked. Each approved period's figures include, beside its own, the cumulative ones by its end, which count
     * every month ended by then: a fact changes every approved period whose last day is on or after its day, not only
     * the one it falls in. A correction names its old and its new day, and changes what either of them does. A day
     * not stated (null) changes none.
     */
    List<String> changedBy(LocalDate... days) {
        LocalDate earliest = null;
        for (LocalDate day : days) {
            if (day != null && (earliest == null || day.isBefore(earliest))) {
                earliest = day;
            }
        }
        List<String> locked = new ArrayList<>();
        if (earliest == null) {
            return locked;
        }
        LocalDate from = earliest;
        lockedTo.forEach((periodId, to) -> {
            if (!from.isAfter(to)) {
                locked.add(periodId);
            }
        });
        locked.sort(null);
        return locked;
    }

    /**
     * A change of figures needs a reason when it alters approved periods' ({@code lockedPeriods}), which are locked.
     */
    static void requireReason(List<String> lockedPeriods, String reasonField, String reason) {
        // Checked wherever it is sent, not only where a locked period needs it: whether a request is well-formed
        // does not hang on which periods are approved.
        Rules.optionalText(reasonField, reason, TextLimits.REASON);
        if (!lockedPeriods.isEmpty() && (reason == null || Rules.blank(reason))) {
            throw new ProjectRuleViolation(reasonField, "is required: the change alters the figures of approved "
                    + "period(s) " + lockedPeriods + " (each counted up to its end), which are locked; say why they "
                    + "change after approval");
        }
    }
}
