package org.kronika.query.report;

import org.kronika.query.calendar.DefinedPeriod;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How many of each project's reports are overdue on a day, as the programme's list of overdue reports finds them
 * ({@link PeriodReportViews#statuses}, {@link PeriodStatus#overdueOn}), counted for a few projects at once: what the
 * portfolio's ranking and a municipality's projects show beside each. It changes with the day, so it is never stored:
 * it is read from the projects' reports, of which a project has at most one per period, so a count costs the same
 * however long a project's history.
 */
public final class OverdueReports {

    /**
     * A project as its reports are owed: one for every period its days overlap, while it is open ({@code closed}:
     * from its closure until a reopening).
     */
    public record Owing(String projectId, LocalDate startDate, LocalDate endDate, boolean closed) {
    }

    /** Projects whose reports one read asks for: a municipality's hundreds are read in a few requests of this size. */
    private static final int PROJECTS_PER_READ = 100;

    private final List<DefinedPeriod> calendar;
    private final Function<Collection<String>, Map<String, PeriodReport>> reportsOf;

    /**
     * @param calendar  every period of the programme, the file's quarters standing in for those not defined yet
     *                  ({@link org.kronika.query.calendar.ProgrammeCalendar#all})
     * @param reportsOf every report these projects have, by key ({@link PeriodReports#ofProjects})
     */
    public OverdueReports(List<DefinedPeriod> calendar, Function<Collection<String>, Map<String, PeriodReport>> reportsOf) {
        this.calendar = List.copyOf(calendar);
        this.reportsOf = reportsOf;
    }

    public static OverdueReports of(PeriodReports reports, List<DefinedPeriod> calendar) {
        return new OverdueReports(calendar, reports::ofProjects);
    }

    /** By project id, every project asked for (0 for none overdue). */
    public Map<String, Long> count(Collection<Owing> projects, LocalDate today) {
        Map<String, Long> counted = new HashMap<>();
        List<Owing> all = List.copyOf(projects);
        for (int from = 0; from < all.size(); from += PROJECTS_PER_READ) {
            List<Owing> some = all.subList(from, Math.min(all.size(), from + PROJECTS_PER_READ));
            List<String> ids = new ArrayList<>(some.size());
            some.forEach(project -> ids.add(project.projectId()));
            Map<String, PeriodReport> reported = reportsOf.apply(ids);
            for (Owing project : some) {
                counted.put(project.projectId(), PeriodReportViews.statuses(project.projectId(), project.startDate(),
                        project.endDate(), project.closed(), calendar, reported).stream().filter(p -> p.overdueOn(today)).count());
            }
        }
        return counted;
    }
}
