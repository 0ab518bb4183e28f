package org.kronika.query.report.web;

import io.swagger.v3.oas.annotations.Operation;
import org.kronika.query.report.ReportListEntry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The programme's reports by where they stand: what waits for an officer, what came back, what changed since. */
@RestController
public class ReportListController {

    private final ReportList reports;

    public ReportListController(ReportList reports) {
        this.reports = reports;
    }

    @Operation(summary = "Every project's reports in one status: submitted (waiting for review), returned or "
            + "approved; or overdue",
            description = "Across the programme, by project and period, as far as the caller may see (a recorder: "
                    + "their organisation's). changes counts the changes flagged in an approved period since its "
                    + "approval. overdue lists the reports of periods that have ended and are past their due date "
                    + "(a quarter of the programme file not yet defined: the file's daysToReport after its end) that are not in: never submitted (status open) "
                    + "or returned and not submitted again; in every calendar a project's dates overlap. Pages of "
                    + "limit reports (1 to 500, default 100); ask for the next with the answer's next, until it is "
                    + "null. A page of overdue reports looks at 100 projects at most, so it may hold fewer than "
                    + "limit and still have a next.")
    @GetMapping("/api/reports")
    public ReportListEntry.Page reports(@RequestParam(required = false) String status,
                                        @RequestParam(required = false) String after,
                                        @RequestParam(required = false) String limit) {
        return reports.page(status, after, limit, 100);
    }
}
