package org.kronika.query.projection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.ApprovedPeriodChanged;
import org.kronika.events.PeriodApproved;
import org.kronika.events.PeriodReopened;
import org.kronika.events.PeriodReturned;
import org.kronika.events.PeriodSubmitted;
import org.kronika.events.ProjectEvent;
import org.kronika.query.fixtures.ProjectStory;
import org.kronika.query.portfolio.ProgrammeAggregates;
import org.kronika.query.portfolio.Scope;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.stream.ReceivedEvent;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many reports are in each status, per organisation and for the programme, as the projection keeps them with the
 * programme's figures (projected from typed events, each as Kafka may deliver it: again, early, after a stop).
 */
class ReportsByStatusTest {

    private static final String KEC = "kec-clubs";
    private static final String KEC_2 = "kec-radio";
    private static final String KOMF = "komf-monitoring";
    private ProjectedEvents events;
    private Generation generation;

    @BeforeEach
    void threeProjectsOfTwoOrganisations() {
        events = new ProjectedEvents("reports-by-status", Instant.parse("2025-03-01T00:00:00Z"));
        generation = events.generation;
        for (String project : List.of(KEC, KEC_2, KOMF)) {
            events.record(ProjectedEvents.registered(project, project.substring(0, project.indexOf('-')),
                    LocalDate.of(2024, 12, 31)));
        }
        ProjectedEvents.signedIn("admin", null);
    }

    @AfterEach
    void closeTheStore() {
        events.close();
    }

    /**
     * Each organisation's counts hold its own projects' reports; the programme's are their sum, kept by the same
     * rollup, so a reader of either reads one document.
     */
    @Test
    void eachOrganisationCountsItsOwnReportsAndTheProgrammeTheirSum() {
        record(new PeriodSubmitted(KEC, "2024-Q1", "First"));
        record(new PeriodSubmitted(KEC, "2024-Q2", "Second"));
        record(new PeriodSubmitted(KEC_2, "2024-Q1", "First"));
        record(new PeriodSubmitted(KOMF, "2024-Q1", "First"));
        record(new PeriodReturned(KEC, "2024-Q2", "The sheets are missing"));
        record(approved(KOMF, "2024-Q1"));

        assertThat(counts(generation, "kec")).isEqualTo(counted(2, 1, 0));
        assertThat(counts(generation, "komf")).isEqualTo(counted(0, 0, 1));
        assertThat(counts(generation, null)).isEqualTo(counted(2, 1, 1))
                .isEqualTo(sum(counts(generation, "kec"), counts(generation, "komf")));
        assertThat(counts(generation, "nobody")).as("an organisation without projects").isEqualTo(counted(0, 0, 0));
    }

    /** One report through the workflow counts once, in the status it is in at each step, and in none while open. */
    @Test
    void aReportMovingThroughTheWorkflowCountsOnceInTheStatusItIsIn() {
        record(new PeriodSubmitted(KEC, "2024-Q1", "First"));
        assertThat(counts(generation, "kec")).isEqualTo(counted(1, 0, 0));
        record(new PeriodReturned(KEC, "2024-Q1", "The sheets are missing"));
        assertThat(counts(generation, "kec")).isEqualTo(counted(0, 1, 0));
        record(new PeriodSubmitted(KEC, "2024-Q1", "With the sheets"));
        assertThat(counts(generation, "kec")).isEqualTo(counted(1, 0, 0));
        record(approved(KEC, "2024-Q1"));
        assertThat(counts(generation, "kec")).isEqualTo(counted(0, 0, 1));
        record(new ApprovedPeriodChanged(KEC, List.of("2024-Q1"), 1, "activity-corrected", "t-1", "A late sheet"));
        assertThat(counts(generation, "kec")).as("a change flagged moves no status").isEqualTo(counted(0, 0, 1));
        record(new PeriodReopened(KEC, "2024-Q1", "Reopened to correct"));
        assertThat(counts(generation, "kec")).as("open again: in no list").isEqualTo(counted(0, 0, 0));
        assertThat(counts(generation, null)).isEqualTo(counted(0, 0, 0));
    }

