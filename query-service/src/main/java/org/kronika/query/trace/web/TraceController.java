package org.kronika.query.trace.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.kronika.query.readmodel.Page;
import org.kronika.query.trace.PagedTrace;
import org.kronika.query.web.Parameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class TraceController {

    private final VisibleTraces traces;

    public TraceController(VisibleTraces traces) {
        this.traces = traces;
    }

    @Operation(summary = "The activities and measurements a figure of the project is derived from",
            description = "Without filters: every activity that counts. indicator narrows to what counts towards "
                    + "that indicator (with its measurements); period (a reporting period or outside:YYYY-MM), "
                    + "municipality (or (none) for national level) and category (sex:female, ageBand:18-24, "
                    + "community:serb, any of them :unspecified, or type:<activity type>; any other word is 400; a category of "
                    + "people with an indicator that does not count participants is 400) narrow further. Each item "
                    + "names the events that stated it, the last one being the statement that counts. The totals "
                    + "(activities, participants, value) are over every fact; items are one page of them, in the "
                    + "order they happened. knownAt=<instant> traces the figure as it stood then, from what had been "
                    + "recorded by that instant, each fact as stated then; version=<n> as the project's history up to "
                    + "its event n left it (an approval's headSequence: exactly the facts behind the figures it "
                    + "approved). Either replays the project's whole history. The answer's version names the event "
                    + "the facts are of.")
    @GetMapping("/api/projects/{projectId}/trace")
    public PagedTrace trace(@PathVariable String projectId,
                           @Parameter(description = "an indicator of the project") @RequestParam(required = false) String indicator,
                           @RequestParam(required = false) String period,
                           @RequestParam(required = false) String municipality,
                           @RequestParam(required = false) String category,
                           @Parameter(description = "zero-based page") @RequestParam(required = false) String page,
                           @Parameter(description = "facts per page, 1 to 200 (default 50)") @RequestParam(required = false) String size,
                           @Parameter(description = "an instant, e.g. 2024-04-15T12:00:00Z") @RequestParam(required = false) String knownAt,
                           @Parameter(description = "a version of the project, e.g. an approval's headSequence") @RequestParam(required = false) String version) {
        int pageNumber = Parameters.bounded("page", page, 0, 0, Page.MAX_PAGE);
        int pageSize = Parameters.bounded("size", size, 50, 1, Page.MAX_SIZE);
        return traces.trace(projectId, traces.figure(indicator, period, municipality, category),
                traces.asRecorded(knownAt, version), pageNumber, pageSize);
    }
}
