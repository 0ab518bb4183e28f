package org.kronika.query.dashboard;

import org.kronika.query.report.ApprovedBesideNow;
import org.kronika.query.trace.AsRecorded;
import org.kronika.query.trace.Figure;

/**
 * Where each figure of a period report's table is traced: as an approval saw it, from the facts the history up to
 * its head left, or as it stands today. So a reader who sees an approved figure differ from today's can see which
 * activities and measurements made each.
 */
public record ReportTraceLinks(String projectId) {

    /**
     * @param head the approval's head, or {@code null} for the figure today
     */
    public String line(String periodId, ApprovedBesideNow.Line line, Long head) {
        Figure figure = new Figure(line.indicatorId(), periodId, null, null);
        if ("municipality".equals(line.dimension())) {
            figure = figure.withMunicipality(line.category());
        } else if (line.dimension() != null) {
            figure = figure.withCategory(line.dimension(), line.category());
        }
        return TraceLinks.project(projectId, figure, new AsRecorded(null, head));
    }

    /** The period's activities and participants. */
    public String totals(String periodId, Long head) {
        return TraceLinks.project(projectId, Figure.whole().withPeriod(periodId), new AsRecorded(null, head));
    }
}
