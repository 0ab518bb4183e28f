package org.kronika.query.trace.web;

import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.trace.Figure;
import org.kronika.query.trace.PagedTrace;
import org.kronika.query.trace.Traces;
import org.kronika.query.web.InvalidParameter;
import org.kronika.query.web.Parameters;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Traces of the projects the caller may see, for the API and the dashboards alike. */
@Component
public class VisibleTraces {

    private final VisibleProjects projects;
    private final Programme programme;

    public VisibleTraces(VisibleProjects projects, Programme programme) {
        this.projects = projects;
        this.programme = programme;
    }

    /** One page of the figure's facts, {@code size} a page, with its totals over every page. */
    public PagedTrace trace(String projectId, Figure figure, int page, int size) {
        Generation live = projects.live();
        ProjectSummary summary = projects.summary(live, projectId);
        if (figure.indicatorId() != null) {
            var indicator = projects.indicator(summary, figure.indicatorId());
            if (figure.category() != null && !"type".equals(figure.dimension())
                    && !indicator.definition().countsParticipants()) {
                // Its progress has no such breakdown: the women of its activities are no share of kits or sessions.
                throw new InvalidParameter("category", "indicator " + figure.indicatorId() + " counts "
                        + indicator.definition().counts() + ", not participants, so it has no breakdown by "
                        + figure.dimension() + "; leave out category, or trace the project's participants without "
                        + "indicator");
            }
        }
        // Over the periods the calendar stream defined: a figure may be of any of them, a fiscal year say.
        return new Traces(projects.periods(live)).trace(summary, figure, projects.activities(live),
                projects.measurements(live), page, size);
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
        Figure figure;
        try {
            figure = new Figure(Parameters.text("indicator", indicator, 100), periodId, place(municipality),
                    Parameters.text("category", category, 100));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameter("category", e.getMessage());
        }
        if (figure.category() != null && !values(figure.dimension()).contains(figure.categoryValue())) {
            // A value no breakdown holds would trace nothing, and an empty trace reads as "none counted".
            throw new InvalidParameter("category", "'" + figure.category() + "' is not a category of the programme: "
                    + figure.dimension() + ": takes one of " + values(figure.dimension()));
        }
        return figure;
    }

    /** The values a breakdown may name: the programme's closed lists with what they leave out, the contract's types. */
    private List<String> values(String dimension) {
        if ("type".equals(dimension)) {
            return EventTypes.activityTypes().stream().map(EventType::name).toList();
        }
        List<String> values = new ArrayList<>(switch (dimension) {
            case "sex" -> programme.sexCategories();
            case "ageBand" -> programme.ageBands();
            default -> programme.communities();
        });
        values.add(Figure.UNSPECIFIED);
        return values;
    }

    /** A municipality as the read models name it: canonical, or {@code (none)} for national level. */
    public String place(String municipality) {
        String name = Parameters.text("municipality", municipality, 100);
        if (IndicatorProgress.NATIONAL.equals(name)) {
            return name;
        }
        return Parameters.municipality("municipality", name, programme,
                "must be a municipality of the programme or (none)");
    }
}
