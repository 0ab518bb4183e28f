package org.kronika.query.replay;

import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.ProjectFacts;
import org.kronika.query.project.ProjectSummary;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The facts of some days as they stood once the event at a summary's version had been applied, however long before
 * the project's last event: read through the indexes on every statement's day, so with those that moved out of the
 * days since, each taken as it stood then and kept if it was in those days then. Three reads use it: a project folded
 * forward to an earlier event ({@link ProjectReplay#foldedForward}) as of a day, for that day's month; a trace of a
 * period's figure as it stood then ({@link ProjectReplay#inDays}), for the period; and the fold forward's question of
 * what stood latest once an event took a fact away ({@link #facts}). Each reads what those days ever held, never the
 * project's history. A trace of a figure of all time as it stood then reads the months its page reaches into
 * ({@link ProjectReplay#readingDaysAsTheyStood}). A moment shortly before the last event reads the days as they stand
 * instead, with the few facts changed since taken back.
 */
final class DaysKnownThen implements ProjectReplay.Days {

    private static final Comparator<Activity> AS_THEY_HAPPENED = Comparator.comparing(DaysKnownThen::happened)
            .thenComparingLong(Activity::ordinal);

    private final String projectId;
    private final long version;
    private final long recorded;
    private final long measured;
    private final ProjectSummary standingIn;
    private final Activity alsoIn;
    private final Budget budget;
    private final Activities activities;
    private final Measurements measurements;
    private NavigableSet<String> months;

    /** @param then the project as known at the moment: its version, what it had recorded by then and its months */
    DaysKnownThen(ProjectSummary then, Activities activities, Measurements measurements) {
        this(then, then.counts().recorded(), then.counts().measurements(), activities, measurements);
    }

    /**
     * @param then     the project at the moment: its version, and its months for {@link #lastBefore}
     * @param recorded at least as many activities as had been recorded then: one recorded after is left out by its
     *                 statements, none of which it had then
     * @param measured the same, of measurements
     */
    DaysKnownThen(ProjectSummary then, long recorded, long measured, Activities activities,
                  Measurements measurements) {
        this(then.projectId(), then.version(), recorded, measured, then, null, Budget.unbounded(), activities,
                measurements);
    }

    private DaysKnownThen(String projectId, long version, long recorded, long measured, ProjectSummary standingIn,
                          Activity alsoIn, Budget budget, Activities activities, Measurements measurements) {
        this.projectId = projectId;
        this.version = version;
        this.recorded = recorded;
        this.measured = measured;
        this.standingIn = standingIn;
        this.alsoIn = alsoIn;
        this.budget = budget;
        this.activities = activities;
        this.measurements = measurements;
    }

    /** The facts of days as they stood at {@code then}'s version, read within {@code budget}. */
    static DaysKnownThen within(ProjectSummary then, Budget budget, Activities activities,
                                Measurements measurements) {
        return new DaysKnownThen(then.projectId(), then.version(), then.counts().recorded(),
                then.counts().measurements(), then, null, budget, activities, measurements);
    }

    /**
     * The facts as they stood once {@code event} had been applied to {@code before}, what a fold forward asks of
     * them ({@link #facts}) read within {@code budget}.
     *
     * @param changed the event's activity once it was applied, or null: if it stands, its month is the one month
     *                where an activity may stand after the event and not before
     */
    static DaysKnownThen afterEvent(ProjectSummary before, long event, Activity changed, Budget budget,
                                    Activities activities, Measurements measurements) {
        return new DaysKnownThen(before.projectId(), event, Long.MAX_VALUE, Long.MAX_VALUE, before, changed, budget,
                activities, measurements);
    }

    /**
     * The months an activity standing then may have happened in: those the summary counts a standing activity in
     * (a month's tally holds each that stands there), and the one an event put its activity in. A month where
     * only retracted activities are counted holds none that stands, so {@link #lastBefore} reads no such month and
     * reads at most as many months as it is asked activities for (one more after an event that took the last of
     * its month away). Built when first asked, which most folded events never do.
     */
    private NavigableSet<String> months() {
        if (months == null) {
            months = new TreeSet<>();
            standingIn.totals().byPeriod().forEach((month, tally) -> {
                if (tally.activities() > 0) {
                    months.add(month);
                }
            });
            if (alsoIn != null && !alsoIn.isRetracted()) {
                months.add(ReportingPeriods.monthOf(happened(alsoIn)));
            }
        }
        return months;
    }

    /**
     * How many stored facts some reads may take in all: a read asks for at most one more than are left, and past
     * them they stop ({@link Spent}). A fold forward's questions of what stood latest or last read a month's facts
     * each, so a clean-up that took a big month's activities away one by one would read that month again for each;
     * bounded so, the fold gives way to the replay of every fact under a permit, and a read without one stays
     * bounded whatever the project's history.
     */
    static final class Budget {

        private long left;

        Budget(long facts) {
            this.left = facts;
        }

        static Budget unbounded() {
            return new Budget(Long.MAX_VALUE);
        }

        /**
         * How many a read may ask for ({@code 0}: all): one more than are left, so that a read past the bound stops
         * there, whatever its days hold.
         */
        private int limit() {
            return left >= Integer.MAX_VALUE ? 0 : (int) left + 1;
        }

        private void take(int facts) {
            left -= facts;
            if (left < 0) {
                throw new Spent();
            }
        }
    }

    /** Reads that went past their {@link Budget}. */
    static final class Spent extends RuntimeException {

        Spent() {
            super("read more stored facts than allowed", null, false, false);
        }
    }

    @Override
    public List<Activity> activities(LocalDate from, LocalDate to) {
        List<Activity> stood = new ArrayList<>();
        List<Activity> found = activities.everHappened(projectId, recorded, from, to, budget.limit());
        budget.take(found.size());
        for (Activity stored : found) {
            Activity asItStood = stored.asOf(version);
            if (asItStood != null && within(happened(asItStood), from, to)) {
                stood.add(asItStood);
            }
        }
        stood.sort(AS_THEY_HAPPENED);
        return stood;
    }

    @Override
    public List<Measurement> measurements(String indicatorId, LocalDate from, LocalDate to) {
        List<Measurement> stood = new ArrayList<>();
        List<Measurement> found = measurements.everMeasured(projectId, measured, indicatorId, from, to,
                budget.limit());
        budget.take(found.size());
        for (Measurement stored : found) {
            Measurement asItStood = stored.asOf(version);
            if (asItStood != null && within(asItStood.measuredOn(), from, to)) {
                stood.add(asItStood);
            }
        }
        stood.sort(Comparator.comparing(Measurement::measuredOn).thenComparingLong(Measurement::ordinal));
        return stood;
    }

    /**
     * Month by month back from the one before {@code day}, through the months a standing activity may have happened
     * in then ({@link #months}), until as many as asked for stood: a standing activity is counted in its month, so
     * none is passed over.
     */
    @Override
    public List<Activity> lastBefore(LocalDate day, int limit) {
        LocalDate last = day.minusDays(1);
        List<Activity> found = new ArrayList<>();
        for (String month : months().headSet(ReportingPeriods.monthOf(last), true).descendingSet()) {
            if (found.size() >= limit) {
                break;
            }
            YearMonth inMonth = YearMonth.parse(month);
            LocalDate to = inMonth.atEndOfMonth().isAfter(last) ? last : inMonth.atEndOfMonth();
            activities(inMonth.atDay(1), to).stream().filter(a -> !a.isRetracted()).forEach(found::add);
        }
        found.sort(AS_THEY_HAPPENED.reversed());
        return found.subList(0, Math.min(limit, found.size()));
    }

    /**
     * What a fold forward asks once a fact is taken away, answered from the facts as they stood then: the latest
     * contribution of a month and place from those the month's days ever held, and the activities that happened
     * last, month by month back from the latest.
     */
    ProjectFacts facts() {
        return new ProjectFacts() {
            @Override
            public Contribution latest(IndicatorDefinition indicator, String month, String municipality) {
                YearMonth inMonth = YearMonth.parse(month);
                LocalDate first = inMonth.atDay(1);
                LocalDate last = inMonth.atEndOfMonth();
                // The month's facts as they stood then, answered as a replay of every fact answers it.
                return ProjectFacts.of(indicator.fedByActivities() ? activities(first, last) : List.of(),
                        measurements(indicator.indicatorId(), first, last)).latest(indicator, month, municipality);
            }

            @Override
            public List<ActivityFacts> lastActivities(int limit) {
                if (months().isEmpty()) {
                    return List.of();
                }
                LocalDate afterEvery = YearMonth.parse(months().last()).plusMonths(1).atDay(1);
                return lastBefore(afterEvery, limit).stream().map(ActivityData::facts).toList();
            }
        };
    }

    private static boolean within(LocalDate day, LocalDate from, LocalDate to) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private static LocalDate happened(Activity activity) {
        return ActivityData.read(activity.type(), activity.current().data()).occurredOn();
    }
}
