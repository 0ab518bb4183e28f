package org.kronika.query.project;

import org.kronika.query.indicator.IndicatorView;
import org.kronika.query.tally.PeriodView;
import org.kronika.query.tally.TallyView;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A project as dashboards and auditors read it: its registration details, logframe with each indicator's
 * progress, and totals broken down by type, participant category, municipality and reporting period.
 *
 * @param version   the sequence of the last event applied
 * @param status    closed from the project's closure until a reopening; otherwise planned, active or ended: the
 *                  project's period against today, or against the day a replay speaks for (the earliest of asOf,
 *                  the day of knownAt and today), as its IATI file's status ({@link ProjectStatus})
 * @param closure   the closure standing (null while the project is open): when, by whom, why, its final reports
 * @param progress  0 to 100: the mean of each indicator's percent of target, capped to 0 to 100 %, see
 *                  {@link ProjectSummary#progress}
 * @param asOf      set when replayed as of a date: only what had happened by then, as known today
 * @param knownAt   set when replayed as known at an instant: only what had been recorded by then
 */
public record ProjectView(String projectId, long version, Instant lastRecordedAt, String organisationId,
                          String organisation, boolean organisationInvented, String title, String summary,
                          String generalGoal, List<String> specificObjectives, List<String> targetGroups,
                          List<String> municipalities, LocalDate startDate, LocalDate endDate, String status,
                          Closed closure, Instant registeredAt, Double progress, LocalDate lastActivityOn, Totals totals,
                          List<IndicatorView> indicators, List<PlannedActivity> plannedActivities,
                          List<Amendment> amendments, LocalDate asOf, Instant knownAt) {

    /**
     * @param activities     activities that count (recorded, not retracted)
     * @param corrected      activities corrected at least once
     * @param byMunicipality what happened where; {@code (none)} is national level
     * @param byPeriod       one point per reporting period
     */
    public record Totals(long activities, long recorded, long corrected, long retracted, long measurements,
                         TallyView.ParticipantsView participants, java.util.SortedMap<String, TallyView.TypeView> byType,
                         List<PlaceTotals> byMunicipality, List<PeriodView> byPeriod) {
    }

    /**
     * The project's standing closure.
     *
     * @param sequence  the closure's place in the history
     * @param at        when it was recorded
     * @param by        who closed it; null for partners, who do not see who did what
     * @param endDate   the project's last day as it stood when closed
     * @param periodIds its final reports, in the order of their start
     * @param comment   the officer's note, or null
     */
    public record Closed(long sequence, Instant at, By by, LocalDate endDate, List<String> periodIds,
                         String comment) {

        static Closed of(Closure closure, boolean actors) {
            if (closure == null) {
                return null;
            }
            // Events published before actors were recorded name no one.
            boolean named = actors && closure.by() != null && closure.by().subject() != null;
            return new Closed(closure.sequence(), closure.at(), named ? new By(closure.by().subject(),
                    closure.by().role(), closure.by().organisation()) : null, closure.endDate(), closure.periodIds(),
                    closure.comment());
        }
    }

    /** Who, as the event's headers name them. */
    public record By(String subject, String role, String organisation) {
    }

    public record PlaceTotals(String municipality, long activities, long participants) {
    }
}