    /**
     * Kafka delivers an event again (a republish, a restart before the checkpoint), alone or in a batch with what
     * came after it: the counts stay as they were, and a rebuilt generation holds the same.
     */
    @Test
    void anEventDeliveredAgainCountsOnceAndARebuildCountsTheSame() {
        record(new PeriodSubmitted(KEC, "2024-Q1", "First"));
        record(new PeriodSubmitted(KOMF, "2024-Q1", "First"));
        ReceivedEvent submitted = last(KEC);
        deliver(List.of(submitted));
        deliver(List.of(submitted, submitted));
        assertThat(counts(generation, "kec")).isEqualTo(counted(1, 0, 0));

        record(new PeriodReturned(KEC, "2024-Q1", "The sheets are missing"));
        deliver(List.of(submitted, last(KEC), last(KOMF)));
        assertThat(counts(generation, "kec")).isEqualTo(counted(0, 1, 0));
        assertThat(counts(generation, null)).isEqualTo(counted(1, 1, 0));

        // The whole topic read into a new generation, at once and then once more: the same counts.
        Generation rebuilt = events.newGeneration();
        Projector rebuilding = events.projectorOf(rebuilt);
        List<ReceivedEvent> topic = events.topic();
        rebuilding.accept(topic, Map.of(0, (long) topic.size()));
        rebuilding.flush(true);
        rebuilding.accept(topic, Map.of(0, (long) topic.size()));
        rebuilding.flush(true);
        rebuilding.awaitCheckpoints();
        rebuilding.close();
        for (String organisation : java.util.Arrays.asList(null, "kec", "komf")) {
            assertThat(counts(rebuilt, organisation)).as(organisation).isEqualTo(counts(generation, organisation));
        }
    }

    /** An event that comes before the one it follows waits, and counts once that one has come, both in order. */
    @Test
    void anEarlyEventCountsOnlyOnceTheOneBeforeItIsApplied() {
        ReceivedEvent submitted = story(KEC).then(new PeriodSubmitted(KEC, "2024-Q1", "First")).events().get(1);
        ReceivedEvent returned = story(KEC).then(new PeriodReturned(KEC, "2024-Q1", "Missing")).events().get(2);
        deliver(List.of(returned));
        assertThat(counts(generation, "kec")).as("held").isEqualTo(counted(0, 0, 0));
        deliver(List.of(submitted));
        assertThat(counts(generation, "kec")).isEqualTo(counted(0, 1, 0));
    }

    /**
     * A report is written before its summary: a stop in between leaves the report ahead of the summary, and the
     * events applied again after the restart find the report's step done already. The count is taken from the
     * events into the summary, so it moves all the same.
     */
    @Test
    void aStopBetweenTheReportAndItsSummaryLosesNoStatusChange() {
        record(new PeriodSubmitted(KEC, "2024-Q1", "First"));
        story(KEC).then(new PeriodReturned(KEC, "2024-Q1", "Missing"), new PeriodSubmitted(KEC, "2024-Q1", "Again"));
        List<ReceivedEvent> kec = story(KEC).then(approved(KEC, "2024-Q1")).events();
        List<ReceivedEvent> after = kec.subList(kec.size() - 3, kec.size());
        long offset = events.topic().size() + 3;
        // Facts written, then a stop before the summaries and the checkpoint.
        events.projector().accept(after, Map.of(0, offset));
        events.restart();
        assertThat(new VisibleProjects(events.generations, events.views, events.programme, Clock.systemUTC())
                .reports(generation).find(KEC, "2024-Q1").orElseThrow().status()).as("the report, written first")
                .isEqualTo("approved");

        events.projector().accept(after, Map.of(0, offset));
        events.projector().flush(true);
        events.projector().awaitCheckpoints();

        assertThat(counts(generation, "kec")).isEqualTo(counted(0, 0, 1));
        assertThat(counts(generation, null)).isEqualTo(counted(0, 0, 1));
    }

    /** Submitted, returned and approved, as counted for the organisation ({@code null}: the programme). */
    private Map<String, Long> counts(Generation of, String organisation) {
        return new ProgrammeAggregates(events.generations.database(), of)
                .reportsByStatus(Scope.programme(organisation));
    }

    private static Map<String, Long> counted(long submitted, long returned, long approved) {
        return Map.of("submitted", submitted, "returned", returned, "approved", approved);
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new LinkedHashMap<>(a);
        b.forEach((status, count) -> sum.merge(status, count, Long::sum));
        return sum;
    }

    private ProjectStory story(String projectId) {
        return events.story(projectId);
    }

    private ReceivedEvent last(String projectId) {
        return events.last(projectId);
    }

    private void record(ProjectEvent event) {
        events.record(event);
    }

    private void deliver(List<ReceivedEvent> batch) {
        events.deliver(batch);
    }

    /** Approves the period as at the project's head. */
    private PeriodApproved approved(String projectId, String periodId) {
        ProjectStory story = story(projectId);
        LocalDate start = LocalDate.parse(periodId.substring(0, 4) + "-01-01")
                .plusMonths(3L * (Integer.parseInt(periodId.substring(6)) - 1));
        return new PeriodApproved(projectId, periodId, start, start.plusMonths(3).minusDays(1), story.size() - 1,
                story.head(), "Fine");
    }

}
