package org.kronika.query.iati;

import org.kronika.query.activity.Activities;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.replay.Moment;
import org.kronika.query.replay.ProjectReplay;
import org.kronika.query.replay.ReplayPermits;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

/**
 * A project's IATI activity at a moment: its summary replayed exactly as the project view replays it, so the file
 * as of a date says what the view as of that date says, and its facts as known then. Reads every activity and
 * measurement of the project once: fine for an export, never on a dashboard's path.
 */
public final class IatiExport {

    private final IatiMapping mapping;
    private final ProjectReplay replay;
    private final ZoneId zone;

    public IatiExport(IatiMapping mapping, Programme programme, ReplayPermits permits) {
        this.mapping = mapping;
        this.zone = programme.timeZone();
        this.replay = new ProjectReplay(programme.periods(), zone, permits);
    }

    /**
     * Empty when nothing of the project had been recorded by the moment's instant.
     *
     * @param periods the programme's calendar as its stream defined it so far
     */
    public Optional<IatiActivity> activity(ProjectSummary current, Moment moment, LocalDate today,
                                           ReportingPeriods periods, ProjectHistory history, Activities activities,
                                           Measurements measurements) {
        return replay.replayed(current, moment.asOf(), moment.knownAt(), history, activities, measurements,
                then -> mapping.over(periods).activity(then.summary(), then.facts(), moment.day(today, zone)));
    }
}
