package org.kronika.query.project;

import org.kronika.query.indicator.Bucket;
import org.kronika.query.tally.Counts;
import org.kronika.query.tally.PeriodTallies;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Everything known about one project that has a bounded size: its registration details and their amendments, its
 * logframe (indicators with their progress, planned activities), counts of what it recorded, and its tallies of
 * activities and participants per period and municipality. The activities, measurements and history themselves
 * live one document each in their own collections, so this never grows with the project's history.
 *
 * @param version        the sequence of the last event applied ({@code -1} before the first); what makes every
 *                       write idempotent
 * @param totals         every activity that counts, per reporting period
 * @param byMunicipality the same per municipality ({@code (none)} for national-level activities)
 * @param lastActivities the few activities that happened last (by day, then by when they were first recorded)
 * @param closures       every closure of the project, in order, each with the reopening that ended it if one did:
 *                       the last is standing while it has none ({@link #closure})
 * @param reports        by period id, the status the reporting workflow left the period's report in (open again once
 *                       reopened), from the period events themselves: what the programme's count of reports in each
 *                       status adds up. Kept in the summary, not read from the reports, so that it moves exactly when
 *                       the summary's version does: a report is written before its summary, and a stop in between
 *                       would otherwise leave a status change that applying the events again no longer sees. A
 *                       project has one report per period at most, so this is bounded by its dates.
 */
public record ProjectSummary(String projectId, long version, Instant lastRecordedAt, ProjectDetails details,
                             List<Amendment> amendments, List<Indicator> indicators,
                             List<PlannedActivity> plannedActivities, ActivityCounts counts, PeriodTallies totals,
                             SortedMap<String, PeriodTallies> byMunicipality, LastActivities lastActivities,
                             List<Closure> closures, SortedMap<String, String> reports) {

    public ProjectSummary {
        amendments = List.copyOf(amendments);
        indicators = List.copyOf(indicators);
        plannedActivities = List.copyOf(plannedActivities);
        byMunicipality = Counts.owned(byMunicipality);
        lastActivities = lastActivities == null ? LastActivities.NONE : lastActivities;
        // Summaries stored before projects were closed have none.
        closures = closures == null ? List.of() : List.copyOf(closures);
        reports = Counts.owned(reports);
    }

    /** The closure standing: the project is closed from it until a reopening; null while the project is open. */
    public Closure closure() {
        Closure last = closures.isEmpty() ? null : closures.get(closures.size() - 1);
        return last != null && last.standing() ? last : null;
    }

    /**
     * The project as it was at the end of {@code until} as far as its closures go: one recorded later did not count
     * yet, nor did a reopening recorded later. What a replay as of a date shows.
     */
    public ProjectSummary closedBy(Instant until) {
        return withClosures(closuresAsOf(version, until));
    }

    private List<Closure> closuresAsOf(long at, Instant until) {
        return closures.stream().map(c -> c.asOf(at, until)).filter(java.util.Objects::nonNull).toList();
    }

    /** The same project with the period's report in {@code status}, as the event that moved it left it. */
    public ProjectSummary withReportStatus(String periodId, String status) {
        if (status.equals(reports.get(periodId))) {
            return this;
        }
        java.util.TreeMap<String, String> changed = new java.util.TreeMap<>(reports);
        changed.put(periodId, status);
        return new ProjectSummary(projectId, version, lastRecordedAt, details, amendments, indicators,
                plannedActivities, counts, totals, byMunicipality, lastActivities, closures, changed);
    }

    /** The activity that happened last (by day, then by when it was first recorded); null if none stands. */
    public Bucket.Latest lastActivity() {
        return lastActivities.last();
    }

    /** Before the first event: version -1, so the project's event 0 is the next one. */
    public static ProjectSummary empty(String projectId) {
        return new ProjectSummary(projectId, -1, null, null, List.of(), List.of(), List.of(), ActivityCounts.NONE,
                PeriodTallies.EMPTY, Collections.emptySortedMap(), LastActivities.NONE, List.of(),
                Collections.emptySortedMap());
    }

    public boolean isRegistered() {
        return details != null;
    }

    public String organisationId() {
        return details == null ? null : details.organisationId();
    }

    /**
     * Where the project works, as every count of projects per municipality and the list's municipality filter take
     * it: the municipalities it is registered in, and any other it has activity in (one an amendment dropped after
     * activities were recorded there). A place whose activities were all retracted or moved away no longer counts.
     */
    public List<String> places() {
        java.util.TreeSet<String> places = new java.util.TreeSet<>(details.municipalities());
        byMunicipality.keySet().stream().filter(p -> !org.kronika.query.indicator.IndicatorProgress.NATIONAL.equals(p))
                .forEach(places::add);
        return List.copyOf(places);
    }

    public Optional<Indicator> indicator(String indicatorId) {
        return indicators.stream().filter(i -> i.indicatorId().equals(indicatorId)).findFirst();
    }

    /**
     * Progress against targets, 0 to 100: the mean over indicators with a percent of target
     * ({@link org.kronika.query.indicator.IndicatorDefinition#shareOfGoal}) of how much of it has been achieved, each
     * capped to 0 to 100 %; {@code null} for a project without such an indicator. An ascending indicator counts
     * with a positive target, a descending one (a reduction) once something was measured.
     */
    public Double progress(IndicatorValues values) {
        double sum = 0;
        int counted = 0;
        for (Indicator indicator : indicators) {
            var definition = indicator.definition();
            Double share = definition.shareOfGoal(definition.target(), values.achieved(indicator),
                    values.contributions(indicator));
            if (share != null) {
                sum += Math.min(1.0, Math.max(0, share));
                counted++;
            }
        }
        return counted == 0 ? null : Math.round(sum / counted * 1000) / 10.0;
    }

    /**
     * Roughly how many bytes it takes in memory: about a hundred per figure it holds (a sorted map's entry, its
     * key and its value), measured on summaries of 100 and 10,000 events, and again with the compact maps
     * ({@link org.kronika.query.tally.FrozenMap}) on summaries read back from the store: 102 to 122. Bounded by
     * the project's months, places and indicators, never by its events; caches are bounded by it.
     */
    public long weight() {
        long figures = totals.figures() + lastActivities.latest().size() + amendments.size() * 10L
                + plannedActivities.size() * 5L;
        for (Closure closure : closures) {
            figures += 10 + closure.periodIds().size();
        }
        figures += reports.size();
        for (ActivityCounts.Month month : counts.byPeriod().values()) {
            figures += 3 + month.implemented().size();
        }
        for (PeriodTallies place : byMunicipality.values()) {
            figures += place.figures();
        }
        for (Indicator indicator : indicators) {
            figures += 10 + indicator.definitions().size() * 10L + indicator.progress().figures();
        }
        return 1_000 + figures * BYTES_PER_FIGURE;
    }

    static final long BYTES_PER_FIGURE = 100;

    /** How an indicator's achieved value is read; a seam so replays can read theirs. */
    @FunctionalInterface
    public interface IndicatorValues {
        double achieved(Indicator indicator);

        /** How many contributions the achieved value is made of: none, and a reduction has no progress yet. */
        default long contributions(Indicator indicator) {
            return indicator.progress().overall().count();
        }

        IndicatorValues CURRENT = i -> i.progress().overall().value(i.definition().aggregation()).doubleValue();
    }

    /**
     * The project as defined once the event at {@code at} had been applied, with nothing recorded yet: its details
     * and logframe then, every count and tally zero, no report moved. A replay adds the activities and measurements
     * known then; no one reads a replay's reports, which come from the project's period reports.
     */
    public ProjectSummary logframeAt(long at, Instant recordedAtThen) {
        ProjectDetails detailsThen = details;
        List<Amendment> amendmentsThen = new java.util.ArrayList<>();
        for (int i = amendments.size() - 1; i >= 0; i--) {
            if (amendments.get(i).sequence() > at) {
                detailsThen = detailsThen.before(amendments.get(i));
            }
        }
        for (Amendment amendment : amendments) {
            if (amendment.sequence() <= at) {
                amendmentsThen.add(amendment);
            }
        }
        List<Indicator> indicatorsThen = new java.util.ArrayList<>();
        for (Indicator indicator : indicators) {
            if (indicator.definitionAsOf(at) != null) {
                indicatorsThen.add(new Indicator(indicator.definitionAsOf(at), indicator.definitions().stream()
                        .filter(d -> d.sequence() <= at).toList(),
                        org.kronika.query.indicator.IndicatorProgress.EMPTY));
            }
        }
        List<PlannedActivity> plannedThen = plannedActivities.stream().filter(p -> p.sequence() <= at)
                .map(p -> p.implemented(-p.implemented())).toList();
        return new ProjectSummary(projectId, at, recordedAtThen, detailsThen, amendmentsThen, indicatorsThen,
                plannedThen, ActivityCounts.NONE, PeriodTallies.EMPTY, Collections.emptySortedMap(),
                LastActivities.NONE, closuresAsOf(at, null), Collections.emptySortedMap());
    }

    /**
     * The project as defined once the event at {@code at} had been applied ({@link #logframeAt}) with the figures of
     * {@code figures}: the counts and tallies, each indicator's progress and each planned activity's implementations,
     * once the facts recorded, corrected and retracted after it were taken back from this summary's (a redefinition
     * changes none of them). Its last activities are the latest of those that stood then, as many as taking back
     * left kept (one at least while any stood).
     */
    public ProjectSummary figuresAt(long at, Instant recordedAtThen, ProjectSummary figures) {
        ProjectSummary then = logframeAt(at, recordedAtThen);
        List<Indicator> indicatorsThen = then.indicators.stream().map(i -> i.withProgress(figures.indicator(
                i.indicatorId()).orElseThrow().progress())).toList();
        java.util.Map<String, Long> implemented = new java.util.HashMap<>();
        figures.plannedActivities.forEach(p -> implemented.put(p.plannedActivityId(), p.implemented()));
        List<PlannedActivity> plannedThen = then.plannedActivities.stream()
                .map(p -> p.implemented(implemented.get(p.plannedActivityId()))).toList();
        return new ProjectSummary(projectId, at, recordedAtThen, then.details, then.amendments, indicatorsThen,
                plannedThen, figures.counts, figures.totals, figures.byMunicipality, figures.lastActivities,
                then.closures, then.reports);
    }

    /**
     * The project with only the figures of the months before {@code month} ({@code 2024-07}), from its buckets:
     * what a replay as of a day of that month starts from before it adds the month's own facts. Its counts, its
     * planned activities' implementations and its indicators' figures are those months' own; its last activities
     * none: {@link org.kronika.query.replay.ProjectReplay} sets them itself.
     */
    public ProjectSummary monthsBefore(String month) {
        PeriodTallies totalsBefore = totals.before(month);
        SortedMap<String, PeriodTallies> placesBefore = new java.util.TreeMap<>();
        byMunicipality.forEach((place, tallies) -> {
            PeriodTallies there = tallies.before(month);
            if (!there.isEmpty()) {
                placesBefore.put(place, there);
            }
        });
        long measured = 0;
        List<Indicator> indicatorsBefore = new java.util.ArrayList<>();
        for (Indicator indicator : indicators) {
            var progress = indicator.progress().before(month, indicator.definition());
            measured += progress.overall().measurements();
            indicatorsBefore.add(indicator.withProgress(progress));
        }
        ActivityCounts countsBefore = counts.monthsBefore(month, totalsBefore.total().activities(), measured);
        SortedMap<String, Long> implemented = countsBefore.allMonths().implemented();
        List<PlannedActivity> plannedBefore = plannedActivities.stream()
                .map(p -> p.implemented(implemented.getOrDefault(p.plannedActivityId(), 0L) - p.implemented()))
                .toList();
        return new ProjectSummary(projectId, version, lastRecordedAt, details, amendments, indicatorsBefore,
                plannedBefore, countsBefore, totalsBefore, placesBefore, LastActivities.NONE, closures, reports);
    }

    /** The same project with {@code last} as the activities that happened last. */
    public ProjectSummary withLastActivities(LastActivities last) {
        return withActivities(counts, totals, byMunicipality, last);
    }

    ProjectSummary with(ProjectDetails changedDetails, List<Amendment> changedAmendments) {
        return new ProjectSummary(projectId, version, lastRecordedAt, changedDetails, changedAmendments, indicators,
                plannedActivities, counts, totals, byMunicipality, lastActivities, closures, reports);
    }

    ProjectSummary withIndicators(List<Indicator> changed) {
        return new ProjectSummary(projectId, version, lastRecordedAt, details, amendments, changed, plannedActivities,
                counts, totals, byMunicipality, lastActivities, closures, reports);
    }

    ProjectSummary withPlanned(List<PlannedActivity> changed) {
        return new ProjectSummary(projectId, version, lastRecordedAt, details, amendments, indicators, changed,
                counts, totals, byMunicipality, lastActivities, closures, reports);
    }

    ProjectSummary withActivities(ActivityCounts changedCounts, PeriodTallies changedTotals,
                                  SortedMap<String, PeriodTallies> changedPlaces, LastActivities changedLast) {
        return new ProjectSummary(projectId, version, lastRecordedAt, details, amendments, indicators,
                plannedActivities, changedCounts, changedTotals, changedPlaces, changedLast, closures, reports);
    }

    ProjectSummary withCounts(ActivityCounts changedCounts) {
        return new ProjectSummary(projectId, version, lastRecordedAt, details, amendments, indicators,
                plannedActivities, changedCounts, totals, byMunicipality, lastActivities, closures, reports);
    }

    ProjectSummary withClosures(List<Closure> changed) {
        return new ProjectSummary(projectId, version, lastRecordedAt, details, amendments, indicators,
                plannedActivities, counts, totals, byMunicipality, lastActivities, changed, reports);
    }

    ProjectSummary at(long sequence, Instant recordedAt) {
        return new ProjectSummary(projectId, sequence, recordedAt, details, amendments, indicators,
                plannedActivities, counts, totals, byMunicipality, lastActivities, closures, reports);
    }
}
