package org.kronika.query.trace.web;

import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.replay.ProjectReplay;
import org.kronika.query.replay.ReplayPermits;
import org.kronika.query.trace.AsRecorded;
import org.kronika.query.trace.Figure;
import org.kronika.query.trace.PagedTrace;
import org.kronika.query.trace.Traces;
import org.kronika.query.web.CommandTextLimits;
import org.kronika.query.web.InvalidParameter;
import org.kronika.query.web.NotFound;
import org.kronika.query.web.Parameters;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Traces of the projects the caller may see, for the API and the dashboards alike. */
@Component
public class VisibleTraces {

    /** The longest indicator id, period and category a figure's parameters take. */
    public static final int INDICATOR_ID = 100;
    /** A period id as the command side takes it (1-64 characters), or {@code outside:YYYY-MM}. */
    public static final int PERIOD = 64;
    public static final int CATEGORY = 100;
    /**
     * The most stored facts a page of a figure of all time at a past moment reads from its months, as they stood
     * then; past them it is replayed from every fact under a permit.
     */
    public static final int PAGE_READS_AT_MOST = 10_000;

    private final VisibleProjects projects;
    private final Programme programme;
    private final ProjectReplay replay;
    private final java.time.Clock clock;

    public VisibleTraces(VisibleProjects projects, Programme programme, ReplayPermits permits,
                         java.time.Clock clock) {
        this.clock = clock;
        this.projects = projects;
        this.programme = programme;
        this.replay = new ProjectReplay(programme.periods(), programme.timeZone(), permits);
    }

    /** One page of the figure's facts as they stand now, {@code size} a page, with its totals over every page. */
    public PagedTrace trace(String projectId, Figure figure, int page, int size) {
        return trace(projectId, figure, AsRecorded.NOW, page, size);
    }

    /**
     * One page of the figure's facts as they stood at {@code at}, {@code size} a page, with its totals over every
     * page. At a past moment, a figure of a period (as an approved report's are) is traced from the facts the
     * period's days ever held, each as it stood then, under the definitions of then: it costs what the period holds,
     * whatever the project's history. A figure of all time takes its totals from the project as known then, taken
     * back or folded forward ({@link ProjectReplay#withoutEveryFact}), and reads the months its page reaches into as
     * they stood then, at most {@value #PAGE_READS_AT_MOST} stored facts of them; past them, for an indicator's figure
     * of a category, which its buckets do not count, and where the project as known then is replayed from every
     * fact, it is replayed from every fact under a permit. A moment after which nothing was recorded (its current
     * version, an instant from its last event on) costs a page, as now does, and is read as now is: while a batch is
     * being written, facts first, a page may show a fact as the next event left it before the summary counts that
     * event (docs/operations.md).
     */
    public PagedTrace trace(String projectId, Figure figure, AsRecorded at, int page, int size) {
        Generation live = projects.live();
        ProjectSummary current = projects.summary(live, projectId);
        // Over the periods the calendar stream defined: a figure may be of any of them, a fiscal year say.
        Traces traces = new Traces(projects.periods(live));
        if (at.standsNow(current)) {
            // Nothing recorded since: the facts as they stand, a page of them read, answer for the moment asked for.
            checkCategory(current, figure);
            return traces.trace(current, figure, projects.activities(live), projects.measurements(live), page, size)
                    .knownAt(at.knownAt());
        }
        ProjectReplay.Head head;
        if (at.version() != null) {
            if (at.version() > current.version()) {
                throw new InvalidParameter("version", "must be a version of project " + projectId + ", at most "
                        + current.version());
            }
            Instant recordedAt = projects.history(live).range(projectId, at.version(), 1).stream().findFirst()
                    .map(HistoryEntry::recordedAt).orElse(null);
            head = new ProjectReplay.Head(at.version(), recordedAt);
        } else {
            head = replay.head(current, at.knownAt(), projects.history(live)).orElseThrow(() -> new NotFound(
                    "Unknown project", "Nothing of project " + projectId + " had been recorded by " + at.knownAt()));
        }
        // A period's figure, as an approved report's are, from what its days held then.
        ProjectReplay.Replayed then;
        if (figure.period() != null) {
            Programme.Period days = projects.periods(live).range(figure.period());
            then = replay.inDays(current, head, days.start(), days.end(), figure.indicatorId(),
                    projects.activities(live), projects.measurements(live));
        } else {
            // One of all time from the project as known then, and the months its page reaches into as they stood,
            // within a bound. The figure is judged by the project as known then before any replay.
            Optional<ProjectSummary> known = replay.withoutEveryFact(current, head, projects.history(live),
                    projects.activities(live), projects.measurements(live), projects.summaries(live));
            known.ifPresent(knownThen -> checkCategory(knownThen, figure));
            Optional<PagedTrace> paged = known.filter(knownThen -> Traces.countsByMonth(figure)).flatMap(knownThen ->
                    replay.readingDaysAsTheyStood(knownThen, PAGE_READS_AT_MOST, projects.activities(live),
                            projects.measurements(live), days -> traces.trace(knownThen, figure, days, page, size)));
            if (paged.isPresent()) {
                return paged.get().knownAt(at.knownAt());
            }
            then = replay.atVersion(current, head.version(), head.recordedAt(), projects.activities(live),
                    projects.measurements(live));
        }
        checkCategory(then.summary(), figure);
        return PagedTrace.of(traces.trace(then.summary(), figure, then.facts().activities(),
                then.facts().measurements()), page, size).knownAt(at.knownAt());
    }

    private void checkCategory(ProjectSummary summary, Figure figure) {
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
    }

    /** Which facts a trace is of, from query parameters: now, as known at an instant, or at a project's version. */
    public AsRecorded asRecorded(String knownAt, String version) {
        if (knownAt != null && version != null) {
            throw new InvalidParameter("version", "give knownAt or version, not both: an approval's head is a "
                    + "version, a day's end an instant");
        }
        return new AsRecorded(Parameters.knownAt(knownAt, clock),
                version == null ? null : Parameters.number("version", version, 0, Long.MAX_VALUE));
    }

    /** A figure from query parameters, each checked as the rest of the API checks its own. */
    public Figure figure(String indicator, String period, String municipality, String category) {
        String periodId = Parameters.text("period", period, PERIOD);
        if (periodId != null) {
            // Read outside the check: read models not built yet, or a store that does not answer, are a 503, not a
            // period at fault.
            var periods = projects.periods(projects.live());
            try {
                periods.range(periodId);
            } catch (IllegalArgumentException | java.time.DateTimeException e) {
                throw new InvalidParameter("period", "must be a reporting period of the programme or outside:YYYY-MM");
            }
        }
        Figure figure;
        try {
            figure = new Figure(Parameters.text("indicator", indicator, INDICATOR_ID), periodId, place(municipality),
                    Parameters.text("category", category, CATEGORY));
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
        String name = Parameters.text("municipality", municipality, CommandTextLimits.MUNICIPALITY_NAME);
        if (IndicatorProgress.NATIONAL.equals(name)) {
            return name;
        }
        return Parameters.municipality("municipality", name, programme,
                "must be a municipality of the programme or (none)");
    }
}
