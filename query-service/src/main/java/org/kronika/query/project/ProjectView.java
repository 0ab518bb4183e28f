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
 * @param status    planned, active or ended: the project's period against today, or against the day a replay
 *                  speaks for (the earliest of asOf, the day of knownAt and today), as its IATI file's status
 * @param progress  0 to 100: the mean of each indicator's percent of target, capped to 0 to 100 %, see
 *                  {@link ProjectSummary#progress}
 * @param asOf      set when replayed as of a date: only what had happened by then, as known today
 * @param knownAt   set when replayed as known at an instant: only what had been recorded by then
 */
public record ProjectView(String projectId, long version, Instant lastRecordedAt, String organisationId,
                          String organisation, boolean organisationInvented, String title, String summary,
                          String generalGoal, List<String> specificObjectives, List<String> targetGroups,
                          List<String> municipalities, LocalDate startDate, LocalDate endDate, String status,
                          Instant registeredAt, Double progress, LocalDate lastActivityOn, Totals totals,
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

    public record PlaceTotals(String municipality, long activities, long participants) {
    }
}
