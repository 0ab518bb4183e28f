package org.kronika.query.report;

import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.project.ProjectDetails;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.stream.ReceivedEvent;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shows period reports: the list of a project's periods, and one report with both views of its figures. */
public final class PeriodReportViews {

    private PeriodReportViews() {
    }

    /** The periods whose days overlap the project's, with their reports' status; read by computed ids. */
    public static List<PeriodStatus> statuses(ProjectSummary summary, List<DefinedPeriod> defined,
                                              PeriodReports reports) {
        // A programme has at most a thousand periods: the reports of all of them are one bounded read by id.
        return statuses(summary, defined, reports.load(defined.stream()
                .map(p -> PeriodReports.key(summary.projectId(), p.periodId())).toList()));
    }

    /**
     * The same from reports already read ({@code found}, by key): those of several projects read at once.
     */
    public static List<PeriodStatus> statuses(ProjectSummary summary, List<DefinedPeriod> defined,
                                              Map<String, PeriodReport> found) {
        ProjectDetails details = summary.details();
        return statuses(summary.projectId(), details.startDate(), details.endDate(), summary.closure() != null,
                defined, found);
    }

    /**
     * The same for a project known by its days alone ({@code startDate} to {@code endDate}, as amended): what a
     * line of the portfolio's ranking holds, so that counting its overdue reports needs no summary read.
     */
    public static List<PeriodStatus> statuses(String projectId, LocalDate startDate, LocalDate endDate,
                                              boolean closed, List<DefinedPeriod> defined,
                                              Map<String, PeriodReport> found) {
        List<PeriodStatus> statuses = new ArrayList<>();
        for (DefinedPeriod period : defined) {
            boolean reported = found.containsKey(PeriodReports.key(projectId, period.periodId()));
            // A closed project had every report it owed approved (none is closed otherwise) and takes no command but
            // a reopening: a period defined since, over its days, is not owed until it is reopened.
            if (!reported && (closed || !reportsOn(startDate, endDate, period))) {
                continue;
            }
            PeriodReport report = found.getOrDefault(PeriodReports.key(projectId, period.periodId()),
                    PeriodReport.open(projectId, period.periodId()));
            statuses.add(new PeriodStatus(period.periodId(), period.calendar(), period.name(), period.start(),
                    period.end(), period.dueDate(), report.status(),
                    report.approval() == null ? null : report.approval().at(),
                    report.changesSinceApproval(),
                    reopenedSinceApproval(report)));
        }
        return statuses;
    }

    /** Only a reopening takes an approved report out of "approved"; it keeps its approval, and flags nothing more. */
    private static boolean reopenedSinceApproval(PeriodReport report) {
        return report.approval() != null && !PeriodReport.APPROVED.equals(report.status());
    }

    /**
     * Whether the project reports on the period: whether their days overlap, as the command side's rule says. A
     * report submitted or approved stays the project's when its dates move away from the period (an end date
     * amended earlier after a reopening): {@link #hasReport}.
     */
    public static boolean reportsOn(ProjectSummary summary, DefinedPeriod period) {
        ProjectDetails details = summary.details();
        return reportsOn(details.startDate(), details.endDate(), period);
    }

    private static boolean reportsOn(LocalDate startDate, LocalDate endDate, DefinedPeriod period) {
        return !period.end().isBefore(startDate) && !period.start().isAfter(endDate);
    }

    /** Whether the project reports on the period, or did: a report it submitted stays, with its discussion. */
    public static boolean hasReport(ProjectSummary summary, DefinedPeriod period, PeriodReports reports) {
        return reportsOn(summary, period) || reports.find(summary.projectId(), period.periodId()).isPresent();
    }

    /** The most earlier approvals a report's view shows: the latest ones. */
    public static final int EARLIER_APPROVALS = 10;

