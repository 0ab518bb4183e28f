package org.kronika.query.replay;

import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MaterialsDistributed;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.MediaProduced;
import org.kronika.events.MeetingHeld;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.Participants;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.ProjectReopened;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.activity.ActivityData;
import org.kronika.query.fixtures.FactReads;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.Received;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.KnownFacts;
import org.kronika.query.project.LastActivities;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.readmodel.Generation;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

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
    private static final List<String> TYPES = List.of("training-delivered", "materials-distributed", "meeting-held",
            "media-produced");

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

    /**
     * Facts corrected many times and then retracted, of every kind, between others: from the buckets, and through
     * the stored documents' indexes ({@link ProjectReplay#replay}, its last activities aside: a day after every fact
     * is answered with the live summary, which may keep fewer of them than a fold refills).
     */
    @Test
    void aProjectWhoseFactsAreCorrectedAgainAndRetractedIsAsOfAnyDayWhatAFoldOfEveryFactGives() {
        long seed = Long.getLong("asof.seed", System.nanoTime());
        System.out.println("AsOfFromBucketsTest interleaved seed: " + seed + " (-Dasof.seed=" + seed + " repeats it)");
        Random random = new Random(seed);
        FactReads reads = new FactReads("asof-interleaved");
        for (int project = 0; project < 60; project++) {
            FoldedProject folded = interleavedProject(random);
            ProjectSummary current = folded.summary();
            KnownFacts facts = folded.facts();
            Generation generation = new Generation(project + 1, 1);
            Activities activities = new Activities(reads.database(), generation);
            Measurements measurements = new Measurements(reads.database(), generation);
            activities.saveAll(facts.activities());
            measurements.saveAll(facts.measurements());
            for (LocalDate day : days(random)) {
                ProjectSummary oracle = replay.folded(current, day, facts);
                assertThat(replay.fromBuckets(current, day, days(facts, day))).as("seed %d, project %d, as of %s",
                        seed, project, day).contains(oracle);
                assertThat(replay.replay(current, day, null, null, activities, measurements, null).orElseThrow()
                        .withLastActivities(LastActivities.NONE)).as("stored: seed %d, project %d, as of %s", seed,
                        project, day).isEqualTo(oracle.withLastActivities(LastActivities.NONE));
            }
        }
    }

    /**
     * A period may be named as a month is ("2025-07", the month its reports are due): its months' buckets were read
     * as that period, Apr to Jun, so a replay as of 10 July found nothing after it and answered today's project, with
     * the activity of 20 July.
     */
    @Test
    void aPeriodNamedAsAMonthIsNeverTakenForThatMonthsFigures() {
        ReportingPeriods dueInJuly = org.kronika.query.calendar.ProgrammeCalendar.of(programme, List.of(
                new org.kronika.query.calendar.DefinedPeriod(programme.programmeId(), "2025-07", "due-months",
                        "Reported in July 2025", LocalDate.of(2025, 4, 1), LocalDate.of(2025, 6, 30),
                        LocalDate.of(2025, 7, 31), 0, null)));
        ProjectReplay julyReplay = new ProjectReplay(dueInJuly, programme.timeZone());
        FoldedProject project = new FoldedProject(P, dueInJuly);
        project.apply(new ProjectRegistered(P, "org", "Org", false, "Random", null, null, null, null, PLACES,
                FIRST, LocalDate.of(2025, 12, 31)));
        project.apply(new TrainingDelivered(P, "early", "Workshop", LocalDate.of(2025, 7, 5), "Gjilan",
                        Participants.total(10), null, List.of(), null, 1),
                new TrainingDelivered(P, "late", "Workshop", LocalDate.of(2025, 7, 20), "Gjilan",
                        Participants.total(20), null, List.of(), null, 1));
        FactReads reads = new FactReads("asof-month-named");
        Generation generation = new Generation(1, 1);
        Activities activities = new Activities(reads.database(), generation);
        activities.saveAll(project.facts().activities());
        LocalDate day = LocalDate.of(2025, 7, 10);

        ProjectSummary asOf = julyReplay.replay(project.summary(), day, null, null, activities,
                new Measurements(reads.database(), generation), null).orElseThrow();

        assertThat(asOf.totals().total().participants()).isEqualTo(10);
        assertThat(asOf.withLastActivities(LastActivities.NONE)).isEqualTo(julyReplay.folded(project.summary(), day,
                project.facts()).withLastActivities(LastActivities.NONE));
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

    /** The project with its indicators of every kind and aggregation, and its planned workshops. */
    private FoldedProject registered() {
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
        return project;
    }

    private FoldedProject randomProject(Random random, int kind) {
        boolean plain = kind < 2;
        FoldedProject project = registered();
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
     * A project whose facts are corrected (day, place, indicators, planned activity, who took part) any number of
     * times, then perhaps retracted, between other activities of four types and measurements corrected and
     * retracted alike, its indicator of people reached redefined and the project closed and reopened on the way.
     */
    private FoldedProject interleavedProject(Random random) {
        FoldedProject project = registered()
                .apply(new ActivityPlanned(P, "plan-2", "Meetings", "meeting-held", 10, List.of("people")));
        List<String> activityIds = new ArrayList<>();
        List<String[]> measurementIds = new ArrayList<>();
        Set<String> retracted = new HashSet<>();
        boolean closed = false;
        int steps = 1 + random.nextInt(120);
        int n = 0;
        for (int step = 0; step < steps; step++) {
            int roll = random.nextInt(100);
            if (roll < 30 || activityIds.isEmpty()) {
                String id = "a-" + n++;
                String type = TYPES.get(random.nextInt(TYPES.size()));
                activityIds.add(id);
                project.apply(activityOf(random, id, type));
            } else if (roll < 40) {
                String id = "m-" + n++;
                String indicator = MEASURED.get(random.nextInt(MEASURED.size()));
                measurementIds.add(new String[]{id, indicator});
                project.apply(new IndicatorMeasured(P, indicator, id, clusteredDay(random), random.nextInt(101),
                        place(random), Map.of(), null));
            } else if (roll < 70) {
                String id = activityIds.get(random.nextInt(activityIds.size()));
                if (!retracted.contains(id)) {
                    String type = project.activity(id).type();
                    project.apply(new ActivityCorrected(P, id, type, Received.data(activityOf(random, id, type)),
                            "moved"));
                }
            } else if (roll < 78) {
                String id = activityIds.get(random.nextInt(activityIds.size()));
                if (retracted.add(id)) {
                    project.apply(new ActivityRetracted(P, id, "withdrawn"));
                }
            } else if (roll < 88 && !measurementIds.isEmpty()) {
                String[] m = measurementIds.get(random.nextInt(measurementIds.size()));
                if (!retracted.contains(m[0])) {
                    project.apply(new MeasurementCorrected(P, m[1], m[0], clusteredDay(random), random.nextInt(101),
                            place(random), Map.of(), null, "moved"));
                }
            } else if (roll < 93 && !measurementIds.isEmpty()) {
                String[] m = measurementIds.get(random.nextInt(measurementIds.size()));
                if (retracted.add(m[0])) {
                    project.apply(new MeasurementRetracted(P, m[1], m[0], "withdrawn"));
                }
            } else if (roll < 96) {
                project.apply(new IndicatorRedefined(P, "people", "People", 100.0 + random.nextInt(400),
                        List.of(), random.nextBoolean() ? List.of("sex") : List.of("sex", "ageBand", "community"),
                        "redefined", null));
            } else if (!closed) {
                project.apply(new ProjectClosed(P, LocalDate.of(2025, 12, 31), List.of(), "done"));
                closed = true;
            } else {
                project.apply(new ProjectReopened(P, "again"));
                closed = false;
            }
        }
        return project;
    }

    /** An activity of {@code type} on a random day and place, towards random indicators, perhaps planned. */
    private static ProjectEvent activityOf(Random random, String id, String type) {
        List<String> indicators = new ArrayList<>();
        for (String indicator : FED_BY_ACTIVITIES) {
            if (random.nextInt(3) == 0) {
                indicators.add(indicator);
            }
        }
        Participants participants = random.nextInt(4) == 0 ? null : people(random);
        LocalDate on = clusteredDay(random);
        String place = place(random);
        return switch (type) {
            case "materials-distributed" -> new MaterialsDistributed(P, id, "Kits", on, place, participants, null,
                    indicators, "Kit", 1 + random.nextInt(200));
            case "meeting-held" -> new MeetingHeld(P, id, "Meeting", on, place, participants,
                    random.nextBoolean() ? "plan-2" : null, indicators, "public-hearing", "Municipality");
            case "media-produced" -> new MediaProduced(P, id, "Video", on, place, participants, null, indicators,
                    "video", 1 + random.nextInt(3), null);
            default -> new TrainingDelivered(P, id, "Workshop", on, place, participants,
                    random.nextBoolean() ? "plan-1" : null, indicators, null, 1);
        };
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

    /** Half of them within three months, so that facts share months; the others as {@link #day}. */
    private static LocalDate clusteredDay(Random random) {
        return random.nextBoolean() ? LocalDate.of(2024, 3, 1).plusDays(random.nextInt(90)) : day(random);
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
