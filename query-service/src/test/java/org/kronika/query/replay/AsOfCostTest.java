package org.kronika.query.replay;

import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ActivityPlanned;
import org.kronika.events.ActivityRetracted;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.activity.Activities;
import org.kronika.query.fixtures.FactReads;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.HeldReplay;
import org.kronika.query.fixtures.Received;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectSummary;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A project as of a day costs what that day's month holds, not the project's history, once it corrected and
 * retracted facts too (which made it replay every activity and measurement until read models schema 14); and it is
 * what a fold of every fact gives, when answered from the stored facts.
 */
class AsOfCostTest {

    private final Programme programme = Programme.ofContract();
    private final ProjectReplay replay = new ProjectReplay(programme.periods(), programme.timeZone());
    private final FactReads reads = new FactReads("asof");

    @Test
    void aProjectAsOfADayReadsAsManyDocumentsForTenTimesTheFactsOnOtherDays() {
        // May's 20 activities and 2 measurements, retracted ones included, and 8 activities before it.
        assertSameDocumentsForTenTimesTheFacts(false, 30);
    }

    /**
     * As known before the project's last four events, which retract and correct facts of May: taken back from now,
     * then as of the day from the buckets so taken back, with May as it stood then.
     */
    @Test
    void knownBeforeItsLastEventsAProjectAsOfADayReadsAsManyDocumentsForTenTimesTheFacts() {
        // Those above, the two activities and two measurements the last events name, and two more activities
        // before May, since the two named may have stood there then.
        assertSameDocumentsForTenTimesTheFacts(true, 36);
    }

    private void assertSameDocumentsForTenTimesTheFacts(boolean knownBeforeTheLastEvents, int atMost) {
        LocalDate[] days = {LocalDate.of(2024, 5, 20), LocalDate.of(2024, 5, 31), LocalDate.of(2024, 6, 1)};
        for (LocalDate day : days) {
            long small = documentsRead(100, day, knownBeforeTheLastEvents);
            long large = documentsRead(1000, day, knownBeforeTheLastEvents);
            assertThat(large).as("documents read as of %s, known before the last events: %s", day,
                    knownBeforeTheLastEvents).isEqualTo(small).isLessThanOrEqualTo(atMost);
        }
    }

    /**
     * Documents read as of {@code day}, as known now or before the last four events; the answer checked against a
     * fold of every fact known then.
     */
    private long documentsRead(int elsewhere, LocalDate day, boolean knownBeforeTheLastEvents) {
        String id = "asof-" + elsewhere + "-" + day + (knownBeforeTheLastEvents ? "-known" : "");
        FoldedProject project = new FoldedProject(id, programme.periods()).apply(
                new ProjectRegistered(id, "org", "Org", false, "Project " + id, null, null, null, null,
                        List.of("Gjilan", "Ferizaj"), LocalDate.of(2021, 1, 1), LocalDate.of(2026, 12, 31)),
                new IndicatorDefined(id, "reached", "People reached", "count", "participants", "sum", 0, 500,
                        List.of(), List.of()),
                new IndicatorDefined(id, "aware", "Aware", "percent", "measured", "latest", 10, 60, List.of(),
                        List.of()),
                new ActivityPlanned(id, "plan", "Workshops", "training-delivered", 10, List.of("reached")));
        for (int i = 0; i < elsewhere; i++) {
            // Over the same days outside 2024 however many there are.
            LocalDate on = LocalDate.of(2022, 1, 1).plusDays(i * 730L / elsewhere);
            project.apply(training(id, "t-" + i, on.isBefore(LocalDate.of(2023, 1, 1)) ? on : on.plusYears(2), i));
        }
        for (int i = 0; i < 20; i++) {
            project.apply(training(id, "may-" + i, LocalDate.of(2024, 5, 1 + i), i));
        }
        project.apply(new IndicatorMeasured(id, "aware", "m-may", LocalDate.of(2024, 5, 2), 40, null, Map.of(), null),
                new IndicatorMeasured(id, "aware", "m-may-2", LocalDate.of(2024, 5, 3), 45, null, Map.of(), null),
                new IndicatorMeasured(id, "aware", "m-old", LocalDate.of(2022, 5, 2), 20, null, Map.of(), null));
        for (int i = 0; i < elsewhere; i += 10) {
            // A tenth corrected (to another day outside 2024), a tenth retracted, elsewhere and in May alike.
            project.apply(new ActivityCorrected(id, "t-" + i, "training-delivered",
                    Received.data(training(id, "t-" + i, LocalDate.of(2025, 3, 1).plusDays(i % 300), i + 1)),
                    "Recounted"), new ActivityRetracted(id, "t-" + (i + 1), "Recorded twice"));
        }
        long beforeTheLastEvents = project.summary().version();
        project.apply(new ActivityRetracted(id, "may-3", "Recorded twice"),
                new ActivityCorrected(id, "may-4", "training-delivered",
                        Received.data(training(id, "may-4", LocalDate.of(2024, 5, 5), 9)), "Recounted"),
                new MeasurementRetracted(id, "aware", "m-may-2", "A pilot"),
                new MeasurementRetracted(id, "aware", "m-old", "A pilot"));

        ProjectSummary asOf = knownBeforeTheLastEvents ? storedAsOf(project, day, beforeTheLastEvents)
                : storedAsOf(project, day);
        long documents = reads.read();
        assertThat(asOf.counts().retracted()).as("retracted by %s", day)
                .isEqualTo(elsewhere / 20 + (knownBeforeTheLastEvents ? 0 : 1));
        return documents;
    }

