package org.kronika.query.replay;

import org.kronika.events.KronikaEvent;
import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityChange;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.activity.ActivityProjection;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.indicator.Bucket;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.MeasurementChange;
import org.kronika.query.measurement.MeasurementProjection;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.ActivityCounts;
import org.kronika.query.project.FactChanges;
import org.kronika.query.project.Indicator;
import org.kronika.query.project.KnownFacts;
import org.kronika.query.project.LastActivities;
import org.kronika.query.project.ProjectFacts;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectSummaryProjection;
import org.kronika.query.project.StoredFacts;
import org.kronika.query.readmodel.Span;
import org.kronika.query.stream.CloudEventDecoder;
import org.kronika.query.stream.InapplicableEvent;
import org.kronika.query.stream.ReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A project's figures at a point in the past, so a figure reported then can be reproduced exactly:
 * <ul>
 * <li>as of a date: what had happened by then, as known today (corrections that move an activity's date,
 * municipality or indicators count with their corrected facts);</li>
 * <li>as known at an instant: what had been recorded by then, each activity as stated then.</li>
 * </ul>
 * Both are computed from the project's activities and measurements, each read once with its statements, through
 * the same folding code as the live summary; no event of the history is replayed. Known at an instant from the
 * project's last event on, it is what it is now, and answered as now is; before it, what changed since is taken back
 * from now ({@link #takenBack}) when few enough events came since; known long before it, the project is folded
 * forward from its summary as kept before that moment ({@link #foldedForward}). As of a date too, it is answered
 * from the buckets so taken back or folded forward and that date's month as it stood then (long before the last
 * event, read through the indexes on every statement's day: {@link DaysKnownThen}). When nothing the project
 * recorded happened after the date, the live summary is the answer; as of a date alone, the summary's monthly
 * buckets and counts and the facts of the date's month are ({@link #fromBuckets}), whatever the project's history.
 * A closure counts from when it was recorded: a
 * replay to a version or an instant before it, or as of a day before the day it was recorded, shows the project
 * open, and one before a reopening shows it closed.
 */
public final class ProjectReplay {

    private static final Logger log = LoggerFactory.getLogger(ProjectReplay.class);

    private final ProjectSummaryProjection fold;
    private final ReportingPeriods periods;
    private final ZoneId zone;
    private final ReplayPermits permits;

    /**
     * A replay that folds as the live summary does, over the programme's periods.
     *
     * @param zone    where the programme's days begin: a closure recorded on the day asked for counts, one of the day
     *                after does not
     * @param permits how many replays of every fact run at once; a replay from the buckets needs none
     */
    public ProjectReplay(ReportingPeriods periods, ZoneId zone, ReplayPermits permits) {
        this.fold = new ProjectSummaryProjection(periods);
        this.periods = periods;
        this.zone = zone;
        this.permits = permits;
    }

    /** With as many replays of every fact at once as asked for: for tests and tools that run one at a time. */
    public ProjectReplay(ReportingPeriods periods, ZoneId zone) {
        this(periods, zone, new ReplayPermits(Integer.MAX_VALUE, java.time.Duration.ZERO));
    }

    /**
     * Empty when the project was not known yet at {@code knownAt}.
     *
     * @param summaries where the project's summary is kept as it stood every
     *                  {@value ProjectSummaries#SNAPSHOT_EVERY} events
     */
    public Optional<ProjectSummary> replay(ProjectSummary current, LocalDate asOf, Instant knownAt,
                                           ProjectHistory history, Activities activities, Measurements measurements,
                                           ProjectSummaries summaries) {
        if (nothingRecordedAfter(current, knownAt)) {
            return asOf == null ? Optional.of(current)
                    : replay(current, asOf, null, history, activities, measurements, summaries);
        }
        if (knownAt == null && asOf != null) {
            if (nothingHappenedAfter(current, asOf)) {
                return Optional.of(closedBy(current, asOf));
            }
            Optional<ProjectSummary> fromBuckets = fromBuckets(current, asOf,
                    new StoredDays(current, activities, measurements));
            if (fromBuckets.isPresent()) {
                return fromBuckets;
            }
        }
        return head(current, knownAt, history).map(head -> {
            // Without an instant there is nothing to take back: as of a day alone, only a day past what the buckets
            // order comes here.
            Optional<ProjectSummary> withoutEveryFact = Optional.empty();
            if (knownAt != null && asOf == null) {
                withoutEveryFact = withoutEveryFact(current, head, history, activities, measurements, summaries);
            } else if (knownAt != null) {
                withoutEveryFact = takeBack(current, head.version(), head.recordedAt(), history, activities,
                        measurements, true).flatMap(then -> asOf(then.summary(), asOf, then))
                        .or(() -> foldedForward(current, head.version(), head.recordedAt(), history, activities,
                                measurements, summaries).flatMap(then -> asOf(then, asOf,
                                new DaysKnownThen(then, activities, measurements))));
            }
            return withoutEveryFact.orElseGet(() -> closedBy(replay(current, head, asOf, activities, measurements)
                    .summary(), asOf));
        });
    }

    /**
     * The project as known once the event at {@code head} had been applied, taken back from now
     * ({@link #takenBack}) or folded forward from a kept summary ({@link #foldedForward}): what the replay of every
     * fact known then gives, without it. Empty where neither can; the replay of every fact answers then.
     */
    public Optional<ProjectSummary> withoutEveryFact(ProjectSummary current, Head head, ProjectHistory history,
                                                     Activities activities, Measurements measurements,
                                                     ProjectSummaries summaries) {
        return takenBack(current, head.version(), head.recordedAt(), history, activities, measurements)
                .or(() -> foldedForward(current, head.version(), head.recordedAt(), history, activities,
                        measurements, summaries));
    }

    /**
     * What {@code reading} makes of the facts of any days as they stood once the event at {@code then}'s version had
     * been applied: what those days ever held, each as it stood then ({@link DaysKnownThen}), whatever the project's
     * history, at most one more than {@code factsAtMost} of them read in all. Empty past that: a request that would
     * read more is replayed from every fact under a permit instead, so that a read without one stays bounded.
     *
     * @param then the project as known then
     */
    public <T> Optional<T> readingDaysAsTheyStood(ProjectSummary then, int factsAtMost, Activities activities,
                                                  Measurements measurements, Function<Days, T> reading) {
        try {
            return Optional.of(reading.apply(DaysKnownThen.within(then, new DaysKnownThen.Budget(factsAtMost),
                    activities, measurements)));
        } catch (DaysKnownThen.Spent spent) {
            log.info("Project {} as known at event {}: its days would have read more than {} stored facts; replayed "
                    + "from every fact instead", then.projectId(), then.version(), factsAtMost);
            return Optional.empty();
        }
    }

    /**
     * As of {@code asOf}, the project {@code then} as known at an earlier event: what {@link #fromBuckets} gives as
     * of a day for now, from its buckets and the facts of that day's month as {@code days} has them stand then.
     */
    private Optional<ProjectSummary> asOf(ProjectSummary then, LocalDate asOf, Days days) {
        return nothingHappenedAfter(then, asOf) ? Optional.of(closedBy(then, asOf)) : fromBuckets(then, asOf, days);
    }

    /**
     * The most events after a moment that a replay to it takes back from now; past them, it is folded forward from a
     * kept summary.
     */
    static final int TAKEN_BACK_AT_MOST = 1_000;
    private static final CloudEventDecoder DECODER = new CloudEventDecoder();

    /**
     * The project as known once the event at {@code then} had been applied, taken back from now: each activity and
     * measurement an event after it recorded, corrected or retracted goes back to how it stood then, or away,
     * through the projection's own code, onto the logframe as it was. It reads the history's entries after it and
     * the facts they name, all by key, and for a recount the few an index finds, whatever the project's history:
     * what a moment shortly before the last event costs. A redefinition changes no figure (what an indicator counts
     * and how it aggregates are never redefined), so the figures go onto the definitions of then. Empty when more
     * than {@value #TAKEN_BACK_AT_MOST} events came after it: see {@link #foldedForward}.
     */
    Optional<ProjectSummary> takenBack(ProjectSummary current, long then, Instant recordedAtThen,
                                       ProjectHistory history, Activities activities, Measurements measurements) {
        return takeBack(current, then, recordedAtThen, history, activities, measurements, false)
                .map(TakenBack::summary);
    }

    /** @param forDays whether the days of a month are read from it too ({@link TakenBack#asOf}) */
    private Optional<TakenBack> takeBack(ProjectSummary current, long then, Instant recordedAtThen,
                                         ProjectHistory history, Activities activities, Measurements measurements,
                                         boolean forDays) {
        if (current.version() - then > TAKEN_BACK_AT_MOST) {
            return Optional.empty();
        }
        String projectId = current.projectId();
        Named since = new Named(projectId);
        history.each(projectId, then + 1, current.version(), since::add);
        // And those a batch has written ahead of the summary: their entries are written before them. Taken back
        // already, they differ from then only where an index reads them as they stand in the store, which only the
        // days of a day's month do.
        Named ahead = new Named(projectId);
        for (long after = current.version(); forDays; after += AHEAD_READ) {
            List<HistoryEntry> entries = history.range(projectId, after + 1, AHEAD_READ);
            entries.forEach(ahead::add);
            if (entries.size() < AHEAD_READ) {
                break;
            }
        }
        java.util.Set<String> keys = new java.util.LinkedHashSet<>(since.activityKeys);
        keys.addAll(ahead.activityKeys);
        java.util.Map<String, Activity> loaded = activities.load(keys);
        // In the order their events came, so that a replay gives the same answer each time.
        List<Activity> changed = since.activityKeys.stream().map(loaded::get).filter(java.util.Objects::nonNull)
                .toList();
        java.util.Set<String> ids = new java.util.LinkedHashSet<>(since.measurementIds);
        ids.addAll(ahead.measurementIds);
        List<Measurement> named = ids.isEmpty() ? List.of() : measurements.named(projectId, ids);
        List<Measurement> remeasured = named.stream().filter(m -> since.measurementIds.contains(m.measurementId()))
                .toList();
        StoredFacts factsThen = StoredFacts.at(activities, measurements, projectId, then);
        ProjectSummary figures = current;
        // As the summary has them: the store may hold statements ahead of it, after a restart.
        for (Activity stored : changed) {
            Activity now = stored.asOf(current.version());
            if (now != null) {
                figures = fold.activityChanged(figures, new ActivityChange(now, stored.asOf(then)), factsThen);
            }
        }
        for (Measurement stored : remeasured) {
            Measurement now = stored.asOf(current.version());
            if (now != null) {
                figures = fold.measurementChanged(figures, new MeasurementChange(now, stored.asOf(then)), factsThen);
            }
        }
        return Optional.of(new TakenBack(current.figuresAt(then, recordedAtThen, figures), loaded.values(), named,
                activities, measurements));
    }

    /**
     * The project as known once the event at {@code then} had been applied, folded forward through the events since
     * the summary kept as it stood before it ({@link ProjectSummaries#SNAPSHOTS}; from nothing before the first),
     * exactly as the projection folded them, with each fact as the store has it stated then: at most
     * {@value ProjectSummaries#SNAPSHOT_EVERY} history entries and the facts they name, all read by key, and for
     * an event that asks what is latest once a fact is taken away, the facts of that month (or the months before
     * the latest, for the last activities) as they stood then ({@link DaysKnownThen}), at most one more than
     * {@value #RECOUNTS_READ_AT_MOST} of them, whatever the project's history. What it counts is the same as
     * {@link #takenBack}'s, for a moment too long before the last event to take back. Empty, so that every fact is
     * replayed under a permit, when the summary before it was not kept (a generation projected before snapshots were
     * kept: a rebuild keeps them), when the history lacks an entry, when an event cannot be applied to the kept
     * summary, or when its questions would read more facts than that.
     */
    Optional<ProjectSummary> foldedForward(ProjectSummary current, long then, Instant recordedAtThen,
                                           ProjectHistory history, Activities activities, Measurements measurements,
                                           ProjectSummaries summaries) {
        String projectId = current.projectId();
        long kept = then - then % ProjectSummaries.SNAPSHOT_EVERY;
        Optional<ProjectSummary> start = kept == 0 ? Optional.of(ProjectSummary.empty(projectId))
                : summaries.snapshot(projectId, kept);
        if (start.isEmpty()) {
            return Optional.empty();
        }
        List<ReceivedEvent> since = new ArrayList<>();
        history.each(projectId, start.get().version() + 1, then, entry -> since.add(entry.received().typed(
                DECODER.read(entry.type(), entry.data()))));
        if (since.size() != then - start.get().version()) {
            return Optional.empty();
        }
        Named named = new Named(projectId);
        since.forEach(event -> named.add(event.event()));
        Map<String, Activity> stored = activities.load(named.activityKeys);
        Map<String, Measurement> measured = new HashMap<>();
        if (!named.measurementIds.isEmpty()) {
            measurements.named(projectId, named.measurementIds).forEach(m -> measured.put(m.measurementId(), m));
        }
        ProjectSummary summary = start.get();
        DaysKnownThen.Budget budget = new DaysKnownThen.Budget(RECOUNTS_READ_AT_MOST);
        try {
            for (ReceivedEvent event : since) {
                summary = forward(summary, event, stored, measured, budget, activities, measurements);
            }
        } catch (DaysKnownThen.Spent spent) {
            log.info("Project {} was not folded forward from its summary kept at event {} to event {}: what stood "
                    + "latest or last after the events since would have read more than {} stored facts; replayed "
                    + "from every fact instead", projectId, start.get().version(), then, RECOUNTS_READ_AT_MOST);
            return Optional.empty();
        } catch (InapplicableEvent inapplicable) {
            // The projection applied every event up to the summary, or parked the project before it: a kept summary,
            // a history entry or a fact that disagrees with the others was changed in the store. The replay of every
            // fact does not read them all; say so.
            log.warn("Project {} could not be folded forward from its summary kept at event {} to event {}: {}; "
                    + "replayed from every fact instead", projectId, start.get().version(), then,
                    inapplicable.getMessage());
            return Optional.empty();
        }
        return Optional.of(summary.figuresAt(then, recordedAtThen, summary));
    }

    /**
     * One event applied to {@code summary} as the projection applies it, its fact read from {@code stored}; what is
     * latest once a fact is taken away is read as it stood once the event had been applied ({@link DaysKnownThen}).
     */
    private ProjectSummary forward(ProjectSummary summary, ReceivedEvent event, Map<String, Activity> stored,
                                   Map<String, Measurement> measured, DaysKnownThen.Budget budget,
                                   Activities activities, Measurements measurements) {
        FactChanges changes = FactChanges.of(event, summary,
                activityId -> stored.get(Activities.key(event.projectId(), activityId)), measured::get);
        ProjectFacts then = DaysKnownThen.afterEvent(summary, event.sequence(),
                changes.activity() == null ? null : changes.activity().after(), budget, activities, measurements)
                .facts();
        return fold.apply(summary, event, changes.activity(), changes.measurement(), then);
    }

    /**
     * The most stored facts a fold forward reads to answer what stood latest or last once its events took facts away
     * ({@link DaysKnownThen#facts}), each question a month's facts: ten times the events it folds at most. Past
     * them, the replay of every fact under a permit is taken instead.
     */
    static final int RECOUNTS_READ_AT_MOST = 10 * (int) ProjectSummaries.SNAPSHOT_EVERY;

    /** History entries read at a time past the summary's version. */
    private static final int AHEAD_READ = 100;

    /** The activities and measurements some events concern, as the projections name them. */
    private static final class Named {

        private final String projectId;
        private final java.util.Set<String> activityKeys = new java.util.LinkedHashSet<>();
        private final java.util.Set<String> measurementIds = new java.util.LinkedHashSet<>();

        Named(String projectId) {
            this.projectId = projectId;
        }

        void add(HistoryEntry entry) {
            add(DECODER.read(entry.type(), entry.data()));
        }

        void add(KronikaEvent event) {
            String activityId = ActivityProjection.activityId(event);
            if (activityId != null) {
                activityKeys.add(Activities.key(projectId, activityId));
            }
            String measurementId = MeasurementProjection.measurementId(event);
            if (measurementId != null) {
                measurementIds.add(measurementId);
            }
        }
    }

    /**
     * A project taken back to the event at its summary's version, with the facts recorded, corrected or retracted
     * since (and, when it is read as of a day, any a batch has written ahead of the summary), as the store holds
     * them.
     */
    private final class TakenBack implements Days {

        private final ProjectSummary summary;
        private final java.util.Map<String, Activity> changed = new java.util.HashMap<>();
        private final java.util.Map<String, Measurement> remeasured = new java.util.HashMap<>();
        private final Activities activities;
        private final Measurements measurements;

        TakenBack(ProjectSummary summary, java.util.Collection<Activity> changed, List<Measurement> remeasured,
                  Activities activities, Measurements measurements) {
            this.summary = summary;
            changed.forEach(a -> this.changed.put(a.activityId(), a));
            remeasured.forEach(m -> this.remeasured.put(m.measurementId(), m));
            this.activities = activities;
            this.measurements = measurements;
        }

        ProjectSummary summary() {
            return summary;
        }

        @Override
        public List<Activity> activities(LocalDate from, LocalDate to) {
            return asTheyStood(activities.happened(summary.projectId(), summary.counts().recorded(), from, to),
                    then -> !happened(then).isBefore(from) && !happened(then).isAfter(to));
        }

        @Override
        public List<Measurement> measurements(String indicatorId, LocalDate from, LocalDate to) {
            return asTheyStood(measurements.measured(summary.projectId(), summary.counts().measurements(),
                            indicatorId, from, to), remeasured, Measurement::measurementId,
                    m -> m.asOf(summary.version()), then -> then.indicatorId().equals(indicatorId)
                            && !then.measuredOn().isBefore(from) && !then.measuredOn().isAfter(to),
                    java.util.Comparator.comparing(Measurement::measuredOn).thenComparingLong(Measurement::ordinal));
        }

        /**
         * Reads past as many as changed since that stand before the day in the store, recorded by then: the read may
         * find them, and they may have stood elsewhere then.
         */
        @Override
        public List<Activity> lastBefore(LocalDate day, int limit) {
            long passedOver = changed.values().stream().filter(a -> a.ordinal() < summary.counts().recorded()
                    && !a.isRetracted() && happened(a).isBefore(day)).count();
            List<Activity> found = new java.util.ArrayList<>(asTheyStood(activities.lastOf(new Activities.Standing(
                    summary.projectId(), summary.counts().recorded(), new Span(null, day.minusDays(1), true, null),
                    null, null, null), limit + (int) passedOver), then -> !then.isRetracted()
                    && happened(then).isBefore(day)));
            java.util.Collections.reverse(found);
            return found.subList(0, Math.min(limit, found.size()));
        }

        /** The activities {@code found} as they stood then, in the order they happened: by day, then ordinal. */
        private List<Activity> asTheyStood(List<Activity> found, java.util.function.Predicate<Activity> wanted) {
            return asTheyStood(found, changed, Activity::activityId, a -> a.asOf(summary.version()), wanted,
                    java.util.Comparator.comparing(TakenBack::happened).thenComparingLong(Activity::ordinal));
        }

        /**
         * The stored facts {@code found} as they stood then, those changed since left out of them and taken instead
         * if they were {@code wanted} as they stood then; in {@code order}.
         */
        private static <T> List<T> asTheyStood(List<T> found, java.util.Map<String, T> since,
                                               java.util.function.Function<T, String> id,
                                               java.util.function.UnaryOperator<T> then,
                                               java.util.function.Predicate<T> wanted, java.util.Comparator<T> order) {
            List<T> stood = new java.util.ArrayList<>();
            for (T stored : found) {
                if (!since.containsKey(id.apply(stored))) {
                    stood.add(then.apply(stored));
                }
            }
            for (T changed : since.values()) {
                T asItStood = then.apply(changed);
                if (asItStood != null && wanted.test(asItStood)) {
                    stood.add(asItStood);
                }
            }
            stood.sort(order);
            return stood;
        }

        private static LocalDate happened(Activity activity) {
            return ActivityData.read(activity.type(), activity.current().data()).occurredOn();
        }
    }

    /**
     * What {@code use} makes of the project as {@link #replay} gives it, with the facts it counts, each read once:
     * what a figure of it then is made of (an IATI file, a trace as known at an instant). Empty when the project was
     * not known yet at {@code knownAt}. {@code use} runs within the replay's permit: every fact of the project is in
     * memory until it returns, so the permits bound what the mapping holds too, not only the reading.
     */
    public <T> Optional<T> replayed(ProjectSummary current, LocalDate asOf, Instant knownAt, ProjectHistory history,
                                    Activities activities, Measurements measurements, Function<Replayed, T> use) {
        if (nothingRecordedAfter(current, knownAt)) {
            return replayed(current, asOf, null, history, activities, measurements, use);
        }
        return head(current, knownAt, history).map(head -> permits.during(() -> {
            if (knownAt == null && (asOf == null || nothingHappenedAfter(current, asOf))) {
                return use.apply(new Replayed(closedBy(current, asOf), read(current, current.version(), asOf,
                        activities, measurements)));
            }
            Replayed then = everyFact(current, head, asOf, activities, measurements);
            return use.apply(new Replayed(closedBy(then.summary(), asOf), then.facts()));
        }));
    }

    /**
     * True when every event of the project had been recorded by {@code knownAt} (an event's time is never before the
     * one it follows, which the command service keeps so and the bisect of a history relies on too): what was known
     * then is what is known now, so a project view is its summary (as of a day, from its months) and a trace is a page
     * of its stored facts, as for now, without a replay of every fact. An IATI file, which lists every fact, reads
     * them as today's does.
     */
    public static boolean nothingRecordedAfter(ProjectSummary current, Instant knownAt) {
        return knownAt != null && current.lastRecordedAt() != null && !knownAt.isBefore(current.lastRecordedAt());
    }

    /** The summary with only the closures and reopenings recorded by the end of {@code asOf}, if given. */
    private ProjectSummary closedBy(ProjectSummary summary, LocalDate asOf) {
        return asOf == null ? summary
                : summary.closedBy(asOf.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1));
    }

    /**
     * The project exactly as its history up to {@code version} left it, with the facts it counts: every activity as
     * stated then, every measurement recorded by then. What a report approved at that head showed.
     */
    public Replayed atVersion(ProjectSummary current, long version, Instant recordedAt, Activities activities,
                              Measurements measurements) {
        return replay(current, new Head(version, recordedAt), null, activities, measurements);
    }

    /**
     * A project as replayed, and the facts it was folded from.
     *
     * @param facts each activity and measurement as known at the summary's version (retracted ones included), if it
     *              had happened by the replay's date
     */
    public record Replayed(ProjectSummary summary, KnownFacts facts) {
    }

    /** The event a replay stops after, and when it was recorded. */
    public record Head(long version, Instant recordedAt) {
    }

    /**
     * The project's logframe once the event at {@code head} had been applied, with the facts of the days
     * {@code from} to {@code to} as they stood then: its activities, and the measurements of {@code indicatorId}
     * (none without one). What a trace of a figure of a period, as it stood then, is made of: the figure is counted
     * from those facts and judged by the definitions of then, so the summary has no figures (as
     * {@link ProjectSummary#logframeAt}). It reads what those days ever held ({@link DaysKnownThen}), whatever the
     * project's history, and needs no replay of every fact, however long before the last event.
     */
    public Replayed inDays(ProjectSummary current, Head head, LocalDate from, LocalDate to, String indicatorId,
                           Activities activities, Measurements measurements) {
        ProjectSummary logframe = current.logframeAt(head.version(), head.recordedAt());
        DaysKnownThen days = new DaysKnownThen(logframe, current.counts().recorded(), current.counts().measurements(),
                activities, measurements);
        return new Replayed(logframe, ProjectFacts.of(days.activities(from, to),
                indicatorId == null ? List.of() : days.measurements(indicatorId, from, to)));
    }

    /** The last event recorded by {@code knownAt} (without one, the project's last); empty when none was. */
    public Optional<Head> head(ProjectSummary current, Instant knownAt, ProjectHistory history) {
        if (knownAt == null) {
            return Optional.of(new Head(current.version(), current.lastRecordedAt()));
        }
        return lastRecordedBy(current, knownAt, history).map(last -> new Head(last.sequence(), last.recordedAt()));
    }

    /**
     * The facts of some days as they stand now, retracted ones included: what a replay as of a day reads of its
     * month (and, for its last activities, of a few months before), never the project's whole history.
     */
    public interface Days {

        /** The activities, standing or retracted, that happened from {@code from} to {@code to}, both included. */
        List<Activity> activities(LocalDate from, LocalDate to);

        /**
         * The indicator's measurements, standing or retracted, measured from {@code from} to {@code to}, both
         * included.
         */
        List<Measurement> measurements(String indicatorId, LocalDate from, LocalDate to);

        /** The {@code limit} activities standing that happened last before {@code day}, latest first. */
        List<Activity> lastBefore(LocalDate day, int limit);
    }

    /**
     * The project as of {@code asOf}, as known today, from its buckets: every figure of the months before
     * {@code asOf}'s month as the summary keeps it per month (corrections already applied), and the facts of that
     * month up to {@code asOf} folded on top, so it reads one month's facts whatever the project's history (and
     * the few activities that happened last before it, when the summary does not keep them). Empty only for a day
     * after the year 9999, which no month key orders.
     */
    public Optional<ProjectSummary> fromBuckets(ProjectSummary current, LocalDate asOf, Days days) {
        if (asOf.getYear() > 9999) {
            return Optional.empty();
        }
        YearMonth month = YearMonth.from(asOf);
        String monthKey = month.toString();
        ActivityCounts.Month counted = current.counts().byPeriod().getOrDefault(monthKey, ActivityCounts.Month.NONE);
        ProjectSummary summary = current.monthsBefore(monthKey);
        List<Activity> inMonth = current.totals().byPeriod().containsKey(monthKey) || counted.retracted() > 0
                ? days.activities(month.atDay(1), asOf) : List.of();
        for (Activity activity : inMonth) {
            summary = fold.activityChanged(summary, new ActivityChange(null, activity), ADDING);
        }
        for (Indicator indicator : current.indicators()) {
            var there = indicator.progress().byPeriod().get(monthKey);
            if ((there != null && there.measurements() > 0) || counted.retractedMeasurements() > 0) {
                for (Measurement measurement : days.measurements(indicator.indicatorId(), month.atDay(1), asOf)) {
                    summary = fold.measure(summary, measurement);
                }
            }
        }
        List<Activity> standing = inMonth.stream().filter(a -> !a.isRetracted()).toList();
        return Optional.of(closedBy(summary.withLastActivities(lastActivities(current, monthKey, standing,
                summary.counts().active(), days)), asOf));
    }

    /**
     * The few activities that happened last by {@code asOf}: those of its month and the ones the summary keeps
     * that happened before it, or when those are fewer than it keeps while more stood, as many read from before it.
     */
    private static LastActivities lastActivities(ProjectSummary current, String month, List<Activity> inMonth,
                                                 long standing, Days days) {
        LocalDate first = YearMonth.parse(month).atDay(1);
        List<Bucket.Latest> candidates = new java.util.ArrayList<>();
        inMonth.forEach(a -> candidates.add(LastActivities.marker(ActivityData.facts(a))));
        current.lastActivities().latest().stream().filter(l -> l.on().isBefore(first)).forEach(candidates::add);
        int kept = LastActivities.KEPT;
        if (candidates.size() < Math.min(kept, standing)) {
            days.lastBefore(first, kept).forEach(a -> candidates.add(LastActivities.marker(ActivityData.facts(a))));
        }
        return LastActivities.latestOf(candidates);
    }

    /**
     * Facts for a fold that only adds: it never asks what is latest now, and the last activities it would refill
     * are set after it.
     */
    private static final ProjectFacts ADDING = new ProjectFacts() {
        @Override
        public Contribution latest(IndicatorDefinition indicator, String month, String municipality) {
            throw new IllegalStateException("Only adding, which never needs a recount");
        }

        @Override
        public List<ActivityFacts> lastActivities(int limit) {
            return List.of();
        }
    };

    /** The days read from the store, through the indexes on the activities' and measurements' days. */
    private record StoredDays(ProjectSummary current, Activities activities, Measurements measurements)
            implements Days {

        @Override
        public List<Activity> activities(LocalDate from, LocalDate to) {
            return activities.happened(current.projectId(), current.counts().recorded(), from, to);
        }

        @Override
        public List<Measurement> measurements(String indicatorId, LocalDate from, LocalDate to) {
            return measurements.measured(current.projectId(), current.counts().measurements(), indicatorId, from, to);
        }

        @Override
        public List<Activity> lastBefore(LocalDate day, int limit) {
            return activities.lastOf(new Activities.Standing(current.projectId(), current.counts().recorded(),
                    new Span(null, day.minusDays(1), true, null), null, null, null), limit);
        }
    }

    /**
     * The project as of {@code asOf} as known today by folding every one of {@code facts} that had happened by
     * then: what a replay without buckets gives, and what {@link #fromBuckets} is checked against.
     */
    public ProjectSummary folded(ProjectSummary current, LocalDate asOf, KnownFacts facts) {
        KnownFacts known = known(current.version(), asOf, facts.activities(), facts.measurements());
        return closedBy(fold(current.logframeAt(current.version(), current.lastRecordedAt()), known), asOf);
    }

    private ProjectSummary fold(ProjectSummary start, KnownFacts known) {
        ProjectSummary summary = start;
        for (Activity activity : known.activities()) {
            summary = fold.activityChanged(summary, new ActivityChange(null, activity), ProjectFacts.NONE);
        }
        for (Measurement measurement : known.measurements()) {
            summary = fold.measure(summary, measurement);
        }
        return summary;
    }

    private Replayed replay(ProjectSummary current, Head head, LocalDate asOf, Activities activities,
                            Measurements measurements) {
        return permits.during(() -> everyFact(current, head, asOf, activities, measurements));
    }

    /** Every fact of the project as known at the head, read and folded: within a permit. */
    private Replayed everyFact(ProjectSummary current, Head head, LocalDate asOf, Activities activities,
                               Measurements measurements) {
        KnownFacts known = read(current, head.version(), asOf, activities, measurements);
        return new Replayed(fold(current.logframeAt(head.version(), head.recordedAt()), known), known);
    }

    private static KnownFacts read(ProjectSummary current, long version, LocalDate asOf, Activities activities,
                                   Measurements measurements) {
        return known(version, asOf, activities.all(current.projectId(), current.counts().recorded()),
                measurements.all(current.projectId(), current.counts().measurements()));
    }

    /**
     * The facts a replay counts: each activity and each measurement as known once the event at {@code version} had
     * been applied, if it had happened (was measured) by {@code asOf}.
     */
    private static KnownFacts known(long version, LocalDate asOf, List<Activity> activities,
                                   List<Measurement> measurements) {
        List<Activity> knownActivities = new java.util.ArrayList<>();
        for (Activity stored : activities) {
            Activity known = stored.asOf(version);
            if (known != null && (asOf == null
                    || !ActivityData.read(known.type(), known.current().data()).occurredOn().isAfter(asOf))) {
                knownActivities.add(known);
            }
        }
        List<Measurement> knownMeasurements = measurements.stream().map(m -> m.asOf(version))
                .filter(m -> m != null && (asOf == null || !m.measuredOn().isAfter(asOf))).toList();
        return ProjectFacts.of(knownActivities, knownMeasurements);
    }

    /**
     * True when every figure the project holds is counted in a period that ends on or before {@code asOf}. A
     * retracted activity or measurement leaves no figure in the buckets, yet counts as recorded (and retracted) if
     * it happened by then: its month is in the summary's monthly counts ({@code counts.byPeriod}).
     */
    private boolean nothingHappenedAfter(ProjectSummary current, LocalDate asOf) {
        java.util.stream.Stream<String> buckets = java.util.stream.Stream.of(
                current.totals().byPeriod().keySet().stream(), current.counts().byPeriod().keySet().stream(),
                current.indicators().stream().flatMap(i -> i.progress().byPeriod().keySet().stream()))
                .flatMap(keys -> keys);
        return buckets.allMatch(bucket -> !ReportingPeriods.month(bucket).end().isAfter(asOf));
    }

    /**
     * The last event recorded at or before {@code knownAt}, found by bisecting the history by sequence (an
     * event's time is never before the one it follows): a few reads, whatever the history's length.
     */
    private static Optional<HistoryEntry> lastRecordedBy(ProjectSummary current, Instant knownAt,
                                                         ProjectHistory history) {
        long low = 0;
        long high = current.version();
        HistoryEntry found = null;
        while (low <= high) {
            long middle = (low + high) >>> 1;
            HistoryEntry entry = history.range(current.projectId(), middle, 1).stream().findFirst().orElse(null);
            if (entry == null) {
                // Answered "nothing had been recorded by then" (404), it said the project did not exist yet, when the
                // history the summary counts has lost an event.
                throw new org.kronika.query.web.Refused("History incomplete", "the read models' history of project "
                        + current.projectId() + " lacks event " + middle + ", which its summary counts: what was "
                        + "known at " + knownAt + " cannot be said; see its verification, and rebuild the read models");
            }
            if (Instant.parse(entry.time()).isAfter(knownAt)) {
                high = middle - 1;
            } else {
                found = entry;
                low = middle + 1;
            }
        }
        return Optional.ofNullable(found);
    }
}
