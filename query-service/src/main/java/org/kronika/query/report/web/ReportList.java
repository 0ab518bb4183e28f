package org.kronika.query.report.web;

import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.project.ProjectListEntry;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.project.ProjectSummaries;
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
    /** The longest next or previous a page answers that a request may give back. */
    public static final int CURSOR = 300;
    /** What a next or previous is: a report's key, {@code project|period}. */
    public static final String CURSOR_SHAPE = "^[^|]+\\|.+$";
    private static final java.util.regex.Pattern CURSOR_PATTERN = java.util.regex.Pattern.compile(CURSOR_SHAPE);
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
     * How many reports are in each status the workflow gives ({@link PeriodReport#SUBMITTED}, {@link
     * PeriodReport#RETURNED}, {@link PeriodReport#APPROVED}) as far as the caller may see: counts the projection keeps,
     * so one small read whatever the programme holds. Overdue reports have none: nothing stores them (they are
     * found by walking the projects a bounded step at a time, and change with the day), and counting them would
     * walk every project.
     */
    public Map<String, Long> counts() {
        return projects.reportsByStatus(projects.live());
    }

    /**
     * @param status {@code null} for submitted: what waits for review
     * @param after  the {@code next} of the page before, or {@code null}
     * @param before the {@code previous} of the page after, or {@code null}; never with {@code after}. A page
     *               before that reaches the start of the list is the first page, whole
     * @param limit  {@code null} for {@code fallback}
     */
    public ReportListEntry.Page page(String status, String after, String before, String limit, int fallback) {
        String wanted = Parameters.oneOf("status", status == null ? PeriodReport.SUBMITTED : status, LISTED);
        String from = cursor("after", after);
        String to = cursor("before", before);
        if (from != null && to != null) {
            throw new InvalidParameter("before", "must not be given with after: a page is read after one report or "
                    + "before one");
        }
        int size = Parameters.bounded("limit", limit, fallback, 1, MAX_LIMIT);
        if (OVERDUE.equals(wanted)) {
            return to == null ? overdueAfter(from, size) : overdueBefore(to, size);
        }
        Generation live = projects.live();
        PeriodReports reports = projects.reports(live);
        Long total = projects.reportsByStatus(live).get(wanted);
        // A recorder's pages are read among their organisation's projects only: a page, and the cursors either side,
        // drawn from the whole programme would name another organisation's report in a cursor.
        String organisation = Callers.visibleOrganisation();
        List<String> theirs = organisation == null ? null : projects.summaries(live).idsOf(organisation);
        if (theirs != null && theirs.isEmpty()) {
            return new ReportListEntry.Page(List.of(), null, null, total);
        }
        Keyset keyset = to == null ? after(reports, wanted, theirs, from, size)
                : before(reports, wanted, theirs, to, size);
        Map<String, DefinedPeriod> periods = new HashMap<>();
        ProgrammeCalendar.all(projects.programme(), projects.defined(live)).forEach(p -> periods.put(p.periodId(), p));
        Map<String, ProjectListEntry> listed = projects.summaries(live).entries(
                keyset.found().stream().map(PeriodReport::projectId).distinct().toList());
        List<ReportListEntry> shown = new ArrayList<>();
        for (PeriodReport report : keyset.found()) {
            ProjectListEntry p = listed.get(report.projectId());
            DefinedPeriod d = periods.get(report.periodId());
            if (p == null || d == null || !Callers.current().maySee(p.organisationId())) {
                continue;
            }
            shown.add(new ReportListEntry(p.projectId(), p.title(), p.organisationId(), p.organisation(), d.periodId(),
                    d.name(), d.start(), d.end(), d.dueDate(), report.status(), report.changesSinceApproval(),
                    "/api/projects/" + p.projectId() + "/periods/" + d.periodId()));
        }
        return new ReportListEntry.Page(shown, keyset.next(), keyset.previous(), total);
    }

    /** A page's reports in the list's order, and the cursors either side of it ({@code null}: nothing there). */
    private record Keyset(List<PeriodReport> found, String next, String previous) {
    }

    /**
     * The page after {@code from}: one report more is read than shown, which says whether there is a next page, and
     * one before it, whether there is a page before (a page that ends exactly at the end of the list has no next
     * leading to an empty page).
     */
    private static Keyset after(PeriodReports reports, String status, List<String> projects, String from, int size) {
        List<PeriodReport> found = reports.inStatusAfter(status, projects, from, size + 1);
        List<PeriodReport> shown = found.size() > size ? found.subList(0, size) : found;
        String next = found.size() > size ? key(shown.get(shown.size() - 1)) : null;
        // Reports moved out of the list since the page before was read leave this one empty: before it, then, is
        // what came before its cursor.
        String edge = shown.isEmpty() ? from : key(shown.get(0));
        String previous = from == null || reports.inStatusBefore(status, projects, edge, 1).isEmpty() ? null : edge;
        return new Keyset(shown, next, previous);
    }

    /** The page before {@code to}, in the same order; the first page, whole, once that reaches the start. */
    private static Keyset before(PeriodReports reports, String status, List<String> projects, String to, int size) {
        List<PeriodReport> found = reports.inStatusBefore(status, projects, to, size + 1);
        if (found.size() <= size) {
            // Fewer than a page before it (reports moved out since, or a page size of its own): a page short at the
            // start and the first page would overlap; the reader asked for the start, so the first page is shown.
            return after(reports, status, projects, null, size);
        }
        List<PeriodReport> shown = found.subList(1, found.size());
        String last = key(shown.get(shown.size() - 1));
        String next = reports.inStatusAfter(status, projects, last, 1).isEmpty() ? null : last;
        return new Keyset(shown, next, key(shown.get(0)));
    }

    private static String key(PeriodReport report) {
        return PeriodReports.key(report.projectId(), report.periodId());
    }

    /**
     * A page's cursor as a page gave it: a report's key, {@code project|period}. Refused otherwise, naming the
     * parameter, so a cursor made by hand fails alike for every list.
     */
    private static String cursor(String name, String value) {
        String given = Parameters.text(name, value, CURSOR);
        if (given != null && !CURSOR_PATTERN.matcher(given).matches()) {
            throw new InvalidParameter(name, "must be the " + ("after".equals(name) ? "next" : "previous")
                    + " of a page of reports (project|period), e.g. nopm-local-governance|2024-Q3");
        }
        return given;
    }

    /**
     * What is overdue, project by project in their order and, within a project, period by period as the calendar
     * lists them: {@code after} is the last one shown ({@code project|period}). A page looks at no more than
     * {@value #PROJECTS_PER_PAGE} projects: it may then hold fewer than {@code size}, with {@code next} where the
     * walk goes on. Its {@code previous} is its first report (or, holding none, its {@code after}): whether anything
     * is overdue before it is known only by walking back.
     */
    private ReportListEntry.Page overdueAfter(String after, int size) {
        Walk walk = walk(after, true, size);
        List<ReportListEntry> shown = walk.found();
        String previous = after == null ? null : shown.isEmpty() ? after : key(shown.get(0));
        return new ReportListEntry.Page(shown, walk.resume(), previous, null);
    }

    /**
     * The same walk backwards from {@code before}, within the same bound on the projects a page looks at, shown in
     * the same order; the first page, whole, once it reaches the first project. A page that found nothing has no
     * next: the walk cannot name the report it started before as a page's last (the dashboards walk on before they
     * show one).
     */
    private ReportListEntry.Page overdueBefore(String before, int size) {
        Walk walk = walk(before, false, size);
        if (walk.resume() == null) {
            return overdueAfter(null, size);
        }
        List<ReportListEntry> shown = new ArrayList<>(walk.found());
        java.util.Collections.reverse(shown);
        String next = shown.isEmpty() ? null : key(shown.get(shown.size() - 1));
        return new ReportListEntry.Page(shown, next, walk.resume(), null);
    }

    private static String key(ReportListEntry entry) {
        return PeriodReports.key(entry.projectId(), entry.periodId());
    }

    /**
     * What a walk over the projects found, in the order it walked, and where a walk the same way goes on: past the
     * last one found ({@code project|period}) when it found more than a page, or past the last project it looked at
     * ({@code project|}{@value #EVERY_PERIOD_SEEN}) once it looked at as many as a page may; {@code null} once it
     * reached the end of the projects that way.
     */
    private record Walk(List<ReportListEntry> found, String resume) {
    }

    /**
     * Walks the projects from the cursor's on (forwards) or down (backwards), and each project's periods as the
     * calendar lists them (or the other way round), for one overdue report more than a page holds, which says
     * whether another page follows that way, or until it looked at {@value #PROJECTS_PER_PAGE} projects.
     */
    private Walk walk(String cursor, boolean forwards, int size) {
        int bar = cursor == null ? -1 : cursor.indexOf('|');
        String resumeIn = cursor == null ? null : cursor.substring(0, bar);
        String resumePast = cursor == null ? null : cursor.substring(bar + 1);
        LocalDate today = LocalDate.now(clock.withZone(projects.programme().timeZone()));
        Generation live = projects.live();
        PeriodReports reports = projects.reports(live);
        ProjectSummaries summaries = projects.summaries(live);
        List<DefinedPeriod> calendar = ProgrammeCalendar.all(projects.programme(), projects.defined(live));
        // Where the walk resumes in the cursor's project: past the cursor's period by its place in the calendar, not
        // at meeting it among the project's periods, which leave out those outside the project's days (its end date
        // amended since the page before, a cursor made by hand): never met, every overdue report of the project was
        // skipped, as if none were overdue.
        Map<String, Integer> place = new HashMap<>();
        for (DefinedPeriod period : calendar) {
            place.put(period.periodId(), place.size());
        }
        if (resumePast != null && !EVERY_PERIOD_SEEN.equals(resumePast) && !place.containsKey(resumePast)) {
            throw new InvalidParameter(forwards ? "after" : "before", "must be the " + (forwards ? "next" : "previous")
                    + " of a page of reports: the programme's calendar holds no period " + resumePast);
        }
        int resumeAt = resumePast == null ? -1 : EVERY_PERIOD_SEEN.equals(resumePast)
                ? (forwards ? Integer.MAX_VALUE : Integer.MIN_VALUE) : place.get(resumePast);
        String organisation = Callers.visibleOrganisation();
        List<ReportListEntry> found = new ArrayList<>();
        String from = resumeIn;
        boolean inclusive = resumeIn != null;
        int looked = 0;
        while (looked < PROJECTS_PER_PAGE) {
            int asked = Math.min(PROJECTS_PER_READ, PROJECTS_PER_PAGE - looked);
            List<String> ids = forwards ? summaries.idsFrom(from, inclusive, organisation, asked)
                    : summaries.idsBefore(from, inclusive, organisation, asked);
            Map<String, ProjectSummary> loaded = summaries.load(ids);
            Map<String, ProjectListEntry> entries = summaries.entries(ids);
            Map<String, PeriodReport> reported = reports.ofProjects(ids);
            for (String id : ids) {
                looked++;
                ProjectSummary summary = loaded.get(id);
                ProjectListEntry p = entries.get(id);
                if (summary == null || p == null || !Callers.current().maySee(p.organisationId())) {
                    continue;
                }
                List<PeriodStatus> periods = new ArrayList<>(PeriodReportViews.statuses(summary, calendar, reported));
                if (!forwards) {
                    java.util.Collections.reverse(periods);
                }
                // Resuming inside the project the last page ended in: only what lies past the report it ended at.
                boolean resuming = id.equals(resumeIn);
                for (PeriodStatus period : periods) {
                    if (resuming && (forwards ? place.get(period.periodId()) <= resumeAt
                            : place.get(period.periodId()) >= resumeAt)) {
                        continue;
                    }
                    if (!period.overdueOn(today)) {
                        continue;
                    }
                    if (found.size() == size) {
                        return new Walk(found, key(found.get(size - 1)));
                    }
                    found.add(new ReportListEntry(id, p.title(), p.organisationId(), p.organisation(),
                            period.periodId(), period.name(), period.start(), period.end(), period.dueDate(),
                            period.status(), period.changes(), "/api/projects/" + id + "/periods/" + period.periodId()));
                }
            }
            if (ids.size() < asked) {
                return new Walk(found, null);
            }
            from = ids.get(ids.size() - 1);
            inclusive = false;
        }
        // Looked at as many projects as a page may: the walk goes on past the last one, all its periods seen.
        return new Walk(found, from + "|" + EVERY_PERIOD_SEEN);
    }

    /**
     * A period name no calendar has: resuming past it in a project, either way, passes over all of that project's
     * periods.
     */
    private static final String EVERY_PERIOD_SEEN = "~";
}