    /** The reports that went beyond "open" (or were approved once), each with both views of its figures. */
    public static List<PeriodReportView> reported(ProjectSummary current, List<DefinedPeriod> defined,
                                                  PeriodReports reports, ChangedItems items, boolean actors) {
        return owedOrReported(current, defined, reports, items, actors, null).stream().map(ProjectPeriod::report)
                .toList();
    }

    /**
     * What a project's page lists, in the calendar's order: every period whose report went beyond "open" (or was
     * approved once), with both views of its figures, and every other period that has ended by {@code today}, its
     * report owed: due, or overdue. Periods still running or to come are left out, as nothing is owed for them yet.
     * The periods are those of {@link #statuses}, one bounded read by computed ids, so that a page lists the overdue
     * reports the portfolio counts and costs the same however long the project's history.
     *
     * @param today the day the page is read, or {@code null} for the reports alone (what the audit report lists)
     */
    public static List<ProjectPeriod> owedOrReported(ProjectSummary current, List<DefinedPeriod> defined,
                                                     PeriodReports reports, ChangedItems items, boolean actors,
                                                     LocalDate today) {
        Map<String, DefinedPeriod> byId = new java.util.HashMap<>();
        defined.forEach(p -> byId.put(p.periodId(), p));
        List<ProjectPeriod> listed = new ArrayList<>();
        for (PeriodStatus status : statuses(current, defined, reports)) {
            boolean overdue = today != null && status.overdueOn(today);
            if (!PeriodReport.OPEN.equals(status.status()) || status.approvedAt() != null) {
                listed.add(new ProjectPeriod(status, overdue, view(current, byId.get(status.periodId()), reports,
                        items, actors)));
            } else if (today != null && status.end().isBefore(today)) {
                listed.add(new ProjectPeriod(status, overdue, null));
            }
        }
        return listed;
    }

    /**
     * @param items  what names the items of flagged changes ({@link ChangedItems#NONE}: their ids alone)
     * @param actors whether the caller may see who did what (partners may not)
     */
    public static PeriodReportView view(ProjectSummary current, DefinedPeriod period, PeriodReports reports,
                                        ChangedItems items, boolean actors) {
        String projectId = current.projectId();
        PeriodReport report = reports.find(projectId, period.periodId())
                .orElseGet(() -> PeriodReport.open(projectId, period.periodId()));
        List<PeriodReportView.Step> discussion = reports.discussion(report).stream()
                .map(e -> new PeriodReportView.Step(e.kind(), e.sequence(), e.at(), by(e.by(), actors), e.text(),
                        actors ? history(projectId, e.sequence()) : null)).toList();
        List<PeriodReportView.Step> earlier = report.approval() == null ? List.of() : discussion.stream()
                .filter(step -> step.kind().equals(PeriodReport.APPROVED)
                        && step.sequence() < report.approval().sequence()).toList();
        List<ReportEntry> since = reports.changesSinceApproval(report);
        List<ReportEntry> before = earlier.isEmpty() ? List.of() : reports.changesBeforeApproval(report);
        List<ReportEntry> flagged = new ArrayList<>(since);
        flagged.addAll(before);
        Map<String, String> names = items.named(current, flagged);
        java.util.function.Function<ReportEntry, PeriodReportView.Change> change = e -> new PeriodReportView.Change(
                e.sequence(), e.changeType(), e.itemId(), names.get(ChangedItems.key(e)), e.changeSequence(),
                e.text(), by(e.by(), actors), e.at(), actors ? history(projectId, e.changeSequence()) : null);
        List<PeriodReportView.Change> changes = since.stream().map(change).toList();
        PeriodReport.Approval approval = report.approval();
        // The reopening directly follows the approval in the discussion, so it is among its latest steps.
        PeriodReportView.Step reopened = !reopenedSinceApproval(report) ? null
                : reopeningAfter(discussion, approval.sequence());
        PeriodFigures asApproved = reports.asApproved(report).map(ApprovedFigures::figures).orElse(null);
        // The days the approval locked; a period's days never change once defined, so they are the same.
        PeriodFigures now = approval != null
                ? PeriodFigures.of(current, period.periodId(), approval.start(), approval.end())
                : PeriodFigures.of(current, period.periodId(), period.start(), period.end());
        return new PeriodReportView(projectId, period.periodId(), period.calendar(), period.name(), period.start(),
                period.end(), period.dueDate(), report.status(), discussion,
                approval == null ? null : new PeriodReportView.Approval(approval.sequence(),
                        approval.headSequence(), approval.headHash(), approval.at(), by(approval.by(), actors)),
                asApproved, now, changes, approval == null || changes.size() == report.changesSinceApproval(),
                reopened, earlierApprovals(report, discussion, earlier, before, reports,
                change), current.version());
    }

