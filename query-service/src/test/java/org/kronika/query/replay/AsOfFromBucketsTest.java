package org.kronika.query.replay;

import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MaterialsDistributed;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.Participants;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.Received;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.KnownFacts;
import org.kronika.query.project.LastActivities;
import org.kronika.query.project.ProjectSummary;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project as of a day from its monthly buckets and its one partial month ({@link ProjectReplay#fromBuckets})
 * against the oracle, a fold of every fact that had happened by then ({@link ProjectReplay#folded}), on many random
 * projects: activities and measurements on random days over three years, corrections that move their dates,
 * places, indicators and values, retractions, indicators of every kind and aggregation, a reduction. The seed is
 * printed; {@code -Dasof.seed=} repeats a run.
 */
class AsOfFromBucketsTest {

    private static final String P = "asof";
    private static final LocalDate FIRST = LocalDate.of(2023, 1, 1);
    private static final List<String> PLACES = List.of("Gjilan", "Kamenicë", "Prizren");
    private static final List<String> FED_BY_ACTIVITIES = List.of("people", "sessions", "kits", "last-session");
    private static final List<String> MEASURED = List.of("score", "share");

    private final Programme programme = Programme.ofContract();
    private final ProjectReplay replay = new ProjectReplay(programme.periods(), programme.timeZone());

    @Test
    void aProjectAsOfAnyDayFromItsBucketsAndOnePartialMonthIsTheProjectAFoldOfEveryFactGives() {
        long seed = Long.getLong("asof.seed", System.nanoTime());
        System.out.println("AsOfFromBucketsTest seed: " + seed + " (-Dasof.seed=" + seed + " repeats it)");
        Random random = new Random(seed);
        int answered = 0;
        for (int project = 0; project < 150; project++) {
            // Two projects in three correct activities, and one of those also retracts activities and
            // measurements, implements its planned activity and leaves out who took part: counts of the whole
            // project, which its months must give as of any day too.
            FoldedProject folded = randomProject(random, project % 3);
            ProjectSummary current = folded.summary();
            KnownFacts facts = folded.facts();
            for (LocalDate day : days(random)) {
                Optional<ProjectSummary> answer = replay.fromBuckets(current, day, days(facts, day));
                assertThat(answer).as("seed %d, project %d, as of %s: answered from the buckets", seed, project, day)
                        .isPresent();
                assertThat(answer.get()).as("seed %d, project %d, as of %s", seed, project, day)
                        .isEqualTo(replay.folded(current, day, facts));
                answered++;
            }
        }
        assertThat(answered).isEqualTo(150 * 28);
    }

    /** Before the project, its months' first and last days, random days, and long after everything. */
    private static List<LocalDate> days(Random random) {
        List<LocalDate> days = new ArrayList<>(List.of(LocalDate.of(2022, 6, 15), FIRST.minusDays(1), FIRST,
                LocalDate.of(2030, 1, 1)));
        for (int i = 0; i < 8; i++) {
            YearMonth month = YearMonth.from(FIRST).plusMonths(random.nextInt(38));
            days.add(month.atDay(1));
            days.add(month.atEndOfMonth());
            days.add(month.atDay(1 + random.nextInt(month.lengthOfMonth())));
        }
        return days;
    }

    /**
     * What the store's indexes find: the facts of some days, retracted ones included, in the order they happened
     * (only standing ones for the last activities). What it is asked is what a replay as of {@code asOf} costs: days
     * of that month up to {@code asOf}, and at most as many activities before it as a summary keeps.
     */
    private static ProjectReplay.Days days(KnownFacts facts, LocalDate asOf) {
        LocalDate first = YearMonth.from(asOf).atDay(1);
        return new ProjectReplay.Days() {
            @Override
            public List<Activity> activities(LocalDate from, LocalDate to) {
                assertThat(List.of(from, to)).as("as of %s", asOf).containsExactly(first, asOf);
                return facts.activities().stream().filter(a -> within(ActivityData.facts(a).occurredOn(), from, to))
                        .sorted(IN_ORDER).toList();
            }

            @Override
            public List<Measurement> measurements(String indicatorId, LocalDate from, LocalDate to) {
                assertThat(List.of(from, to)).as("as of %s", asOf).containsExactly(first, asOf);
                return facts.measurements().stream().filter(m -> m.indicatorId().equals(indicatorId))
                        .filter(m -> within(m.measuredOn(), from, to)).toList();
            }

            @Override
            public List<Activity> lastBefore(LocalDate day, int limit) {
                assertThat(day).as("as of %s", asOf).isEqualTo(first);
                assertThat(limit).isLessThanOrEqualTo(LastActivities.KEPT);
                return standing(facts).filter(a -> ActivityData.facts(a).occurredOn().isBefore(day))
                        .sorted(IN_ORDER.reversed()).limit(limit).toList();
            }
        };
    }

    private static final Comparator<Activity> IN_ORDER = Comparator.comparing((Activity a) ->
            ActivityData.facts(a).occurredOn()).thenComparingLong(Activity::ordinal);

    private static java.util.stream.Stream<Activity> standing(KnownFacts facts) {
        return facts.activities().stream().filter(a -> !a.isRetracted());
    }

    private static boolean within(LocalDate day, LocalDate from, LocalDate to) {
        return !day.isBefore(from) && !day.isAfter(to);
    }

    private FoldedProject randomProject(Random random, int kind) {
        boolean plain = kind < 2;
        FoldedProject project = new FoldedProject(P, programme.periods());
        project.apply(new ProjectRegistered(P, "org", "Org", false, "Random", null, null, null, null, PLACES,
                FIRST, LocalDate.of(2025, 12, 31)));
        project.apply(new IndicatorDefined(P, "people", "People reached", "count", "participants", "sum", 0, 500,
                        List.of(new PeriodTarget("2024-Q1", 50)), List.of("sex", "ageBand", "community")),
                new IndicatorDefined(P, "sessions", "Sessions", "count", "activities", "average", 0, 40, List.of(),
                        List.of()),
                new IndicatorDefined(P, "kits", "Kits", "count", "items", "sum", 0, 900, List.of(),
                        List.of("municipality"), List.of(new MunicipalityTarget("Gjilan", 300))),
                new IndicatorDefined(P, "last-session", "Last session", "count", "activities", "latest", 0, 1,
                        List.of(), List.of()),
                new IndicatorDefined(P, "score", "Score", "score", "measured", "average", 0, 10, List.of(), List.of()),
                // A reduction: measured latest, its target below its baseline.
                new IndicatorDefined(P, "share", "Share out of school", "percent", "measured", "latest", 60, 20,
                        List.of(), List.of()),
                new ActivityPlanned(P, "plan-1", "Workshops", "training-delivered", 10, List.of("people")));
        int activities = 1 + random.nextInt(40);
        int measurements = random.nextInt(15);
        List<String> activityIds = new ArrayList<>();
        List<String[]> measurementIds = new ArrayList<>();
        List<ProjectEvent> later = new ArrayList<>();
        for (int i = 0; i < activities + measurements; i++) {
            if (i < activities) {
                String id = "a-" + i;
                activityIds.add(id);
                project.apply(activity(random, id, plain));
            } else {
                String id = "m-" + i;
                String indicator = MEASURED.get(random.nextInt(MEASURED.size()));
                measurementIds.add(new String[]{id, indicator});
                project.apply(new IndicatorMeasured(P, indicator, id, day(random), random.nextInt(101),
                        place(random), Map.of(), null));
            }
        }
        for (String[] m : measurementIds) {
            int roll = random.nextInt(4);
            if (roll == 0) {
                later.add(new MeasurementCorrected(P, m[1], m[0], day(random), random.nextInt(101), place(random),
                        Map.of(), null, "moved"));
            } else if (roll == 1 && !plain) {
                later.add(new MeasurementRetracted(P, m[1], m[0], "withdrawn"));
            }
        }
        if (kind > 0) {
            for (String id : activityIds) {
                int roll = random.nextInt(4);
                if (roll == 0) {
                    String type = project.activity(id).type();
                    ProjectEvent corrected;
                    do {
                        corrected = activity(random, id, plain);
                    } while (!type.equals(corrected instanceof TrainingDelivered ? "training-delivered"
                            : "materials-distributed"));
                    later.add(new ActivityCorrected(P, id, type, Received.data(corrected), "moved"));
                } else if (roll == 1 && !plain) {
                    later.add(new ActivityRetracted(P, id, "withdrawn"));
                }
            }
        }
        java.util.Collections.shuffle(later, random);
        later.forEach(project::apply);
        return project;
    }

    /**
     * A training or a distribution on a random day and place, towards random indicators; a correction gives a whole
     * new one, so it may move its day, place, indicators and figures. Only a project that retracts facts too
     * implements its planned activity or leaves out who took part in one towards people reached.
     */
    private static ProjectEvent activity(Random random, String id, boolean plain) {
        List<String> indicators = new ArrayList<>();
        for (String indicator : FED_BY_ACTIVITIES) {
            if (random.nextInt(3) == 0) {
                indicators.add(indicator);
            }
        }
        Participants participants = !plain && random.nextInt(5) == 0 ? null : people(random);
        if (random.nextBoolean()) {
            return new MaterialsDistributed(P, id, "Kits", day(random), place(random), participants, null,
                    indicators, "Kit", 1 + random.nextInt(200));
        }
        String planned = !plain && random.nextBoolean() ? "plan-1" : null;
        return new TrainingDelivered(P, id, "Workshop", day(random), place(random), participants, planned,
                indicators, null, 1);
    }

    private static Participants people(Random random) {
        int female = random.nextInt(20);
        int male = random.nextInt(20);
        int young = random.nextInt(10);
        return new Participants(female + male + random.nextInt(5), Map.of("female", female, "male", male),
                Map.of("18-24", young), random.nextBoolean() ? Map.of("albanian", female) : Map.of());
    }

    /** Over three years, so that corrections move facts across months, quarters and years. */
    private static LocalDate day(Random random) {
        return FIRST.plusDays(random.nextInt(3 * 365));
    }

    /** A municipality, or national level. */
    private static String place(Random random) {
        int i = random.nextInt(PLACES.size() + 1);
        return i == PLACES.size() ? null : PLACES.get(i);
    }
}
