package org.kronika.query.trace.web;

import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.trace.Figure;
import org.kronika.query.trace.Trace;
import org.kronika.query.trace.Traces;
import org.kronika.query.web.InvalidParameter;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.Parameters;
import org.springframework.stereotype.Component;

/** Traces of the projects the caller may see, for the API and the dashboards alike. */
@Component
public class VisibleTraces {

    private final VisibleProjects projects;
    private final Programme programme;

    public VisibleTraces(VisibleProjects projects, Programme programme) {
        this.projects = projects;
        this.programme = programme;
    }

    public Trace trace(String projectId, Figure figure) {
        Generation live = projects.live();
        ProjectSummary summary = projects.summary(live, projectId);
        if (figure.indicatorId() != null && summary.indicator(figure.indicatorId()).isEmpty()) {
            throw new NotFound("Unknown indicator", "Project " + projectId + " has no indicator " + figure.indicatorId());
        }
        // Over the periods the calendar stream defined: a figure may be of any of them, a fiscal year say.
        return new Traces(projects.periods(live)).trace(summary, figure, projects.activities(live),
                projects.measurements(live));
    }

    /** A figure from query parameters, each checked as the rest of the API checks its own. */
    public Figure figure(String indicator, String period, String municipality, String category) {
        String periodId = Parameters.text("period", period, 40);
        if (periodId != null) {
            try {
                projects.periods(projects.live()).range(periodId);
            } catch (RuntimeException e) {
                throw new InvalidParameter("period", "must be a reporting period of the programme or outside:YYYY-MM");
            }
        }
        try {
            return new Figure(Parameters.text("indicator", indicator, 100), periodId, place(municipality),
                    Parameters.text("category", category, 100));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("category", e.getMessage());
        }
    }

    /** A municipality as the read models name it: canonical, or {@code (none)} for national level. */
    public String place(String municipality) {
        String name = Parameters.text("municipality", municipality, 100);
        if (name == null || name.equals(IndicatorProgress.NATIONAL)) {
            return name;
        }
        return programme.municipality(name).map(Programme.Municipality::name).orElseThrow(() ->
                new InvalidParameter("municipality", "must be a municipality of the programme or (none)"));
    }
}