    /**
     * The approvals before the last ({@code earlier}, the approval steps of the report's discussion): each stood
     * until the reopening that followed it, and the changes flagged in between ({@code flagged}, all flagged before
     * the last approval) are its own. Bounded by the discussion read ({@value PeriodReports#MAX_ENTRIES} steps) and
     * the changes before the last approval, whatever the project's history.
     */
    private static List<PeriodReportView.EarlierApproval> earlierApprovals(
            PeriodReport report, List<PeriodReportView.Step> discussion, List<PeriodReportView.Step> all,
            List<ReportEntry> flagged, PeriodReports reports,
            java.util.function.Function<ReportEntry, PeriodReportView.Change> change) {
        // Each is a table of figures: a report approved and reopened over and over shows its latest few, so that a
        // view costs the same however often that happened.
        List<PeriodReportView.Step> earlier = all.subList(Math.max(0, all.size() - EARLIER_APPROVALS), all.size());
        if (earlier.isEmpty()) {
            return List.of();
        }
        Map<Long, ApprovedFigures> figures = reports.asApproved(report,
                earlier.stream().map(PeriodReportView.Step::sequence).toList());
        // Changes before the last approval beyond one read's worth were not read: an approval that stood before the
        // oldest one read may have had more.
        boolean cut = report.approval().changesBefore() > flagged.size();
        long oldestRead = !cut ? -1 : flagged.isEmpty() ? Long.MAX_VALUE : flagged.get(0).sequence();
        List<PeriodReportView.EarlierApproval> shown = new ArrayList<>();
        for (PeriodReportView.Step approved : earlier) {
            PeriodReportView.Step reopened = reopeningAfter(discussion, approved.sequence());
            long until = reopened == null ? report.approval().sequence() : reopened.sequence();
            ApprovedFigures then = figures.get(approved.sequence());
            if (then == null) {
                // Every approval's figures are kept as it is applied; one without them has nothing to show.
                continue;
            }
            shown.add(new PeriodReportView.EarlierApproval(new PeriodReportView.Approval(approved.sequence(),
                    then.headSequence(), then.headHash(), approved.at(), approved.by()), then.figures(),
                    flagged.stream().filter(e -> e.sequence() > approved.sequence() && e.sequence() < until)
                            .map(change).toList(), reopened, approved.sequence() >= oldestRead));
        }
        return shown;
    }

    /** The first reopening after the approval at {@code sequence}: what ended it. */
    private static PeriodReportView.Step reopeningAfter(List<PeriodReportView.Step> discussion, long sequence) {
        return discussion.stream().filter(step -> step.kind().equals(PeriodReport.REOPENED)
                && step.sequence() > sequence).findFirst().orElse(null);
    }

    private static PeriodReportView.By by(ReceivedEvent.Actor actor, boolean shown) {
        if (actor == null || !shown) {
            return null;
        }
        return new PeriodReportView.By(actor.subject(), actor.role(), actor.organisation());
    }

    /** The API's history page that starts at the event. */
    static String history(String projectId, long sequence) {
        return "/api/projects/" + projectId + "/history?limit=1" + (sequence > 0 ? "&after=" + (sequence - 1) : "");
    }
}
