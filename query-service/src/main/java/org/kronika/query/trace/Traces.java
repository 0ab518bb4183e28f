package org.kronika.query.trace;

import org.kronika.events.Participants;
import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Bucket;
import org.kronika.query.indicator.Contribution;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.Indicator;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.readmodel.Page;
import org.kronika.query.readmodel.Span;
import org.kronika.query.replay.ProjectReplay;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.Tally;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.ToLongFunction;

/**
 * Finds the facts behind a figure by applying the read models' own rules to the project's activities and
 * measurements: the same contribution of each activity, the same bucket of each date, the same place. What a
 * trace adds up is therefore what the figure shows, never a second opinion of it.
 *
 * <p>A page reads what its figure's period and place hold, never the project's whole history: the store is asked
 * only for the facts standing in the figure's days and place (towards its indicator, of its type, counting anyone
 * in its category), through its indexes, from the first month the page reaches into. A figure of the project's
 * activities (all of them, of one type or counting anyone in one participant category, anywhere or at one place,
 * in a period or all time) takes its totals from the tallies, and an indicator's figure from its buckets, which
 * count its activities, their participants and its measurements per month and place: the months before the page
 * are passed over by their counts, so a page costs the same in a project of 100 activities or 100,000. An
 * indicator's figure narrowed to a participant category, which its buckets do not count, is added up from the
 * activities in its period and place that count anyone in that category. The tallies and buckets are the
 * summary's, written after the facts of a batch: for that moment, a page of them may show an activity as the batch
 * left it before its totals count it.
 */
public final class Traces {

    /** The order things happened in: by day, then activities before measurements, each as first recorded. */
    private static final Comparator<Item> HAPPENED = Comparator.comparing((Item i) -> i.contribution.on())
            .thenComparingLong(i -> i.contribution.order());

    private final ReportingPeriods periods;

    public Traces(ReportingPeriods periods) {
        this.periods = periods;
    }

    /**
     * One page of the figure's facts, with its totals over every page.
     *
     * @throws IllegalArgumentException if the figure names an indicator the project does not have
     */
    public PagedTrace trace(ProjectSummary summary, Figure figure, Activities activities, Measurements measurements,
                            int page, int size) {
        Indicator indicator = indicator(summary, figure);
        Programme.Period days = figure.period() == null ? null : periods.range(figure.period());
        Span span = new Span(days == null ? null : days.start(), days == null ? null : days.end(),
                figure.municipality() == null,
                IndicatorProgress.NATIONAL.equals(figure.municipality()) ? null : figure.municipality());
        String type = "type".equals(figure.dimension()) ? figure.categoryValue() : null;
        Activities.Standing standing = new Activities.Standing(summary.projectId(), summary.counts().recorded(), span,
                indicator == null ? null : indicator.indicatorId(), type, type == null ? figure.category() : null);
        if (indicator == null) {
            return tallied(summary, figure, page, size, (months, skip, limit) -> {
                List<Trace.Item> items = new ArrayList<>();
                for (Activity activity : activities.standing(standing.from(YearMonth.parse(months.first()).atDay(1)),
                        skip, limit)) {
                    Item item = counted(figure, null, activity);
                    if (item != null) {
                        items.add(item.shown(figure, false));
                    }
                }
                return items;
            });
        }
        if (figure.category() == null) {
            return progressed(summary, figure, indicator, page, size, (months, skip, limit) -> page(summary, figure,
                    indicator, standing, activities, measurements, YearMonth.parse(months.first()).atDay(1),
                    byMonth(indicator.progress(), figure).get(months.first()), skip, limit).stream()
                    .map(i -> i.shown(figure, true)).toList());
        }
        return PagedTrace.of(trace(summary, figure, activities.standing(standing, 0, 0), List.of()), page, size);
    }

    /**
     * One page of the figure's facts as they stood once the event at {@code then}'s version had been applied, read
     * from {@code days}, the facts of some days as they stood then, with its totals over every page: from the months
     * the page reaches into, passing over those before it by the counts of {@code then}, so it costs what those
     * months held (every fact of them, of any place or kind), whatever the project's history.
     *
     * @param then the project as known then, as a replay of every fact known then gives it
     * @throws IllegalArgumentException if the figure names an indicator the project did not have then, or is one
     *                                  its months do not count ({@link #countsByMonth})
     */
    public PagedTrace trace(ProjectSummary then, Figure figure, ProjectReplay.Days days, int page, int size) {
        Indicator indicator = indicator(then, figure);
        if (!countsByMonth(figure)) {
            throw new IllegalArgumentException("An indicator's figure of a category has no counts by month: "
                    + figure);
        }
        boolean ofActivities = indicator == null || indicator.definition().fedByActivities();
        PageReader byMonth = (months, skip, limit) -> {
            List<Trace.Item> items = new ArrayList<>();
            int passed = skip;
            for (String month : months) {
                if (items.size() == limit) {
                    break;
                }
                YearMonth inMonth = YearMonth.parse(month);
                List<Item> found = found(figure, indicator,
                        ofActivities ? days.activities(inMonth.atDay(1), inMonth.atEndOfMonth()) : List.of(),
                        indicator == null ? List.of()
                                : days.measurements(indicator.indicatorId(), inMonth.atDay(1), inMonth.atEndOfMonth()));
                found.subList(Math.min(passed, found.size()), found.size()).stream().limit(limit - items.size())
                        .forEach(item -> items.add(item.shown(figure, indicator != null)));
                passed = Math.max(0, passed - found.size());
            }
            return items;
        };
        return indicator == null ? tallied(then, figure, page, size, byMonth)
                : progressed(then, figure, indicator, page, size, byMonth);
    }