    @Test
    void aMeasurementRetractedInAMonthAfterTheDayIsNotCountedAsRecordedByThen() {
        String id = "asof-retracted-later";
        FoldedProject project = registeredInGjilan(id).apply(
                new IndicatorDefined(id, "aware", "Aware", "percent", "measured", "latest", 10, 60, List.of(),
                        List.of()),
                training(id, "t-1", LocalDate.of(2024, 1, 10), 1),
                // It leaves no figure in March's buckets, only its count of retracted measurements.
                new IndicatorMeasured(id, "aware", "m-1", LocalDate.of(2024, 3, 5), 40, null, Map.of(), null),
                new MeasurementRetracted(id, "aware", "m-1", "A pilot"));

        ProjectSummary asOf = storedAsOf(project, LocalDate.of(2024, 2, 15));

        assertThat(asOf.counts().measurements()).as("measurements recorded by 15 February").isZero();
    }

    /**
     * A replay of every fact holds the project's facts in memory, so the instance runs a bounded number at once; one
     * as of a day from the months reads one month's and needs no permit, so it answers while every permit is taken.
     */
    @Test
    void aReplayOfEveryFactWaitsForAPermitAndOneFromTheMonthsNeedsNone() throws Exception {
        String id = "asof-permits";
        FoldedProject project = registeredInGjilan(id).apply(
                training(id, "t-1", LocalDate.of(2024, 1, 10), 1), training(id, "t-2", LocalDate.of(2024, 3, 10), 2),
                new ActivityRetracted(id, "t-2", "Recorded twice"));
        FactReads.Stored stored = reads.store(project);
        Activities activities = stored.activities();
        Measurements measurements = stored.measurements();
        ProjectSummary current = stored.summary();
        ReplayPermits permits = new ReplayPermits(1, java.time.Duration.ofMillis(10));
        ProjectReplay bounded = new ProjectReplay(programme.periods(), programme.timeZone(), permits);
        try (HeldReplay running = HeldReplay.of(permits)) {
            assertThat(bounded.replay(current, LocalDate.of(2024, 2, 1), null, null, activities, measurements, null))
                    .as("as of a day, from the months").isPresent();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> bounded.atVersion(current, current.version(),
                    java.time.Instant.now(), activities, measurements))
                    .isInstanceOf(org.kronika.query.web.TooManyReplays.class);
        }
        assertThat(bounded.atVersion(current, current.version(), java.time.Instant.now(), activities, measurements)
                .summary().counts().retracted()).isEqualTo(1);
    }

    /**
     * The project as of {@code day} from its facts stored, the documents read counted from its replay on; held to
     * a fold of every fact.
     */
    private ProjectSummary storedAsOf(FoldedProject project, LocalDate day) {
        FactReads.Stored stored = reads.store(project);
        ProjectSummary current = stored.summary();
        reads.reset();
        ProjectSummary asOf = replay.replay(current, day, null, null, stored.activities(), stored.measurements(),
                stored.summaries()).orElseThrow();
        assertThat(asOf).as("%s as of %s", current.projectId(), day)
                .isEqualTo(replay.folded(current, day, stored.facts()));
        return asOf;
    }

    /**
     * The project as of {@code day} as known once the event at {@code version} had been applied, while every permit
     * is taken, the documents read counted from its replay on; held to a fold of every fact known then.
     */
    private ProjectSummary storedAsOf(FoldedProject project, LocalDate day, long version) {
        FactReads.Stored stored = reads.store(project);
        ProjectSummary current = stored.summary();
        ProjectReplay.Replayed then = replay.atVersion(current, version, FoldedProject.recordedAt(version),
                stored.activities(), stored.measurements());
        ReplayPermits permits = new ReplayPermits(1, java.time.Duration.ofMillis(10));
        ProjectReplay bounded = new ProjectReplay(programme.periods(), programme.timeZone(), permits);
        reads.reset();
        ProjectSummary asOf;
        try (HeldReplay running = HeldReplay.of(permits)) {
            asOf = bounded.replay(current, day, FoldedProject.recordedAt(version), stored.history(),
                    stored.activities(), stored.measurements(), stored.summaries()).orElseThrow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(asOf).as("%s as of %s known then", current.projectId(), day)
                .isEqualTo(replay.folded(then.summary(), day, then.facts()));
        return asOf;
    }

    /** A project of 2024 and 2025 in Gjilan, counting the people it reached. */
    private FoldedProject registeredInGjilan(String id) {
        return new FoldedProject(id, programme.periods()).apply(
                new ProjectRegistered(id, "org", "Org", false, "Project " + id, null, null, null, null,
                        List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)),
                new IndicatorDefined(id, "reached", "People reached", "count", "participants", "sum", 0, 500,
                        List.of(), List.of()));
    }

    /** A training towards people reached, every third implementing the planned workshops. */
    private static TrainingDelivered training(String projectId, String activityId, LocalDate on, int i) {
        return new TrainingDelivered(projectId, activityId, "Training", on, i % 3 == 0 ? "Ferizaj" : "Gjilan",
                i % 7 == 0 ? null : Participants.bySex(10 + i % 7, i % 5, 3), i % 3 == 0 ? "plan" : null,
                List.of("reached"), null, 1 + i % 4);
    }
}
