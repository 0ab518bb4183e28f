package org.kronika.query.report.web;

import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.PeriodReportViews;
import org.kronika.query.report.PeriodStatus;
import org.kronika.query.report.PeriodReports;
import org.kronika.query.report.ReportListEntry;
import org.kronika.query.web.Callers;
import org.kronika.query.web.InvalidParameter;
import org.kronika.query.web.Parameters;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The programme's reports in one status as far as the caller may see them, a page at a time: the API's list and the
 * dashboards' page of reports read it alike.
 */
@Component
public class ReportList {

    public static final int MAX_LIMIT = 500;
    /** The longest next a page answers that a request may give back. */
    public static final int CURSOR = 300;
    /**
     * Reports past their due date and not in: never submitted, or returned and not submitted again. No report
     * stands for them, so they are found by walking the projects.
     */
    public static final String OVERDUE = "overdue";
    /** The lists: the statuses a report was given, and what is overdue. */
    public static final List<String> LISTED = List.of(PeriodReport.SUBMITTED, PeriodReport.RETURNED,
            PeriodReport.APPROVED, OVERDUE);
    /** How many projects one page of overdue reports looks at most: a page costs the same in any programme. */
    static final int PROJECTS_PER_PAGE = 100;
    private static final int PROJECTS_PER_READ = 25;

    private final VisibleProjects projects;
    private final Clock clock;

    public ReportList(VisibleProjects projects, Clock clock) {
        this.projects = projects;
        this.clock = clock;
    }

    /**
     * @param status {@code null} for submitted: what waits for review
     * @param after  the {@code next} of the page before, or {@code null} for the first
     * @param limit  {@code null} for {@code fallback}
     */
    public ReportListEntry.Page page(String status, String after, String limit, int fallback) {
        String wanted = Parameters.oneOf("status", status == null ? PeriodReport.SUBMITTED : status, LISTED);
        String from = after == null ? null : Parameters.text("after", after, CURSOR);
        int size = Parameters.bounded("limit", limit, fallback, 1, MAX_LIMIT);
        if (OVERDUE.equals(wanted)) {
            return overdue(from, size);
        }
        Generation live = projects.live();
        PeriodReports reports = projects.reports(live);
        // A recorder's pages are read among their organisation's projects only: a page, and the cursor to the next,
        // drawn from the whole programme would name another organisation's report in its cursor.
        String organisation = Callers.visibleOrganisation();
        List<String> theirs = organisation == null ? null : projects.summaries(live).idsOf(organisation);
        List<PeriodReport> found = theirs != null && theirs.isEmpty() ? List.of()
                : reports.inStatus(wanted, theirs, from, size);
        Map<String, DefinedPeriod> periods = new HashMap<>();
        ProgrammeCalendar.all(projects.programme(), projects.defined(live)).forEach(p -> periods.put(p.periodId(), p));
        Map<String, ProjectListEntry> listed = projects.summaries(live).entries(
                found.stream().map(PeriodReport::projectId).distinct().toList());
        List<ReportListEntry> shown = new ArrayList<>();
        for (PeriodReport report : found) {
            ProjectListEntry p = listed.get(report.projectId());
            DefinedPeriod d = periods.get(report.periodId());
            if (p == null || d == null || !Callers.current().maySee(p.organisationId())) {
                continue;
            }
            shown.add(new ReportListEntry(p.projectId(), p.title(), p.organisationId(), p.organisation(), d.periodId(),
                    d.name(), d.start(), d.end(), d.dueDate(), report.status(), report.changesSinceApproval(),
                    "/api/projects/" + p.projectId() + "/periods/" + d.periodId()));
        }
        String next = found.size() < size ? null
                : PeriodReports.key(found.get(found.size() - 1).projectId(), found.get(found.size() - 1).periodId());
        return new ReportListEntry.Page(shown, next);
    }

    /**
     * What is overdue, project by project in their order and, within a project, period by period as the calendar
     * lists them: {@code after} is the last one shown ({@code project|period}). A page looks at no more than
     * {@value #PROJECTS_PER_PAGE} projects: it may then hold fewer than {@code size}, with {@code next} where the
     * walk goes on.
     */
    private ReportListEntry.Page overdue(String after, int size) {
        int bar = after == null ? -1 : after.indexOf('|');
        if (after != null && (bar < 1 || bar == after.length() - 1)) {
            throw new InvalidParameter("after", "must be the next of a page of overdue reports, e.g. "
                    + "nopm-local-governance|2024-Q3");
        }
        String resumeIn = after == null ? null : after.substring(0, bar);
        String resumeAfter = after == null ? null : after.substring(bar + 1);
        LocalDate today = LocalDate.now(clock.withZone(projects.programme().timeZone()));
        Generation live = projects.live();
        PeriodReports reports = projects.reports(live);
        List<DefinedPeriod> calendar = ProgrammeCalendar.all(projects.programme(), projects.defined(live));
        String organisation = Callers.visibleOrganisation();
        List<ReportListEntry> shown = new ArrayList<>();
        String from = resumeIn;
        boolean inclusive = resumeIn != null;
        int looked = 0;
        while (looked < PROJECTS_PER_PAGE) {
            int asked = Math.min(PROJECTS_PER_READ, PROJECTS_PER_PAGE - looked);
            List<String> ids = projects.summaries(live).idsFrom(from, inclusive, organisation, asked);
            Map<String, ProjectSummary> summaries = projects.summaries(live).load(ids);
            Map<String, ProjectListEntry> entries = projects.summaries(live).entries(ids);
            Map<String, PeriodReport> reported = reports.ofProjects(ids);
            for (String id : ids) {
                looked++;
                ProjectSummary summary = summaries.get(id);
                ProjectListEntry p = entries.get(id);
                if (summary == null || p == null || !Callers.current().maySee(p.organisationId())) {
                    continue;
                }
                // Resuming inside the project the last page ended in: only what comes after its last report shown.
                boolean passed = !id.equals(resumeIn);
                for (PeriodStatus period : PeriodReportViews.statuses(summary, calendar, reported)) {
                    if (!passed) {
                        passed = period.periodId().equals(resumeAfter);
                        continue;
                    }
                    if (!period.overdueOn(today)) {
                        continue;
                    }
                    shown.add(new ReportListEntry(id, p.title(), p.organisationId(), p.organisation(),
                            period.periodId(), period.name(), period.start(), period.end(), period.dueDate(),
                            period.status(), period.changes(), "/api/projects/" + id + "/periods/" + period.periodId()));
                    if (shown.size() == size) {
                        return new ReportListEntry.Page(shown, id + "|" + period.periodId());
                    }
                }
            }
            if (ids.size() < asked) {
                return new ReportListEntry.Page(shown, null);
            }
            from = ids.get(ids.size() - 1);
            inclusive = false;
        }
        // Looked at as many projects as a page may: the walk goes on after the last one, all its periods seen.
        return new ReportListEntry.Page(shown, from + "|" + AFTER_EVERY_PERIOD);
    }

    /** A period name no calendar has: resuming "after" it in a project passes over all of that project's periods. */
    private static final String AFTER_EVERY_PERIOD = "~";
}