    /**
     * Whether the figure's counts per month are kept (by its project's tallies, or its indicator's buckets), so that a
     * page of it is found from the months it reaches into: all but an indicator's figure narrowed to a category of
     * participants or a type, which its buckets do not count.
     */
    public static boolean countsByMonth(Figure figure) {
        return figure.indicatorId() == null || figure.category() == null;
    }

    /** The indicator's buckets per month, at the figure's place if it names one. */
    private static SortedMap<String, Bucket> byMonth(IndicatorProgress progress, Figure figure) {
        if (figure.municipality() == null) {
            return progress.byPeriod();
        }
        SortedMap<String, Bucket> byMonth = new TreeMap<>();
        progress.byPeriodMunicipality().forEach((month, places) -> {
            if (places.containsKey(figure.municipality())) {
                byMonth.put(month, places.get(figure.municipality()));
            }
        });
        return byMonth;
    }

    /** Of {@code byMonth}, the months of the figure's period (periods are whole months), or all without one. */
    private <V> SortedMap<String, V> monthsWithin(Figure figure, SortedMap<String, V> byMonth) {
        return figure.period() == null ? byMonth
                : ReportingPeriods.monthsWithin(byMonth, periods.range(figure.period()));
    }

    /**
     * The {@code limit} facts of the figure shown from the {@code skip}-th of those of the first of {@code months}
     * on, in the order they happened: {@code months} are those the figure counts a fact in, from the first the page
     * reaches into.
     */
    private interface PageReader {
        List<Trace.Item> read(NavigableSet<String> months, int skip, int limit);
    }

    /**
     * The page's facts, read by {@code reader} from the first month it reaches into: the months before it, as
     * {@code inMonth} counts the figure's facts in each, are passed over.
     */
    private static <V> List<Trace.Item> read(SortedMap<String, V> byMonth, ToLongFunction<V> inMonth, int page,
                                             int size, PageReader reader) {
        long offset = (long) page * size;
        long before = 0;
        NavigableSet<String> reached = new TreeSet<>();
        for (var month : byMonth.entrySet()) {
            long counted = inMonth.applyAsLong(month.getValue());
            if (reached.isEmpty() && before + counted <= offset) {
                before += counted;
            } else if (counted > 0) {
                reached.add(month.getKey());
            }
        }
        return reached.isEmpty() ? List.of() : reader.read(reached, (int) (offset - before), size);
    }

    /**
     * The figure's totals from the tallies, which count every activity standing per month and place (and type, and
     * participant category), and its page from the first month it reaches into.
     */
    private PagedTrace tallied(ProjectSummary summary, Figure figure, int page, int size, PageReader reader) {
        PeriodTallies tallies = figure.municipality() == null ? summary.totals()
                : summary.byMunicipality().getOrDefault(figure.municipality(), PeriodTallies.EMPTY);
        // Periods are whole months, so a period's tallies are those of its months.
        SortedMap<String, Tally> months = monthsWithin(figure, tallies.byPeriod());
        String type = "type".equals(figure.dimension()) ? figure.categoryValue() : null;
        String category = type == null ? figure.category() : null;
        ToLongFunction<Tally> inMonth = tally -> category != null
                ? tally.activitiesByCategory().getOrDefault(category, 0L)
                : type == null ? tally.activities() : tally.activitiesByType().getOrDefault(type, 0L);
        long count = 0;
        long participants = 0;
        for (Tally tally : months.values()) {
            count += inMonth.applyAsLong(tally);
            participants += category != null ? tally.participantsIn(figure.dimension(), figure.categoryValue())
                    : type == null ? tally.participants() : tally.participantsByType().getOrDefault(type, 0L);
        }
        List<Trace.Item> items = read(months, inMonth, page, size, reader);
        return PagedTrace.of(summary.projectId(), figure, summary.version(), count, participants, null,
                Page.of(items, page, size, count), false);
    }

