package org.kronika.query.replay;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.Participants;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.ProjectReopened;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.fixtures.FactReads;
import org.kronika.query.fixtures.FoldedHistory;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.HeldReplay;
import org.kronika.query.fixtures.ProjectStory;
import org.kronika.query.fixtures.Received;
import org.kronika.query.fixtures.StoryGenerator;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.web.TooManyReplays;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Known at an instant from a project's last event on, the project is what it is now: answered from its summary and
 * stored facts as now is, without a replay of every fact, and the same as that replay gives. An instant before its
 * last event reads its facts and history ({@link KnownBeforeTheLastEventTest}). An IATI file of that moment still
 * reads every fact, as today's does.
 */
class KnownAtTheLastEventTest {

    private static final Instant STORY_START = Instant.parse("2026-01-01T00:00:00Z");
    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    private final Programme programme = Programme.ofContract();
    private final FactReads reads = new FactReads("known-at");
    private final ReplayPermits permits = new ReplayPermits(1, Duration.ofMillis(10));
    private final ProjectReplay replay = new ProjectReplay(programme.periods(), programme.timeZone(), permits);

    /**
     * On random projects with corrections, retractions, redefinitions, amendments, period reports, planned activities,
     * a closure and a reopening, compared through the view the API answers with (the summary's period report
     * statuses, which a replay leaves out, show in no view).
     */
    @ParameterizedTest
    @ValueSource(longs = {5, 17, 29})
    void knownAtOrAfterItsLastEventAProjectIsItsSummaryReadFromNoFactAndNoHistory(long seed) throws Exception {
        String id = "known-at-last-" + seed;
        ProjectStory story = new StoryGenerator(seed).withPeriods().story(id, 300, STORY_START)
                .then(new ProjectClosed(id, LocalDate.of(2025, 12, 31), List.of(), "Closed out"),
                        new ProjectReopened(id, "A training never recorded"));
        FactReads.Stored stored = reads.store(new FoldedProject(id, programme.periods()).apply(story.events()));
        ProjectSummary current = stored.summary();
        ProjectSummary everyFact = replay.atVersion(current, current.version(), current.lastRecordedAt(),
                stored.activities(), stored.measurements()).summary();
        FoldedHistory history = stored.history();
        ProjectViews views = new ProjectViews(programme.periods());

        for (Instant knownAt : List.of(current.lastRecordedAt(), current.lastRecordedAt().plusSeconds(86_400))) {
            reads.reset();
            ProjectSummary then;
            // Every permit taken: a replay of every fact would be refused.
            try (HeldReplay running = HeldReplay.of(permits)) {
                then = replay.replay(current, null, knownAt, history, stored.activities(), stored.measurements(),
                        stored.summaries()).orElseThrow();
            }
            assertThat(views.view(then, TODAY, null, knownAt, true)).as("known at %s", knownAt)
                    .isEqualTo(views.view(everyFact, TODAY, null, knownAt, true));
            assertThat(reads.read()).as("facts read").isZero();
            assertThat(history.read()).as("history entries read").isZero();
        }
    }

    @Test
    void asOfADayAndKnownAtItsLastEventAProjectIsAsOfThatDay() throws Exception {
        FactReads.Stored stored = reads.store(corrected("known-at-last-as-of"));
        ProjectSummary current = stored.summary();
        FoldedHistory history = stored.history();
        for (String day : List.of("2024-02-29", "2024-05-12", "2025-01-01")) {
            LocalDate asOf = LocalDate.parse(day);
            ProjectSummary beforeLast = replay.replay(current, asOf, current.lastRecordedAt().minusNanos(1), history,
                    stored.activities(), stored.measurements(), stored.summaries()).orElseThrow();
            try (HeldReplay running = HeldReplay.of(permits)) {
                assertThat(replay.replay(current, asOf, current.lastRecordedAt(), history, stored.activities(),
                        stored.measurements(), stored.summaries())).as("as of %s", day)
                        .contains(replay.folded(current, asOf, stored.facts()))
                        .contains(replay.replay(current, asOf, null, null, stored.activities(),
                                stored.measurements(), stored.summaries()).orElseThrow());
            }
            // A moment before the last event (a retraction of a measurement of 2022) is replayed, and only that
            // measurement tells the two apart.
            assertThat(beforeLast.version()).isEqualTo(current.version() - 1);
            assertThat(measurementsRetractedIn2022(beforeLast)).as("as of %s", day).isZero();
            assertThat(measurementsRetractedIn2022(replay.folded(current, asOf, stored.facts()))).isOne();
        }
    }

    /** An IATI file lists every fact, so one of that moment reads them all, as today's does, and takes a permit. */
    @Test
    void knownAtItsLastEventTheFactsAreEveryFactStoredReadUnderAPermit() throws Exception {
        FactReads.Stored stored = reads.store(corrected("known-at-last-facts"));
        ProjectSummary current = stored.summary();
        FoldedHistory history = stored.history();
        ProjectReplay.Replayed now = replay.replayed(current, null, current.lastRecordedAt(), history,
                stored.activities(), stored.measurements(), then -> then).orElseThrow();
        ProjectReplay.Replayed everyFact = replay.atVersion(current, current.version(), current.lastRecordedAt(),
                stored.activities(), stored.measurements());

        assertThat(now.summary()).isEqualTo(current).isEqualTo(everyFact.summary());
        assertThat(now.facts().activities()).containsExactlyInAnyOrderElementsOf(everyFact.facts().activities());
        assertThat(now.facts().measurements()).containsExactlyInAnyOrderElementsOf(everyFact.facts().measurements());
        try (HeldReplay running = HeldReplay.of(permits)) {
            assertThatThrownBy(() -> replay.replayed(current, null, current.lastRecordedAt(), history,
                    stored.activities(), stored.measurements(), then -> then)).isInstanceOf(TooManyReplays.class);
        }
    }

