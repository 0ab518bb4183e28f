package org.kronika.query.report.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.ReportListEntry;
import org.kronika.query.web.ApiParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The programme's reports by where they stand: what waits for an officer, what came back, what changed since. */
@RestController
public class ReportListController {

    private static final int LIMIT = 100;

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
                    + "limit reports (1 to 500, default 100), in the order of project and period; ask for the next "
                    + "with the answer's next (as after) until it is null, for the one before with its previous (as "
                    + "before) until it is null. A page before that reaches the start is the first page, whole. "
                    + "total counts the reports in the status as far as the caller may see (kept as reports change "
                    + "status, so it may trail the list by a moment); null for overdue, which is found by walking the "
                    + "projects and never counted. A page of overdue reports looks at 100 projects at most, so it "
                    + "may hold fewer than limit and still have a next or previous; the previous of one is its first "
                    + "report (or, holding none, its after) whether or not anything is overdue before it.")
    @GetMapping("/api/reports")
    public ReportListEntry.Page reports(
            @Parameter(description = "the list: reports in this status, or overdue",
                    schema = @Schema(type = "string", defaultValue = PeriodReport.SUBMITTED))
            @RequestParam(required = false) String status,
            @Parameter(description = "the next of the page before (project|period); absent for the first."
                    + ApiParameters.TEXT, schema = @Schema(maxLength = ReportList.CURSOR,
                    pattern = ReportList.CURSOR_SHAPE, example = "nopm-local-governance|2024-Q3"))
            @RequestParam(required = false) String after,
            @Parameter(description = "the previous of the page after (project|period): the page before it; never "
                    + "with after." + ApiParameters.TEXT, schema = @Schema(maxLength = ReportList.CURSOR,
                    pattern = ReportList.CURSOR_SHAPE, example = "nopm-local-governance|2024-Q3"))
            @RequestParam(required = false) String before,
            @Parameter(description = "reports per page", schema = @Schema(type = "integer", format = "int32",
                    minimum = "1", maximum = "" + ReportList.MAX_LIMIT, defaultValue = "" + LIMIT))
            @RequestParam(required = false) String limit) {
        return reports.page(status, after, before, limit, LIMIT);
    }
}