    /**
     * The figure of an indicator, from its buckets: they count every contribution per month and place, how many of
     * them are measurements and who took part in the activities among them. Only the page is read: the
     * activities and measurements from the first month it reaches into, at most as many as it can hold besides
     * those of that month the other kind may put before it.
     */
    private PagedTrace progressed(ProjectSummary summary, Figure figure, Indicator indicator, int page, int size,
                                  PageReader reader) {
        IndicatorProgress progress = indicator.progress();
        Programme.Period days = figure.period() == null ? null : periods.range(figure.period());
        Bucket whole = figure.municipality() == null
                ? (days == null ? progress.overall() : progress.in(days))
                : (days == null ? progress.byMunicipality() : progress.byMunicipalityIn(days))
                .getOrDefault(figure.municipality(), Bucket.EMPTY);

        List<Trace.Item> shown = read(monthsWithin(figure, byMonth(progress, figure)), Bucket::count, page, size,
                reader);
        return PagedTrace.of(summary.projectId(), figure, summary.version(), whole.activities(),
                whole.participants(), whole.value(indicator.definition().aggregation()),
                Page.of(shown, page, size, whole.count()),
                indicator.definition().nothingMeasured(whole.count()));
    }

    /**
     * The {@code size} facts from the {@code skip}-th of those from {@code first} (a month's first day) on, where
     * {@code month} counts that month's. The facts skipped all fall in that month, so of them at most the month's
     * measurements are measurements and at most its activities are activities: the store passes over the rest of
     * each kind, and what it returns is merged in the order things happened.
     */
    private List<Item> page(ProjectSummary summary, Figure figure, Indicator indicator, Activities.Standing standing,
                            Activities activities, Measurements measurements, LocalDate first, Bucket month,
                            int skip, int size) {
        int activitiesPassed = (int) Math.max(0, skip - month.measurements());
        int measurementsPassed = (int) Math.max(0, skip - month.activities());
        List<Item> found = new ArrayList<>();
        if (indicator.definition().fedByActivities()) {
            for (Activity activity : activities.standing(standing.from(first), activitiesPassed,
                    skip - activitiesPassed + size)) {
                Item item = counted(figure, indicator, activity);
                if (item != null) {
                    found.add(item);
                }
            }
        }
        for (Measurement m : measurements.standing(summary.projectId(), summary.counts().measurements(),
                indicator.indicatorId(), standing.span().startingAt(first), measurementsPassed,
                skip - measurementsPassed + size)) {
            found.add(new Item(m, periods));
        }
        found.sort(HAPPENED);
        return found.stream().skip(skip - activitiesPassed - measurementsPassed).limit(size).toList();
    }

    /**
     * The trace of the facts given, judged whole: each that counts towards the figure is found, they are put in the
     * order they happened and added up. Its cost is theirs.
     *
     * @throws IllegalArgumentException if the figure names an indicator the project does not have
     */
    public Trace trace(ProjectSummary summary, Figure figure, Collection<Activity> activities,
                       Collection<Measurement> measurements) {
        Indicator indicator = indicator(summary, figure);
        return total(summary, figure, indicator, found(figure, indicator, activities, measurements));
    }

    /** Of the facts given, those that count towards the figure, in the order they happened. */
    private List<Item> found(Figure figure, Indicator indicator, Collection<Activity> activities,
                             Collection<Measurement> measurements) {
        List<Item> found = new ArrayList<>();
        for (Activity activity : activities) {
            Item item = counted(figure, indicator, activity);
            if (item != null) {
                found.add(item);
            }
        }
        if (indicator != null && figure.category() == null) {
            for (Measurement m : measurements) {
                // As a retracted activity, a retracted measurement no longer counts; a corrected one, as it stands.
                if (m.standing() && m.indicatorId().equals(indicator.indicatorId())
                        && where(figure, m.measuredOn(), m.municipality())) {
                    found.add(new Item(m, periods));
                }
            }
        }
        found.sort(HAPPENED);
        return found;
    }

    private static Indicator indicator(ProjectSummary summary, Figure figure) {
        return figure.indicatorId() == null ? null : summary.indicator(figure.indicatorId())
                .orElseThrow(() -> new IllegalArgumentException("The project has no indicator " + figure.indicatorId()));
    }