    @Test
    void knownAtASecondBeforeItsLastEventAProjectIsAsItWasThenReadFromItsFactsAndHistory() {
        FactReads.Stored stored = reads.store(corrected("known-at-before-last"));
        ProjectSummary current = stored.summary();
        FoldedHistory history = stored.history();
        reads.reset();

        ProjectSummary then = replay.replay(current, null, current.lastRecordedAt().minusSeconds(1), history,
                stored.activities(), stored.measurements(), stored.summaries()).orElseThrow();

        assertThat(then.version()).isEqualTo(current.version() - 1);
        assertThat(measurementsRetractedIn2022(then)).isZero();
        assertThat(measurementsRetractedIn2022(current)).isOne();
        assertThat(reads.read()).as("facts read").isPositive();
        assertThat(history.read()).as("history entries read").isPositive();
    }

    /**
     * What is made of a replay (an IATI activity) is made holding its permit: every fact of the project is in memory
     * until it is done, so a second replay meanwhile waits, and is refused past its wait, rather than hold another
     * project's every fact beside it.
     */
    @Test
    void whatIsMadeOfAReplayIsMadeWithinItsPermit() throws Exception {
        FactReads.Stored stored = reads.store(corrected("known-at-permit"));
        ProjectSummary current = stored.summary();
        java.util.concurrent.CountDownLatch made = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        var making = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var mapping = making.submit(() -> replay.replayed(current, LocalDate.of(2024, 6, 30), null,
                    stored.history(), stored.activities(), stored.measurements(), then -> {
                        made.countDown();
                        try {
                            done.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return then.facts().activities().size();
                    }));
            made.await();

            assertThatThrownBy(() -> permits.during(() -> "another")).isInstanceOf(TooManyReplays.class);
            done.countDown();
            assertThat(mapping.get()).hasValueSatisfying(count -> assertThat(count).isPositive());
            assertThat(permits.during(() -> "another")).isEqualTo("another");
        } finally {
            making.shutdownNow();
        }
    }

    /**
     * A project of 2024 with trainings and measurements, some corrected and retracted, whose last event retracts a
     * measurement of 2022.
     */
    private FoldedProject corrected(String id) {
        FoldedProject project = registered(id, programme);
        for (int i = 0; i < 30; i++) {
            project.apply(training(id, "t-" + i, LocalDate.of(2024, 1, 3).plusDays(i * 9L), i));
        }
        project.apply(new IndicatorMeasured(id, "aware", "m-1", LocalDate.of(2024, 2, 2), 40, null, Map.of(), null),
                new IndicatorMeasured(id, "aware", "m-2", LocalDate.of(2024, 5, 3), 45, "Gjilan", Map.of(), null),
                new IndicatorMeasured(id, "aware", "m-old", LocalDate.of(2022, 5, 2), 20, null, Map.of(), null),
                new ActivityCorrected(id, "t-4", "training-delivered",
                        Received.data(training(id, "t-4", LocalDate.of(2024, 9, 1), 11)), "Recounted"),
                new ActivityCorrected(id, "t-20", "training-delivered",
                        Received.data(training(id, "t-20", LocalDate.of(2024, 2, 10), 3)), "Moved"),
                new ActivityRetracted(id, "t-7", "Recorded twice"),
                new MeasurementRetracted(id, "aware", "m-2", "A pilot"),
                new MeasurementRetracted(id, "aware", "m-old", "A pilot"));
        return project;
    }

    private static long measurementsRetractedIn2022(ProjectSummary summary) {
        return summary.counts().byPeriod().getOrDefault("2022-05",
                org.kronika.query.project.ActivityCounts.Month.NONE).retractedMeasurements();
    }

    /** A project of 2022 to 2025 in Gjilan and Ferizaj, counting people reached (a sum) and measuring awareness. */
    static FoldedProject registered(String id, Programme programme) {
        return new FoldedProject(id, programme.periods()).apply(
                new ProjectRegistered(id, "org", "Org", false, "Project " + id, null, null, null, null,
                        List.of("Gjilan", "Ferizaj"), LocalDate.of(2022, 1, 1), LocalDate.of(2025, 12, 31)),
                new IndicatorDefined(id, "reached", "People reached", "count", "participants", "sum", 0, 500,
                        List.of(), List.of()),
                new IndicatorDefined(id, "aware", "Aware", "percent", "measured", "latest", 10, 60, List.of(),
                        List.of()));
    }

    /** A training towards people reached; every seventh does not say who took part. */
    static TrainingDelivered training(String projectId, String activityId, LocalDate on, int i) {
        return new TrainingDelivered(projectId, activityId, "Training", on, i % 3 == 0 ? "Ferizaj" : "Gjilan",
                i % 7 == 0 ? null : Participants.bySex(10 + i % 7, i % 5, 3), null, List.of("reached"), null, 1);
    }
}
