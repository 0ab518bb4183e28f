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

    @Operation(summary = "Every project's reports in one status: submitted (waiting for review), returned or approved",
            description = "Across the programme, by project and period, as far as the caller may see (a recorder: "
                    + "their organisation's). changes counts the changes flagged in an approved period since its "
                    + "approval. Pages of limit reports (1 to 500, default 100); ask for the next with the "
                    + "answer's next.")
    @GetMapping("/api/reports")
    public ReportListEntry.Page reports(@RequestParam(required = false) String status,
                                        @RequestParam(required = false) String after,
                                        @RequestParam(required = false) String limit) {
        return reports.page(status, after, limit, 100);
    }
}
