package org.kronika.query.report;

import java.time.LocalDate;
import java.util.List;

/**
 * A project's report for one period as the programme's list of reports shows it: whose, which period, where it
 * stands, and where to read it whole.
 *
 * @param changes how many changes were flagged in the period since its approval (0 unless approved)
 * @param report  the report's own address on the query service, with its figures and discussion
 */
public record ReportListEntry(String projectId, String title, String organisationId, String organisation,
                              String periodId, String name, LocalDate start, LocalDate end, LocalDate dueDate,
                              String status, long changes, String report) {

    /**
     * A page of the list.
     *
     * @param next     the {@code after} that asks for the next page (the key of this page's last report), or
     *                 {@code null} when this is the last
     * @param previous the {@code before} that asks for the page before (the key of this page's first report), or
     *                 {@code null} when this is the first
     * @param total    how many reports the list holds, as far as the caller may see; {@code null} for overdue
     *                 reports, which are found by a walk over the projects and never counted
     */
    public record Page(List<ReportListEntry> reports, String next, String previous, Long total) {
    }
}
