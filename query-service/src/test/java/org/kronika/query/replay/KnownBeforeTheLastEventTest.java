package org.kronika.query.replay;

import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.fixtures.FactReads;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.HeldReplay;
import org.kronika.query.fixtures.ProjectStory;
import org.kronika.query.fixtures.Received;
import org.kronika.query.fixtures.StoryGenerator;
import org.kronika.query.indicator.Bucket;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.Indicator;
import org.kronika.query.project.LastActivities;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.trace.Figure;
import org.kronika.query.trace.PagedTrace;
import org.kronika.query.trace.Trace;
import org.kronika.query.trace.Traces;
import org.kronika.query.trace.web.VisibleTraces;
import org.kronika.query.web.TooManyReplays;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Known at an instant before a project's last event, what changed since is taken back from the project as it is now
 * ({@link ProjectReplay#takenBack}): the same project as a replay of every fact known then, on random histories
 * (corrections that move activities' and measurements' days, places, figures and indicators, retractions,
 * indicators aggregated as "latest", planned activities, redefinitions, amendments, a reporting workflow), and
 * reading as many facts for the last few events of a long history as of a short one. The seed is printed;
 * {@code -Dknown.seed=} repeats a run.
 */
class KnownBeforeTheLastEventTest {

    private static final Instant STORY_START = Instant.parse("2026-01-01T00:00:00Z");

    private final Programme programme = Programme.ofContract();
    private final FactReads reads = new FactReads("known-before");
    private final ReplayPermits permits = new ReplayPermits(1, Duration.ofMillis(10));
    private final ProjectReplay replay = new ProjectReplay(programme.periods(), programme.timeZone(), permits);

    @Test
    void takenBackFromNowAProjectIsWhatAReplayOfEveryFactKnownThenGives() throws Exception {
        atRandomMoments("taken back", 12, (stored, version, random, as) -> {
            var answer = takenBack(stored, version);
            assertThat(answer).as(as).isPresent();
            Instant recordedAt = FoldedProject.recordedAt(version);
            ProjectReplay.Replayed everyFact = replay.atVersion(stored.summary(), version, recordedAt,
                    stored.activities(), stored.measurements());
            assertSameProject(answer.get(), everyFact.summary(), as);
            assertSameTrace(stored, everyFact, version, recordedAt, random, as);
        });
    }

    /**
     * As of a day as known at an instant before the last event: from the buckets taken back, with the day's month as
     * it stood then, while every permit is taken, so that a replay of every fact would be refused.
     */
    @Test
    void asOfADayAsKnownThenAProjectIsWhatAReplayOfEveryFactKnownThenGivesForThatDay() throws Exception {
        atRandomMoments("as of a day", 8, (stored, version, random, as) -> {
            LocalDate day = day(random);
            ProjectSummary current = stored.summary();
            // As the story recorded it.
            Instant knownAt = Instant.parse(stored.history().range(current.projectId(), version, 1).get(0).time());
            ProjectSummary everyFact = everyFact(stored, current, version, knownAt, day);
            ProjectSummary answer;
            try (HeldReplay running = HeldReplay.of(permits)) {
                answer = replay.replay(current, day, knownAt, stored.history(), stored.activities(),
                        stored.measurements(), stored.summaries()).orElseThrow();
            }
            assertSameProject(answer, everyFact, as + ", as of " + day);
        });
    }

    /**
     * Since the moment, activity "c" of December was corrected back to the last day of January, where it now stands
     * ahead of ten trainings of January. As of a day of February as known then, the last activities are the eight
     * latest of those trainings: read latest first past "c", which stood in December then, not seven of them.
     */
    @Test
    void asOfADayAsKnownThenTheLastActivitiesAreReadPastOneMovedAmongThemSince() {
        String id = "known-before-last-moved";
        FoldedProject project = KnownAtTheLastEventTest.registered(id, programme);
        for (int i = 0; i < 10; i++) {
            project.apply(KnownAtTheLastEventTest.training(id, "t-" + i, LocalDate.of(2024, 1, 1 + i), i));
        }
        project.apply(KnownAtTheLastEventTest.training(id, "c", LocalDate.of(2024, 12, 5), 11));
        long moment = project.summary().version();
        project.apply(new ActivityCorrected(id, "c", "training-delivered",
                Received.data(KnownAtTheLastEventTest.training(id, "c", LocalDate.of(2024, 1, 31), 11)), "Misdated"));
        FactReads.Stored stored = reads.store(project);
        LocalDate day = LocalDate.of(2024, 2, 10);

        Instant knownAt = FoldedProject.recordedAt(moment);

        ProjectSummary asOf = replay.replay(stored.summary(), day, knownAt, stored.history(), stored.activities(),
                stored.measurements(), stored.summaries()).orElseThrow();

        assertThat(asOf).isEqualTo(everyFact(stored, stored.summary(), moment, knownAt, day));
        assertThat(asOf.lastActivities().latest()).extracting(Bucket.Latest::on).hasSize(LastActivities.KEPT)
                .allMatch(on -> on.getMonthValue() == 1 && on.getDayOfMonth() <= 10);
    }

    /**
     * While a batch is being written, the store holds facts ahead of the summary, found by an index where they stand
     * in the store: as of a day as known before them, training "a" counts in March, where it stood then, not in
     * April, where a correction the summary does not count yet moved it; "b" is not there, retracted only by that
     * batch; measurement "m" counts as measured in March, not where its recount moved it.
     */
    @Test
    void asOfADayAsKnownThenFactsTheStoreHoldsAheadOfTheSummaryCountWhereTheyStoodThen() {
        String id = "known-before-asof-ahead";
        FoldedProject project = KnownAtTheLastEventTest.registered(id, programme).apply(
                KnownAtTheLastEventTest.training(id, "a", LocalDate.of(2024, 3, 10), 1),
                KnownAtTheLastEventTest.training(id, "b", LocalDate.of(2024, 2, 10), 2),
                new IndicatorMeasured(id, "aware", "m", LocalDate.of(2024, 3, 12), 40, null, Map.of(), null));
        long moment = project.summary().version();
        project.apply(KnownAtTheLastEventTest.training(id, "later", LocalDate.of(2024, 4, 1), 3));
        ProjectSummary summary = project.summary();
        project.apply(new ActivityCorrected(id, "a", "training-delivered",
                        Received.data(KnownAtTheLastEventTest.training(id, "a", LocalDate.of(2024, 4, 5), 1)),
                        "Misdated"),
                new ActivityRetracted(id, "b", "Recorded twice"),
                new MeasurementCorrected(id, "aware", "m", LocalDate.of(2024, 4, 2), 45, null, Map.of(), null,
                        "Recounted"));
        FactReads.Stored stored = reads.store(project);
        Instant knownAt = FoldedProject.recordedAt(moment);

        for (LocalDate day : List.of(LocalDate.of(2024, 3, 20), LocalDate.of(2024, 2, 20))) {
            ProjectSummary asOf = replay.replay(summary, day, knownAt, stored.history(), stored.activities(),
                    stored.measurements(), stored.summaries()).orElseThrow();

            assertThat(asOf).as("as of %s", day).isEqualTo(everyFact(stored, summary, moment, knownAt, day));
            assertThat(asOf.counts().active()).as("as of %s", day).isEqualTo(day.getMonthValue() == 3 ? 2 : 1);
        }
    }

    /**
     * Known at an instant more events before the last than are taken back, the project is folded forward from the
     * summary kept before it (from nothing before the first), while every permit is taken, so that a replay of every
     * fact would be refused: on a random history of 3,100 to 3,800 events, at 40 moments but the last 1,000 (on the
     * first and second kept summaries, just before them, and the first events among them), it is what a replay of
     * every fact known then gives, as of a day too. These histories retract and correct facts of "latest"
     * indicators often, so most folds ask what is latest once a fact is taken away: each is answered from the facts
     * as they stood then, and every moment folds.
     */
    @Test
    void longBeforeTheLastEventAProjectFoldedForwardFromTheSummaryKeptBeforeIsWhatAReplayOfEveryFactGives()
            throws Exception {
        long seed = Long.getLong("known.seed", System.nanoTime());
        System.out.println("KnownBeforeTheLastEventTest folded forward seed: " + seed + " (-Dknown.seed=" + seed
                + " repeats it)");
        Random random = new Random(seed);
        int folded = 0;
        int foldedFromKept = 0;
        String id = "known-before-forward";
        ProjectStory story = new StoryGenerator(random.nextLong()).withPeriods().story(id,
                3_100 + random.nextInt(700), STORY_START);
        FactReads.Stored stored = reads.store(new FoldedProject(id, programme.periods()).apply(story.events()));
        ProjectSummary current = stored.summary();
        long farthest = current.version() - ProjectReplay.TAKEN_BACK_AT_MOST - 1;
        for (int i = 0; i < 40; i++) {
            // Now and then on a kept summary (read as kept) or just before it, or the first events.
            long version = switch (i % 5) {
                case 0 -> ProjectSummaries.SNAPSHOT_EVERY * (1 + random.nextInt(2));
                case 1 -> random.nextInt(3);
                case 2 -> ProjectSummaries.SNAPSHOT_EVERY * (1 + random.nextInt(2)) - 1 - random.nextInt(3);
                default -> random.nextLong(farthest + 1);
            };
            String as = "seed " + seed + ", version " + version;
            Instant knownAt = Instant.parse(stored.history().range(id, version, 1).get(0).time());
            // Read once for the three answers below, each of which reads its own.
            ProjectReplay.Replayed everyFact = replay.atVersion(current, version, knownAt, stored.activities(),
                    stored.measurements());
            // Whether the project folds forward or not: a trace counts its figure from the period's facts alone.
            assertSameTrace(stored, everyFact, version, knownAt, random, as);
            ProjectSummary answer;
            try (HeldReplay running = HeldReplay.of(permits)) {
                answer = replay.replay(current, null, knownAt, stored.history(), stored.activities(),
                        stored.measurements(), stored.summaries()).orElseThrow();
            }
            folded++;
            foldedFromKept += version >= ProjectSummaries.SNAPSHOT_EVERY ? 1 : 0;
            assertSameProject(answer, everyFact.summary(), as);
            // As of a day too: its month's facts as they stood then, some moved out of it or into it since.
            LocalDate day = day(random);
            try (HeldReplay running = HeldReplay.of(permits)) {
                answer = replay.replay(current, day, knownAt, stored.history(), stored.activities(),
                        stored.measurements(), stored.summaries()).orElseThrow();
            }
            assertSameProject(answer, replay.folded(everyFact.summary(), day, everyFact.facts()),
                    as + ", as of " + day);
        }
        assertThat(folded).as("folded forward, of 40").isEqualTo(40);
        assertThat(foldedFromKept).as("folded forward from a kept summary").isGreaterThanOrEqualTo(8);
    }

    /**
     * As of a day long before the last event, as known then: training "moved" and measurement "m-moved" counted in
     * March then, and were corrected into May more than 1,000 events later; training "came", of July then, was
     * corrected into March as well. Each counts where it stood then, read through every statement's day, while every
     * permit is taken, so that a replay of every fact would be refused.
     */
    @Test
    void longBeforeTheLastEventAsOfADayItsMonthHoldsTheFactsThatStoodThereThenThoughMovedSince() throws Exception {
        String id = "known-before-forward-asof";
        FoldedProject project = trainings(id, (int) ProjectSummaries.SNAPSHOT_EVERY).apply(
                KnownAtTheLastEventTest.training(id, "moved", LocalDate.of(2024, 3, 10), 5),
                KnownAtTheLastEventTest.training(id, "came", LocalDate.of(2024, 7, 10), 1),
                new IndicatorMeasured(id, "aware", "m-moved", LocalDate.of(2024, 3, 12), 52, null, Map.of(), null));
        long moment = project.summary().version();
        moreThanTakenBack(project, LocalDate.of(2025, 1, 2));
        project.apply(new ActivityCorrected(id, "moved", "training-delivered",
                        Received.data(KnownAtTheLastEventTest.training(id, "moved", LocalDate.of(2024, 5, 10), 5)),
                        "Misdated"),
                new ActivityCorrected(id, "came", "training-delivered",
                        Received.data(KnownAtTheLastEventTest.training(id, "came", LocalDate.of(2024, 3, 11), 1)),
                        "Misdated"),
                new MeasurementCorrected(id, "aware", "m-moved", LocalDate.of(2024, 5, 12), 52, null, Map.of(), null,
                        "Misdated"));
        FactReads.Stored stored = reads.store(project);
        ProjectSummary current = stored.summary();
        Instant knownAt = FoldedProject.recordedAt(moment);
        LocalDate day = LocalDate.of(2024, 3, 31);

        ProjectSummary asOf;
        try (HeldReplay running = HeldReplay.of(permits)) {
            asOf = replay.replay(current, day, knownAt, stored.history(), stored.activities(), stored.measurements(),
                    stored.summaries()).orElseThrow();
        }

        ProjectSummary everyFact = everyFact(stored, current, moment, knownAt, day);
        assertSameProject(asOf, everyFact, "as of " + day);
        ProjectSummary now = replay.replay(current, day, null, stored.history(), stored.activities(),
                stored.measurements(), stored.summaries()).orElseThrow();
        assertThat(asOf.counts().active()).as("'moved' then, not 'came'").isEqualTo(now.counts().active())
                .isEqualTo(everyFact.counts().active());
        assertThat(asOf.totals().total().participants() - now.totals().total().participants())
                .as("'moved' (15 people) counted then, 'came' (11) now").isEqualTo(15 - 11);
        assertThat(asOf.indicator("aware").orElseThrow().progress().overall().value("latest")).as("m-moved")
                .isEqualByComparingTo("52");
        assertThat(now.indicator("aware").orElseThrow().progress().overall().value("latest")).as("m-1, of February")
                .isEqualByComparingTo("40");
    }

    /**
     * Since the summary kept before the moment, the activity latest of an indicator aggregated as "latest" was
     * retracted: the fold forward asks which stood latest then, and reads it from the month's facts as they stood
     * then, so the project is folded forward without a permit, before the retraction and after it alike.
     */
    @Test
    void longBeforeTheLastEventATakenAwayLatestIsReadFromTheFactsAsTheyStoodThen() throws Exception {
        String id = "known-before-forward-latest";
        FoldedProject project = trainings(id, (int) ProjectSummaries.SNAPSHOT_EVERY);
        project.apply(new IndicatorDefined(id, "group", "Latest group", "count", "participants", "latest", 0, 30,
                        List.of(), List.of()),
                group(id, "g-1", LocalDate.of(2024, 3, 5), 12),
                group(id, "g-2", LocalDate.of(2024, 3, 10), 20),
                new ActivityRetracted(id, "g-2", "Recorded twice"));
        long moment = project.summary().version();
        moreThanTakenBack(project, LocalDate.of(2025, 1, 2));
        // Since: g-1 moved out of March, where it no longer counts now but did then.
        project.apply(new ActivityCorrected(id, "g-1", "training-delivered",
                Received.data(group(id, "g-1", LocalDate.of(2024, 4, 5), 12)), "Misdated"));
        FactReads.Stored stored = reads.store(project);
        ProjectSummary current = stored.summary();
        Instant knownAt = FoldedProject.recordedAt(moment);

        ProjectSummary before;
        ProjectSummary then;
        try (HeldReplay running = HeldReplay.of(permits)) {
            before = replay.replay(current, null, FoldedProject.recordedAt(moment - 1), stored.history(),
                    stored.activities(), stored.measurements(), stored.summaries()).orElseThrow();
            then = replay.replay(current, null, knownAt, stored.history(), stored.activities(),
                    stored.measurements(), stored.summaries()).orElseThrow();
        }
        assertSameProject(before, everyFact(stored, current, moment - 1), "before the retraction");
        assertThat(before.indicator("group").orElseThrow().progress().overall().value("latest")).as("g-2's group")
                .isEqualByComparingTo("20");
        assertSameProject(then, everyFact(stored, current, moment), "after it");
        assertThat(then.indicator("group").orElseThrow().progress().overall().value("latest")).as("g-1's group")
                .isEqualByComparingTo("12");
    }

    /**
     * Since the summary kept before the moment, seven of the eight activities kept as last were retracted and the
     * eighth moved to a month that held nothing: once none of those kept stands, the fold forward asks which stood
     * last, and reads them month by month back from that month, the one the event moved its activity to, as they
     * stood then; without a permit, as a replay of every fact known then gives them, as of a day too.
     */
    @Test
    void longBeforeTheLastEventTheLastActivitiesTakenAwayAreReadAgainFromTheMonthsTheyStoodInThen()
            throws Exception {
        String id = "known-before-forward-last";
        FoldedProject project = KnownAtTheLastEventTest.registered(id, programme);
        for (int i = 0; project.summary().version() < ProjectSummaries.SNAPSHOT_EVERY - 5; i++) {
            project.apply(KnownAtTheLastEventTest.training(id, "early-" + i, LocalDate.of(2023, 1, 1)
                    .plusDays(i % 365), i));
        }
        for (int i = 0; i < 10; i++) {
            project.apply(KnownAtTheLastEventTest.training(id, "t-" + i, LocalDate.of(2024, 1 + i, 10), i));
        }
        for (int i = 9; i >= 3; i--) {
            project.apply(new ActivityRetracted(id, "t-" + i, "Recorded twice"));
        }
        LocalDate movedTo = LocalDate.of(2025, 11, 5);
        project.apply(new ActivityCorrected(id, "t-2", "training-delivered",
                Received.data(KnownAtTheLastEventTest.training(id, "t-2", movedTo, 2)), "Misdated"));
        long moment = project.summary().version();
        moreThanTakenBack(project, LocalDate.of(2025, 12, 2));
        FactReads.Stored stored = reads.store(project);
        ProjectSummary current = stored.summary();
        Instant knownAt = FoldedProject.recordedAt(moment);
        LocalDate day = LocalDate.of(2025, 11, 30);

        ProjectSummary then;
        ProjectSummary asOf;
        try (HeldReplay running = HeldReplay.of(permits)) {
            then = replay.replay(current, null, knownAt, stored.history(), stored.activities(),
                    stored.measurements(), stored.summaries()).orElseThrow();
            asOf = replay.replay(current, day, knownAt, stored.history(), stored.activities(),
                    stored.measurements(), stored.summaries()).orElseThrow();
        }
        assertSameProject(then, everyFact(stored, current, moment), "known then");
        assertThat(then.lastActivities().latest()).as("read again, the moved one first").hasSize(LastActivities.KEPT)
                .first().extracting(Bucket.Latest::on).isEqualTo(movedTo);
        assertSameProject(asOf, everyFact(stored, current, moment, knownAt, day), "as of " + day);
    }

    /**
     * As of a day long before the last event, the summary kept too few activities before the day's month, so the
     * months before it are read, latest first, until as many stood: only those where one stood then, not a month
     * of 500 activities that were all retracted by then, which lies between.
     */
    @Test
    void longBeforeTheLastEventAsOfADayTheMonthsBeforeItWhereNothingStoodThenAreNotRead() throws Exception {
        String id = "known-before-forward-none-stood";
        FoldedProject project = KnownAtTheLastEventTest.registered(id, programme);
        for (int i = 0; i < 20; i++) {
            project.apply(KnownAtTheLastEventTest.training(id, "old-" + i, LocalDate.of(2022, 1, 1 + i), i));
        }
        int duplicates = 500;
        for (int i = 0; i < duplicates; i++) {
            project.apply(KnownAtTheLastEventTest.training(id, "twice-" + i, LocalDate.of(2023, 5, 1 + i % 31), i));
        }
        for (int i = 0; i < duplicates; i++) {
            project.apply(new ActivityRetracted(id, "twice-" + i, "Recorded twice"));
        }
        for (int i = 0; i < 3; i++) {
            project.apply(KnownAtTheLastEventTest.training(id, "t-" + i, LocalDate.of(2024, 1, 5 + 5 * i), i));
        }
        long moment = project.summary().version();
        moreThanTakenBack(project, LocalDate.of(2025, 12, 2));
        FactReads.Stored stored = reads.store(project);
        ProjectSummary current = stored.summary();
        Instant knownAt = FoldedProject.recordedAt(moment);
        LocalDate day = LocalDate.of(2023, 12, 31);

        long known;
        long asOfTheDay;
        ProjectSummary asOf;
        try (HeldReplay running = HeldReplay.of(permits)) {
            reads.reset();
            replay.replay(current, null, knownAt, stored.history(), stored.activities(), stored.measurements(),
                    stored.summaries()).orElseThrow();
            known = reads.read();
            reads.reset();
            asOf = replay.replay(current, day, knownAt, stored.history(), stored.activities(), stored.measurements(),
                    stored.summaries()).orElseThrow();
            asOfTheDay = reads.read();
        }
        assertSameProject(asOf, everyFact(stored, current, moment, knownAt, day), "as of " + day);
        assertThat(asOf.lastActivities().latest()).as("the last before the day").hasSize(LastActivities.KEPT)
                .allMatch(last -> last.on().getYear() == 2022);
        // The 20 of January 2022, and not the 500 of May 2023.
        assertThat(asOfTheDay - known).as("facts read for the day").isLessThan(duplicates / 2);
    }

    /**
     * Since the summary kept before the moment, a clean-up retracted a big month's activities one by one, the latest
     * first, each the latest figure of an indicator aggregated as "latest": every retraction asks which stood
     * latest then, which reads that month's facts again. Past {@value ProjectReplay#RECOUNTS_READ_AT_MOST} facts so
     * read, the project is replayed from every fact under a permit instead (refused while every permit is taken),
     * and reads far fewer facts than the fold forward would have.
     */
    @Test
    void longBeforeTheLastEventAFoldThatWouldReadABigMonthAgainForEachEventIsReplayedInstead() throws Exception {
        String id = "known-before-forward-clean-up";
        FoldedProject project = KnownAtTheLastEventTest.registered(id, programme).apply(new IndicatorDefined(id,
                "group", "Latest group", "count", "participants", "latest", 0, 30, List.of(), List.of()));
        int inMonth = (int) ProjectSummaries.SNAPSHOT_EVERY;
        for (int i = 0; i < inMonth; i++) {
            project.apply(group(id, "g-" + i, LocalDate.of(2024, 3, 1 + i * 31 / inMonth), 10 + i % 7));
        }
        int retracted = 100;
        for (int i = inMonth - 1; i >= inMonth - retracted; i--) {
            project.apply(new ActivityRetracted(id, "g-" + i, "Recorded twice"));
        }
        long moment = project.summary().version();
        moreThanTakenBack(project, LocalDate.of(2025, 1, 2));
        FactReads.Stored stored = reads.store(project);
        ProjectSummary current = stored.summary();
        Instant knownAt = FoldedProject.recordedAt(moment);

        reads.reset();
        try (HeldReplay running = HeldReplay.of(permits)) {
            assertThatThrownBy(() -> replay.replay(current, null, knownAt, stored.history(), stored.activities(),
                    stored.measurements(), stored.summaries())).as("no permit").isInstanceOf(TooManyReplays.class);
        }
        // The bound, the one fact read past it, and the fact each event folded names, where reading the month's
        // 1,000 facts again for each of the 100 retractions would be 100,000.
        assertThat(reads.read()).as("facts read before it gave way").isLessThanOrEqualTo(
                ProjectReplay.RECOUNTS_READ_AT_MOST + 1 + moment - ProjectSummaries.SNAPSHOT_EVERY);
        ProjectSummary then = replay.replay(current, null, knownAt, stored.history(), stored.activities(),
                stored.measurements(), stored.summaries()).orElseThrow();
        assertSameProject(then, everyFact(stored, current, moment), "replayed under a permit");
    }

    /**
     * Ten events after the first kept summary of a project of 2,500 trainings and of one of 6,000, known then: the
     * same facts are read in both, and as many history entries but for the bisect's, and no permit is taken; as of a
     * day too, with that day's month as it stood then; and a page of the trace of all their participants, with the
     * months it reaches into as they stood then. Without a kept summary (a generation projected before they were
     * kept), every fact is replayed instead.
     */
    @Test
    void longBeforeTheLastEventAProjectReadsAsManyFactsWhateverItsHistory() throws Exception {
        long[] read = new long[2];
        int[] entries = new int[2];
        int[] sizes = {2_500, 6_000};
        long moment = ProjectSummaries.SNAPSHOT_EVERY + 10;
        long[] readAsOf = new long[2];
        long[] readTrace = new long[2];
        Figure everyone = new Figure(null, null, null, null);
        // Its month and the months before it, for the last activities: each held trainings then, and more since.
        LocalDate day = LocalDate.of(2024, 3, 15);
        for (int i = 0; i < sizes.length; i++) {
            String id = "known-before-forward-cost-" + sizes[i];
            FactReads.Stored stored = reads.store(trainings(id, sizes[i]));
            ProjectSummary current = stored.summary();
            Instant knownAt = FoldedProject.recordedAt(moment);
            reads.reset();
            int before = stored.history().read();
            ProjectSummary then;
            try (HeldReplay running = HeldReplay.of(permits)) {
                then = replay.replay(current, null, knownAt, stored.history(), stored.activities(),
                        stored.measurements(), stored.summaries()).orElseThrow();
            }
            read[i] = reads.read();
            entries[i] = stored.history().read() - before;
            assertSameProject(then, everyFact(stored, current, moment), sizes[i] + " trainings");
            reads.reset();
            try (HeldReplay running = HeldReplay.of(permits)) {
                then = replay.replay(current, day, knownAt, stored.history(), stored.activities(),
                        stored.measurements(), stored.summaries()).orElseThrow();
            }
            readAsOf[i] = reads.read();
            assertSameProject(then, everyFact(stored, current, moment, knownAt, day), sizes[i] + " trainings, as of "
                    + day);
            reads.reset();
            Traces traces = new Traces(programme.periods());
            PagedTrace page;
            try (HeldReplay running = HeldReplay.of(permits)) {
                ProjectSummary known = replay.withoutEveryFact(current, new ProjectReplay.Head(moment, knownAt),
                        stored.history(), stored.activities(), stored.measurements(), stored.summaries())
                        .orElseThrow();
                page = pageAsItStood(stored, known, everyone, 30, 20, VisibleTraces.PAGE_READS_AT_MOST).orElseThrow();
            }
            readTrace[i] = reads.read();
            ProjectReplay.Replayed everyFact = replay.atVersion(current, moment, knownAt, stored.activities(),
                    stored.measurements());
            assertThat(page).as("%s trainings, a page of the trace of all time", sizes[i]).isEqualTo(PagedTrace.of(
                    traces.trace(everyFact.summary(), everyone, everyFact.facts().activities(), List.of()), 30, 20));

            ProjectSummaries noneKept = new ProjectSummaries(reads.database(), new Generation(9, 1),
                    new ProjectViews(programme.periods()));
            try (HeldReplay running = HeldReplay.of(permits)) {
                assertThatThrownBy(() -> replay.replay(current, null, knownAt, stored.history(), stored.activities(),
                        stored.measurements(), noneKept)).as("none kept").isInstanceOf(TooManyReplays.class);
            }
        }
        assertThat(read[1]).as("facts read long before the last events of 6,000 trainings, as of 2,500")
                .isEqualTo(read[0]).isPositive().isLessThan(100);
        assertThat(readAsOf[1]).as("as of %s too", day).isEqualTo(readAsOf[0]).isGreaterThan(read[0])
                .isLessThan(200);
        assertThat(readTrace[1]).as("a page of the trace of all time too").isEqualTo(readTrace[0])
                .isGreaterThan(read[0]).isLessThan(200);
        // But for the bisect that finds the moment: one entry more per doubling of the history.
        assertThat(entries[1]).as("history entries read").isBetween(entries[0], entries[0] + 2).isLessThan(100);
    }

    /**
     * A page of all that happened in Prishtinë, where one training a month happened among thirty elsewhere: the months
     * it reaches into are read whole, so past its bound the page gives way (to the replay of every fact, under a
     * permit) after reading at most one fact more; within it, the page is the replay's.
     */
    @Test
    void longBeforeTheLastEventAPageOfATraceOfAllTimeThatWouldReadMoreThanItsBoundGivesWay() throws Exception {
        String id = "known-before-trace-bound";
        FoldedProject project = KnownAtTheLastEventTest.registered(id, programme);
        for (int month = 0; month < 12; month++) {
            LocalDate first = LocalDate.of(2024, 1, 1).plusMonths(month);
            project.apply(new TrainingDelivered(id, "far-" + month, "Training", first, "Prishtinë",
                    Participants.total(5), null, List.of(), null, 1));
            for (int i = 0; i < 30; i++) {
                project.apply(KnownAtTheLastEventTest.training(id, "near-" + month + "-" + i,
                        first.plusDays(1 + i % 27), i));
            }
        }
        long moment = project.summary().version();
        moreThanTakenBack(project, LocalDate.of(2024, 6, 2));
        FactReads.Stored stored = reads.store(project);
        ProjectSummary then = replay.withoutEveryFact(stored.summary(), new ProjectReplay.Head(moment,
                        FoldedProject.recordedAt(moment)), stored.history(), stored.activities(), stored.measurements(),
                stored.summaries()).orElseThrow();
        Figure prishtine = new Figure(null, null, "Prishtinë", null);

        reads.reset();
        assertThat(pageAsItStood(stored, then, prishtine, 0, 10, 100)).as("ten months of 31 facts each").isEmpty();
        assertThat(reads.read()).as("facts read before it gave way").isEqualTo(100 + 1);
        ProjectReplay.Replayed everyFact = replay.atVersion(stored.summary(), moment, FoldedProject.recordedAt(moment),
                stored.activities(), stored.measurements());
        PagedTrace page = pageAsItStood(stored, then, prishtine, 0, 10, 10 * 31).orElseThrow();
        assertThat(page.items()).extracting(Trace.Item::id).containsExactly("far-0", "far-1", "far-2", "far-3",
                "far-4", "far-5", "far-6", "far-7", "far-8", "far-9");
        assertThat(page).isEqualTo(PagedTrace.of(new Traces(programme.periods()).trace(everyFact.summary(), prishtine,
                everyFact.facts().activities(), List.of()), 0, 10));
    }

    /** A page of the figure as it stood at {@code then}, from the months it reaches into, read within a bound. */
    private java.util.Optional<PagedTrace> pageAsItStood(FactReads.Stored stored, ProjectSummary then, Figure figure,
                                                         int page, int size, int factsAtMost) {
        Traces traces = new Traces(programme.periods());
        return replay.readingDaysAsTheyStood(then, factsAtMost, stored.activities(), stored.measurements(),
                days -> traces.trace(then, figure, days, page, size));
    }

    /** Trainings on {@code on}, one more than a replay takes back: a moment before them is folded forward. */
    private static void moreThanTakenBack(FoldedProject project, LocalDate on) {
        String id = project.summary().projectId();
        for (int i = 0; i < ProjectReplay.TAKEN_BACK_AT_MOST + 1; i++) {
            project.apply(KnownAtTheLastEventTest.training(id, "later-" + i, on, i));
        }
    }

    /** What a moment of a random history must hold. */
    private interface AtMoment {
        void check(FactReads.Stored stored, long version, Random random, String as) throws Exception;
    }

    /**
     * {@code check} at 25 moments of each of {@code projects} random histories (the reporting workflow's): any event
     * but the last, or one of the last twenty.
     */
    private void atRandomMoments(String name, int projects, AtMoment check) throws Exception {
        long seed = Long.getLong("known.seed", System.nanoTime());
        System.out.println("KnownBeforeTheLastEventTest " + name + " seed: " + seed + " (-Dknown.seed=" + seed
                + " repeats it)");
        Random random = new Random(seed);
        for (int project = 0; project < projects; project++) {
            String id = "known-before-" + name.replace(' ', '-') + "-" + project;
            ProjectStory story = new StoryGenerator(random.nextLong()).withPeriods()
                    .story(id, 60 + random.nextInt(300), STORY_START);
            FactReads.Stored stored = reads.store(new FoldedProject(id, programme.periods()).apply(story.events()));
            long last = stored.summary().version();
            for (int i = 0; i < 25; i++) {
                long version = i % 2 == 0 ? random.nextLong(last) : Math.max(0, last - 1 - random.nextInt(20));
                check.check(stored, version, random, "seed " + seed + ", project " + project + ", version " + version);
            }
        }
    }

    /** A month's first or last day, or any day, over the stories' days (2021 and 2023 to 2025) and around them. */
    private static LocalDate day(Random random) {
        LocalDate any = random.nextInt(10) == 0 ? LocalDate.of(2021, 1, 1).plusDays(random.nextInt(365))
                : LocalDate.of(2022, 12, 1).plusDays(random.nextInt(1130));
        return switch (random.nextInt(3)) {
            case 0 -> any.withDayOfMonth(1);
            case 1 -> any.withDayOfMonth(any.lengthOfMonth());
            default -> any;
        };
    }

    @Test
    void moreEventsSinceThanItTakesBackAreReplayedInsteadAndARedefinitionSinceIsTakenBack() {
        String id = "known-before-refused";
        FoldedProject project = trainings(id, ProjectReplay.TAKEN_BACK_AT_MOST + 5);
        FactReads.Stored stored = reads.store(project);
        long lastTraining = stored.summary().version();

        assertThat(takenBack(stored, lastTraining - ProjectReplay.TAKEN_BACK_AT_MOST)).as("as many as it takes back")
                .isPresent();
        assertThat(takenBack(stored, lastTraining - ProjectReplay.TAKEN_BACK_AT_MOST - 1)).as("one more").isEmpty();

        // What an indicator counts and how it aggregates are never redefined: its figures are taken back alike, and
        // shown against its definition of then.
        FactReads.Stored redefined = reads.store(trainings(id + "-redefined", 3).apply(new IndicatorRedefined(
                id + "-redefined", "reached", "People reached", 600.0, null, List.of("sex"), "More money")));
        long last = redefined.summary().version();
        ProjectSummary then = takenBack(redefined, last - 1).orElseThrow();
        assertSameProject(then, everyFact(redefined, redefined.summary(), last - 1), "before the redefinition");
        assertThat(then.indicator("reached").orElseThrow().definition().target()).isEqualTo(500.0);
    }

    /**
     * While a batch is being written, or after a stop cut one short, the store holds facts ahead of the summary:
     * taken back from that summary, they count as they stood at the moment asked for, never as the batch left them.
     * Here a later training of the same month and place, and a correction of the measurement that was latest before,
     * are in the store but not yet in the summary.
     */
    @Test
    void factsTheStoreHoldsAheadOfTheSummaryCountAsTheyStoodThen() {
        String id = "known-before-ahead";
        FoldedProject project = new FoldedProject(id, programme.periods()).apply(
                new ProjectRegistered(id, "org", "Org", false, "Project " + id, null, null, null, null,
                        List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)),
                new IndicatorDefined(id, "group", "Latest group", "count", "participants", "latest", 0, 30,
                        List.of(), List.of()),
                new IndicatorDefined(id, "aware", "Aware", "percent", "measured", "latest", 10, 60, List.of(),
                        List.of()),
                new IndicatorMeasured(id, "aware", "m-1", LocalDate.of(2024, 3, 2), 40, "Gjilan", Map.of(), null),
                group(id, "a-1", LocalDate.of(2024, 3, 5), 12));
        long moment = project.summary().version();
        project.apply(group(id, "a-2", LocalDate.of(2024, 3, 10), 20),
                new IndicatorMeasured(id, "aware", "m-2", LocalDate.of(2024, 3, 8), 45, "Gjilan", Map.of(), null));
        ProjectSummary summary = project.summary();
        project.apply(group(id, "a-3", LocalDate.of(2024, 3, 20), 99),
                new MeasurementCorrected(id, "aware", "m-1", LocalDate.of(2024, 3, 25), 99, "Gjilan", Map.of(), null,
                        "Recounted"));
        FactReads.Stored stored = reads.store(project);

        ProjectSummary then = replay.takenBack(summary, moment, FoldedProject.recordedAt(moment), stored.history(),
                stored.activities(), stored.measurements()).orElseThrow();

        assertSameProject(then, everyFact(stored, summary, moment), "taken back from a summary behind the store");
        assertThat(then.indicator("group").orElseThrow().progress().overall().value("latest")).as("a-1's group")
                .isEqualByComparingTo("12");
        assertThat(then.indicator("aware").orElseThrow().progress().overall().value("latest")).as("m-1 as measured")
                .isEqualByComparingTo("40");
    }

    /**
     * Every activity kept as happening last was recorded after the moment, so taking them back refills the list
     * from the facts of then, among them older activities corrected since, which are taken back after: each is
     * kept once.
     */
    @Test
    void takenBackPastEveryActivityKeptAsLastTheLastActivitiesAreKeptOnceEach() {
        String id = "known-before-last";
        FoldedProject project = trainings(id, 20);
        long moment = project.summary().version();
        for (int i = 0; i < LastActivities.KEPT; i++) {
            project.apply(KnownAtTheLastEventTest.training(id, "n-" + i, LocalDate.of(2025, 6, 1 + i), i));
        }
        for (int i = 15; i < 20; i++) {
            LocalDate on = LocalDate.of(2023, 1, 3).plusDays(i + 1);
            project.apply(new ActivityCorrected(id, "t-" + i, "training-delivered",
                    Received.data(KnownAtTheLastEventTest.training(id, "t-" + i, on, i)), "A day later"));
        }
        FactReads.Stored stored = reads.store(project);

        ProjectSummary then = takenBack(stored, moment).orElseThrow();

        assertSameProject(then, everyFact(stored, stored.summary(), moment), "past the kept ones");
        assertThat(then.lastActivities().latest()).doesNotHaveDuplicates().hasSize(LastActivities.KEPT);
    }

    /**
     * The last few events of a project of 100 trainings and of one of 1,000, the same in both: known before them,
     * the project reads the same facts, and takes no permit (every one is held).
     */
    @Test
    void knownBeforeItsLastFewEventsAProjectReadsAsManyFactsWhateverItsHistory() throws Exception {
        long[] read = new long[2];
        int[] sizes = {100, 1_000};
        for (int i = 0; i < sizes.length; i++) {
            String id = "known-before-cost-" + sizes[i];
            FoldedProject project = trainings(id, sizes[i]);
            long before = project.summary().version();
            project.apply(new ActivityCorrected(id, "t-3", "training-delivered",
                            Received.data(KnownAtTheLastEventTest.training(id, "t-3", LocalDate.of(2025, 3, 1), 40)),
                            "Moved"),
                    new ActivityRetracted(id, "t-" + (sizes[i] - 1), "Recorded twice"),
                    KnownAtTheLastEventTest.training(id, "t-new", LocalDate.of(2025, 6, 1), 7),
                    new IndicatorMeasured(id, "aware", "m-new", LocalDate.of(2025, 6, 2), 44, null, Map.of(), null),
                    new MeasurementCorrected(id, "aware", "m-1", LocalDate.of(2025, 6, 3), 41, null, Map.of(), null,
                            "Recounted"),
                    new MeasurementRetracted(id, "aware", "m-2", "A pilot"));
            FactReads.Stored stored = reads.store(project);
            ProjectSummary current = stored.summary();
            Instant knownAt = FoldedProject.recordedAt(before);
            reads.reset();
            ProjectSummary then;
            try (HeldReplay running = HeldReplay.of(permits)) {
                then = replay.replay(current, null, knownAt, stored.history(), stored.activities(),
                        stored.measurements(), stored.summaries()).orElseThrow();
            }
            read[i] = reads.read();
            assertSameProject(then, everyFact(stored, current, before), sizes[i] + " trainings");
            assertThat(then.counts().recorded()).isEqualTo(sizes[i]);
        }
        assertThat(read[1]).as("facts read known before the last events of 1,000 trainings, as of 100")
                .isEqualTo(read[0]).isPositive();
    }

    /**
     * A figure of a period, traced as it stood at {@code version} from the facts that period's days ever held (while
     * every permit is taken), is the trace a replay of every fact gives: of the project's activities or an
     * indicator's progress, anywhere or at one place, in a period or a month outside them, now and then of one
     * participant category or type. {@code everyFact} is that replay, of the facts known at {@code recordedAt}.
     */
    private void assertSameTrace(FactReads.Stored stored, ProjectReplay.Replayed everyFact, long version,
                                 Instant recordedAt, Random random, String as) throws Exception {
        ProjectSummary current = stored.summary();
        List<Indicator> indicators = everyFact.summary().indicators();
        String indicatorId = indicators.isEmpty() || random.nextInt(3) == 0 ? null
                : indicators.get(random.nextInt(indicators.size())).indicatorId();
        String place = switch (random.nextInt(4)) {
            case 0 -> "Gjilan";
            case 1 -> IndicatorProgress.NATIONAL;
            default -> null;
        };
        String category = switch (random.nextInt(4)) {
            case 0 -> "sex:female";
            case 1 -> "type:training-delivered";
            default -> null;
        };
        Figure figure = new Figure(indicatorId, programme.periods().listedIn(day(random)), place, category);
        Programme.Period days = programme.periods().range(figure.period());
        ProjectReplay.Replayed inDays;
        try (HeldReplay running = HeldReplay.of(permits)) {
            inDays = replay.inDays(current, new ProjectReplay.Head(version, recordedAt), days.start(), days.end(),
                    figure.indicatorId(), stored.activities(), stored.measurements());
        }
        Traces traces = new Traces(programme.periods());
        assertThat(traces.trace(inDays.summary(), figure, inDays.facts().activities(), inDays.facts().measurements()))
                .as("%s: %s", as, figure).isEqualTo(traces.trace(everyFact.summary(), figure,
                        everyFact.facts().activities(), everyFact.facts().measurements()));

        // The same figure of all time, a page at a time from the months it reaches into as they stood then (but for an
        // indicator's of a category, which its months do not count: replayed from every fact).
        Figure ofAllTime = new Figure(indicatorId, null, place, category);
        if (!Traces.countsByMonth(ofAllTime)) {
            return;
        }
        Trace whole = traces.trace(everyFact.summary(), ofAllTime, everyFact.facts().activities(),
                everyFact.facts().measurements());
        int size = 1 + random.nextInt(25);
        long pages = PagedTrace.of(whole, 0, size).totalPages();
        try (HeldReplay running = HeldReplay.of(permits)) {
            ProjectSummary then = replay.withoutEveryFact(current, new ProjectReplay.Head(version, recordedAt),
                    stored.history(), stored.activities(), stored.measurements(), stored.summaries()).orElseThrow();
            for (long page : new TreeSet<>(List.of(0L, pages - 1, pages, random.nextLong(pages + 1),
                    random.nextLong(pages + 1)))) {
                if (page >= 0) {
                    assertThat(pageAsItStood(stored, then, ofAllTime, (int) page, size,
                            VisibleTraces.PAGE_READS_AT_MOST)).as("%s: %s, page %s of %s", as, ofAllTime, page, size)
                            .contains(PagedTrace.of(whole, (int) page, size));
                }
            }
        }
    }

    private java.util.Optional<ProjectSummary> takenBack(FactReads.Stored stored, long version) {
        return replay.takenBack(stored.summary(), version, FoldedProject.recordedAt(version), stored.history(),
                stored.activities(), stored.measurements());
    }

    /** {@link #everyFact} as of {@code day}, the event at {@code version} recorded at {@code recordedAt}. */
    private ProjectSummary everyFact(FactReads.Stored stored, ProjectSummary current, long version,
                                     Instant recordedAt, LocalDate day) {
        ProjectReplay.Replayed then = replay.atVersion(current, version, recordedAt, stored.activities(),
                stored.measurements());
        return replay.folded(then.summary(), day, then.facts());
    }

    /** The project as the replay of every fact known once the event at {@code version} had been applied gives it. */
    private ProjectSummary everyFact(FactReads.Stored stored, ProjectSummary current, long version) {
        return everyFact(stored, current, version, FoldedProject.recordedAt(version));
    }

    /** {@link #everyFact}, the event at {@code version} recorded at {@code recordedAt}. */
    private ProjectSummary everyFact(FactReads.Stored stored, ProjectSummary current, long version,
                                     Instant recordedAt) {
        return replay.atVersion(current, version, recordedAt, stored.activities(), stored.measurements()).summary();
    }

    private static TrainingDelivered group(String projectId, String activityId, LocalDate on, int people) {
        return new TrainingDelivered(projectId, activityId, "Training", on, "Gjilan", Participants.total(people), null,
                List.of("group"), null, 1);
    }

    /**
     * The same project as the replay of every fact gives, but that it may keep fewer of the activities that happened
     * last: the latest of them, at least one while any stood, as the live summary does.
     */
    private static void assertSameProject(ProjectSummary takenBack, ProjectSummary everyFact, String as) {
        ProjectSummary actual = takenBack.withLastActivities(LastActivities.NONE);
        ProjectSummary expected = everyFact.withLastActivities(LastActivities.NONE);
        // The records' own equality first: AssertJ's recursive comparison checks each value it visits against every
        // one visited before, which took half of this class's time; it only names the field that differs.
        if (!actual.equals(expected)) {
            assertThat(actual).as(as).usingRecursiveComparison().isEqualTo(expected);
            assertThat(actual).as(as).isEqualTo(expected);
        }
        List<Bucket.Latest> kept = takenBack.lastActivities().latest();
        assertThat(everyFact.lastActivities().latest()).as("%s: the latest activities that stood", as)
                .startsWith(kept.toArray(Bucket.Latest[]::new));
        assertThat(kept.isEmpty()).as("%s: none kept", as).isEqualTo(everyFact.lastActivities().latest().isEmpty());
    }

    /** Trainings towards people reached, and two measurements of an indicator measured as "latest". */
    private FoldedProject trainings(String id, int count) {
        FoldedProject project = KnownAtTheLastEventTest.registered(id, programme).apply(
                new IndicatorMeasured(id, "aware", "m-1", LocalDate.of(2024, 2, 2), 40, null, Map.of(), null),
                new IndicatorMeasured(id, "aware", "m-2", LocalDate.of(2024, 5, 3), 45, "Gjilan", Map.of(), null));
        for (int i = 0; i < count; i++) {
            LocalDate on = LocalDate.of(2023, 1, 3).plusDays(i % 900);
            project.apply(KnownAtTheLastEventTest.training(id, "t-" + i, on, i));
        }
        return project;
    }
}
