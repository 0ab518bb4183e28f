package org.kronika.query.dashboard.web;

import org.kronika.query.dashboard.ListPosition;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.report.ReportListEntry;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.web.ReportList;
import org.kronika.query.web.Parameters;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.Map;

/**
 * The programme's reports by status, for the officer who reviews them: what waits (submitted), what went back to its
 * project (returned), and what was approved, with the changes flagged since, each tab with how many it holds. Each
 * links to its report on the project's page. Paged by cursor either way, each page saying which reports of how many
 * it shows.
 */
@Controller
class ReportsPage {

    static final int REPORTS_PER_PAGE = 50;
    /** How many steps of the overdue walk a page takes at most before it shows what it found. */
    private static final int OVERDUE_STEPS = 10;
    /** The largest place a link may carry: far beyond any programme's reports, short of arithmetic that wraps. */
    private static final long MOST_AT = 1_000_000_000L;

    private final ReportList reports;
    private final VisibleProjects projects;

    ReportsPage(ReportList reports, VisibleProjects projects) {
        this.reports = reports;
        this.projects = projects;
    }

    /**
     * @param at the place in the list of the report {@code after} or {@code before} names, as the link to this page
     *           carried it: what the page counts its own places from ({@link ListPosition})
     */
    @GetMapping("/dashboard/reports")
    String reports(@RequestParam(required = false) String status, @RequestParam(required = false) String after,
                   @RequestParam(required = false) String before, @RequestParam(required = false) String at,
                   Model model) {
        Long place = at == null ? null : Parameters.number("at", at, 0, MOST_AT);
        ReportListEntry.Page page = reports.page(status, after, before, null, REPORTS_PER_PAGE);
        // Overdue reports are found by walking the projects a bounded step at a time: a step among projects with
        // nothing late is no answer to show as "none". The walk goes on the way the reader went.
        boolean stepped = false;
        for (int step = 0; step < OVERDUE_STEPS && page.reports().isEmpty() && ReportList.OVERDUE.equals(status);
             step++) {
            String further = before == null ? page.next() : page.previous();
            if (further == null) {
                break;
            }
            page = before == null ? reports.page(status, further, null, null, REPORTS_PER_PAGE)
                    : reports.page(status, null, further, null, REPORTS_PER_PAGE);
            stepped = true;
        }
        // Asked for without a cursor, this is the first page, whatever steps the overdue walk took to fill it.
        String previous = after == null && before == null ? null : page.previous();
        String shown = status == null ? PeriodReport.SUBMITTED : status;
        // Read once for the tabs and this list's "of", so that the two agree on one page.
        Map<String, Long> counts = reports.counts();
        // The place a link carried is that of the report it named; past the overdue walk's steps, no longer.
        ListPosition position = ListPosition.of(page.reports().size(), previous == null, page.next() == null,
                after != null, before != null, stepped ? null : place, counts.get(shown));
        model.addAttribute("status", shown);
        model.addAttribute("statuses", ReportList.LISTED);
        model.addAttribute("counts", counts);
        model.addAttribute("page", page);
        model.addAttribute("position", position);
        // The first page is a link wherever something comes before, and from a page left empty after a cursor (its
        // reports moved to another list since).
        model.addAttribute("first", previous == null && !(page.reports().isEmpty() && (after != null || before != null)));
        model.addAttribute("none", none(shown, page, before != null, after != null || before != null));
        model.addAttribute("next", link(shown, "after", page.next(), position.to()));
        model.addAttribute("previous", link(shown, "before", previous, position.from()));
        model.addAttribute("scope", org.kronika.query.portfolio.web.VisiblePortfolio.visibleScope());
        model.addAttribute("organisationName", projects.visibleOrganisationName(projects.live()));
        return "dashboard/reports";
    }

    /** What an empty page says: that the walk goes on, that the list holds nothing from here, or nothing at all. */
    private static String none(String status, ReportListEntry.Page page, boolean backwards, boolean cursor) {
        if (ReportList.OVERDUE.equals(status) && (backwards ? page.previous() : page.next()) != null) {
            return backwards ? "reports.list.noneHereBefore" : "reports.list.noneHere";
        }
        return cursor ? "reports.list.noneOnPage" : "reports.list.none." + status;
    }

    /** The page after or before the cursor, carrying the place of the report it names when that is known. */
    private static String link(String status, String direction, String cursor, Long at) {
        if (cursor == null) {
            return null;
        }
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/dashboard/reports").queryParam("status", status)
                .queryParam(direction, cursor);
        if (at != null) {
            link.queryParam("at", at);
        }
        return link.encode().build().toUriString();
    }
}