    /** The activity as a fact of the figure, or null if it does not count towards it. */
    private Item counted(Figure figure, Indicator indicator, Activity activity) {
        if (activity.isRetracted()) {
            return null;
        }
        ActivityFacts facts = ActivityData.facts(activity);
        Contribution contribution = indicator == null ? null : facts.contributionTo(indicator.definition());
        if (indicator != null && contribution == null) {
            return null;
        }
        if (!where(figure, facts.occurredOn(), facts.municipality()) || !typeMatches(figure, facts.type())) {
            return null;
        }
        long people = people(figure, facts.participants());
        if (figure.category() != null && !"type".equals(figure.dimension()) && people == 0) {
            return null;
        }
        return new Item(activity, facts, contribution, people, periods.listedIn(facts.occurredOn()));
    }

    private Trace total(ProjectSummary summary, Figure figure, Indicator indicator, List<Item> found) {
        long activities = found.stream().filter(i -> i.activity != null).count();
        long participants = found.stream().mapToLong(i -> i.people).sum();
        BigDecimal value = null;
        boolean nothingMeasured = false;
        if (indicator != null && figure.category() == null) {
            IndicatorDefinition definition = indicator.definition();
            value = IndicatorProgress.of(found.stream().map(i -> i.contribution).toList(), definition, periods)
                    .overall().value(definition.aggregation());
            nothingMeasured = definition.nothingMeasured(found.size());
        } else if (indicator != null) {
            value = BigDecimal.valueOf(participants);
        }
        return new Trace(summary.projectId(), figure, summary.version(), activities, participants, value,
                found.stream().map(i -> i.shown(figure, indicator != null)).toList(), nothingMeasured);
    }

    private boolean where(Figure figure, java.time.LocalDate on, String municipality) {
        String place = municipality == null ? IndicatorProgress.NATIONAL : municipality;
        return (figure.period() == null || periods.range(figure.period()).contains(on))
                && (figure.municipality() == null || figure.municipality().equals(place));
    }

    private static boolean typeMatches(Figure figure, String type) {
        return !"type".equals(figure.dimension()) || figure.categoryValue().equals(type);
    }

    /** The people an activity counts for the figure: all of them, or those in its category. */
    private static long people(Figure figure, Participants participants) {
        if (participants == null) {
            return 0;
        }
        if (figure.category() == null || "type".equals(figure.dimension())) {
            return participants.total();
        }
        Map<String, Integer> breakdown = switch (figure.dimension()) {
            case "sex" -> participants.bySex();
            case "ageBand" -> participants.byAgeBand();
            default -> participants.byCommunity();
        };
        if (Figure.UNSPECIFIED.equals(figure.categoryValue())) {
            return participants.total() - breakdown.values().stream().mapToLong(Integer::longValue).sum();
        }
        return breakdown.getOrDefault(figure.categoryValue(), 0);
    }

    /** A fact found, before it is shown. */
    private static final class Item {
        final Activity activity;
        final Measurement measurement;
        final ActivityFacts facts;
        final Contribution contribution;
        final long people;
        final String period;

        Item(Activity activity, ActivityFacts facts, Contribution contribution, long people, String period) {
            this.activity = activity;
            this.measurement = null;
            this.facts = facts;
            // Totals have no indicator; the day and order still sort them as the figures count them.
            this.contribution = contribution != null ? contribution : new Contribution(facts.occurredOn(),
                    Contribution.activityOrder(facts.ordinal()), BigDecimal.ONE, facts.municipality(), null);
            this.people = people;
            this.period = period;
        }

        Item(Measurement measurement, ReportingPeriods periods) {
            this.activity = null;
            this.measurement = measurement;
            this.facts = null;
            this.contribution = measurement.contribution();
            this.people = 0;
            this.period = periods.listedIn(measurement.measuredOn());
        }

        Trace.Item shown(Figure figure, boolean forIndicator) {
            if (measurement != null) {
                List<Long> sequences = new ArrayList<>(List.of(measurement.sequence()));
                measurement.corrections().forEach(c -> sequences.add(c.sequence()));
                return new Trace.Item("measurement", measurement.measurementId(), measurement.indicatorId(), null,
                        measurement.measuredOn(), measurement.municipality(), period, 0, measurement.value(),
                        sequences, measurement.corrections().stream().map(Measurement.Correction::reason).toList(),
                        new java.util.TreeMap<>(measurement.breakdown()));
            }
            BigDecimal value = !forIndicator ? BigDecimal.valueOf(people)
                    : figure.category() == null ? contribution.value() : BigDecimal.valueOf(people);
            List<Long> sequences = activity.states().stream().map(Activity.Statement::sequence).toList();
            List<String> reasons = activity.states().stream().skip(1).map(Activity.Statement::reason).toList();
            Object title = activity.current().data().getOrDefault("title", activity.current().data().get("name"));
            return new Trace.Item("activity", activity.activityId(), activity.type(),
                    title == null ? null : title.toString(), facts.occurredOn(), facts.municipality(), period, people,
                    value, sequences, reasons, java.util.Collections.emptySortedMap());
        }
    }
}
