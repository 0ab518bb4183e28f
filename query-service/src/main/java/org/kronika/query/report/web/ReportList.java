package org.kronika.query.report.web;

import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.PeriodReports;
import org.kronika.query.report.ReportListEntry;
import org.kronika.query.web.Callers;
import org.kronika.query.web.Parameters;
import org.springframework.stereotype.Component;

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
    /** The statuses listed: a report nobody submitted is no one's to review. */
    public static final List<String> LISTED = List.of(PeriodReport.SUBMITTED, PeriodReport.RETURNED,
            PeriodReport.APPROVED);

    private final VisibleProjects projects;

    public ReportList(VisibleProjects projects) {
        this.projects = projects;
    }

    /**
     * @param status {@code null} for submitted: what waits for review
     * @param after  the {@code next} of the page before, or {@code null} for the first
     * @param limit  {@code null} for {@code fallback}
     */
    public ReportListEntry.Page page(String status, String after, String limit, int fallback) {
        String wanted = Parameters.oneOf("status", status == null ? PeriodReport.SUBMITTED : status, LISTED);
        String from = after == null ? null : Parameters.text("after", after, 300);
        int size = Parameters.bounded("limit", limit, fallback, 1, MAX_LIMIT);
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
}
