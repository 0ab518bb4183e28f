package org.kronika.query.trace.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.kronika.query.trace.Figure;
import org.kronika.query.trace.PagedTrace;
import org.kronika.query.web.ApiParameters;
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
                    + "approved). A figure of a period is then read from the facts its days ever held, one of all "
                    + "time from the months its page reaches into, each fact as stated then; nothing recorded after "
                    + "it (the current version, an instant from the last event on), it is today's trace. The "
                    + "answer's version names the event the facts are of.")
    @GetMapping("/api/projects/{projectId}/trace")
    public PagedTrace trace(@PathVariable String projectId,
                           @Parameter(description = "an indicator of the project (one it does not have is 404)."
                                   + ApiParameters.TEXT, schema = @Schema(maxLength = VisibleTraces.INDICATOR_ID,
                                   example = "reached")) @RequestParam(required = false) String indicator,
                           @Parameter(description = "a reporting period of the programme (its id, 1-64 characters), a "
                                   + "month (YYYY-MM, where no period has that id), or outside:YYYY-MM for a month "
                                   + "outside every period; any other is refused." + ApiParameters.TEXT,
                                   schema = @Schema(maxLength = VisibleTraces.PERIOD, example = "2024-Q1"))
                           @RequestParam(required = false) String period,
                           @ApiParameters.Municipality("a municipality of the programme by any name it knows it by, or "
                                   + "(none) for national level; a name it does not know is refused."
                                   + ApiParameters.TEXT) @RequestParam(required = false) String municipality,
                           @Parameter(description = "breakdown:value, the breakdown one of sex, ageBand (or age-band, as commands spell it), community "
                                   + "(a value of the programme's list, or unspecified) or type (an activity type); "
                                   + "any other value is refused, and so is a breakdown of people with an indicator "
                                   + "that does not count participants." + ApiParameters.TEXT,
                                   schema = @Schema(maxLength = VisibleTraces.CATEGORY, pattern = Figure.CATEGORY,
                                           example = "sex:female")) @RequestParam(required = false) String category,
                           @ApiParameters.PageNumber @RequestParam(required = false) String page,
                           @ApiParameters.PageSize("facts per page") @RequestParam(required = false) String size,
                           @ApiParameters.KnownAt("the instant to trace the figure as recorded by; not with version")
                           @RequestParam(required = false) String knownAt,
                           @Parameter(description = "a version of the project (its event's sequence), at most its "
                                   + "current version, e.g. an approval's headSequence; not with knownAt",
                                   schema = @Schema(type = "integer", format = "int64", minimum = "0"))
                           @RequestParam(required = false) String version) {
        int pageNumber = Parameters.page(page);
        int pageSize = Parameters.pageSize(size);
        return traces.trace(projectId, traces.figure(indicator, period, municipality, category),
                traces.asRecorded(knownAt, version), pageNumber, pageSize);
    }
}
