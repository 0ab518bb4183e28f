package org.kronika.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.ApprovedPeriodChanged;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.Participants;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.PeriodApproved;
import org.kronika.events.PeriodReopened;
import org.kronika.events.PeriodReturned;
import org.kronika.events.PeriodSubmitted;
import org.kronika.events.PeriodTarget;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.ReportingPeriodDefined;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.fixtures.ProjectStory;
import org.kronika.query.fixtures.Received;
import org.kronika.query.fixtures.StoryGenerator;
import org.kronika.query.indicator.ProgressView;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectSummaryProjection;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.replay.ProjectReplay;
import org.kronika.query.report.ApprovedBesideNow;
import org.kronika.query.report.ApprovedFigures;
import org.kronika.query.report.PeriodFigures;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.PeriodReports;
import org.kronika.query.report.PeriodReportView;
import org.kronika.query.report.PeriodReportViews;
import org.kronika.query.report.PeriodStatus;
import org.kronika.query.stream.ReceivedEvent;
import org.kronika.query.tally.PeriodView;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Period reports on the real MongoDB driver and the local stand-in: the workflow's read model, figures as approved
 * reproduced by an independent replay after later corrections, and periods of overlapping calendars composed from
 * months.
 */
class PeriodReportsTest {

    private static final String P = "reporting";
    private final Programme programme = Programme.ofContract();
    private final ProjectViews views = new ProjectViews(programme.periods());
    private Generations generations;
    private MongoDatabase database;
    private Generation generation;
    private ReadModelStores stores;
    private Projector projector;

    @BeforeEach
    void freshDatabase() {
        FreshReadModels fresh = FreshReadModels.create("periods", views);
        database = fresh.database();
        generations = fresh.generations();
        generation = fresh.generation();
        stores = fresh.stores();
        projector = new Projector(stores, new ProjectSummaryProjection(programme.periods()),
                new ProjectionMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), 0, 3, 5, false);
    }

    @Test
    void theWholeWorkflowIsReadWithItsDiscussionAndTheFiguresAsApprovedAndAsCorrectedSince() {
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z"));
        story.then(registered(), reached(), training("t-jul", "2024-07-10", "Gjilan", 20),
                training("t-sep", "2024-09-20", "Kamenicë", 10), training("t-jan", "2025-01-15", "Gjilan", 15));
        List<ReceivedEvent> events = new ArrayList<>(story.events());
        events.add(by(step(story, new PeriodSubmitted(P, "2024-Q3", "Our third quarter")), "rita", "recorder"));
        events.add(by(step(story, new PeriodReturned(P, "2024-Q3", "Kamenicë lacks its sign-in sheet")), "olti",
                "officer"));
        events.add(by(step(story, new PeriodSubmitted(P, "2024-Q3", "Sheet attached")), "rita", "recorder"));
        long head = story.size() - 1;
        String headHash = story.head();
        events.add(by(step(story, new PeriodApproved(P, "2024-Q3", LocalDate.parse("2024-07-01"),
                LocalDate.parse("2024-09-30"), head, headHash, "Fine")), "olti", "officer"));
        long approval = story.size() - 1;
        events.add(by(step(story, new PeriodSubmitted(P, "2024-Q4", "Nothing new in Q4")), "rita", "recorder"));
        events.add(by(step(story, new PeriodApproved(P, "2024-Q4", LocalDate.parse("2024-10-01"),
                LocalDate.parse("2024-12-31"), story.size() - 1, story.head(), "Fine")), "olti", "officer"));
        // After approval: a correction and a late activity dated in the quarter, each flagged in it and in 2024-Q4,
        // whose cumulative figures by its end count them.
        TrainingDelivered corrected = training("t-sep", "2024-09-20", "Kamenicë", 12);
        events.add(step(story, new ActivityCorrected(P, "t-sep", "training-delivered", Received.data(corrected),
                "Two late sign-ins")));
        long correction = story.size() - 1;
        events.add(by(step(story, new ApprovedPeriodChanged(P, List.of("2024-Q3", "2024-Q4"), correction,
                "activity-corrected", "t-sep", "Two late sign-ins")), "rita", "recorder"));
        events.add(step(story, training("t-aug", "2024-08-05", "Gjilan", 4)));
        long late = story.size() - 1;
        events.add(step(story, new ApprovedPeriodChanged(P, List.of("2024-Q3", "2024-Q4"), late,
                "training-delivered", "t-aug", "Found in the archive")));
        feed(events);

        ProjectSummary current = stores.summaries().find(P).orElseThrow();
        PeriodReportView report = PeriodReportViews.view(current, quarter("2024-Q3"), stores.reports(), items(), true);
        assertThat(report.status()).isEqualTo(PeriodReport.APPROVED);
        assertThat(report.version()).as("what an approval of these figures names as If-Match").isEqualTo(late + 1)
                .isEqualTo(current.version());
        assertThat(report.discussion()).extracting(PeriodReportView.Step::kind, s -> s.by().subject(),
                PeriodReportView.Step::comment).containsExactly(
                tuple("submitted", "rita", "Our third quarter"),
                tuple("returned", "olti", "Kamenicë lacks its sign-in sheet"),
                tuple("submitted", "rita", "Sheet attached"),
                tuple("approved", "olti", "Fine"));
        assertThat(report.approval().headSequence()).isEqualTo(head);
        assertThat(report.approval().headHash()).isEqualTo(headHash);
        assertThat(report.approval().sequence()).isEqualTo(approval);

        assertThat(report.asApproved().indicators()).singleElement().satisfies(i -> {
            assertThat(i.achieved()).isEqualTo(30.0);
            assertThat(i.cumulative()).isEqualTo(30.0);
            assertThat(i.periodTarget()).isEqualTo(40.0);
            assertThat(i.target()).isEqualTo(200.0);
            assertThat(i.byMunicipality()).as("the indicator's own breakdown of the period")
                    .containsExactly(Map.entry("Gjilan", 20.0), Map.entry("Kamenicë", 10.0));
        });
        assertThat(report.asCorrectedSince().indicators().get(0).byMunicipality())
                .containsExactly(Map.entry("Gjilan", 24.0), Map.entry("Kamenicë", 12.0));
        assertThat(report.asApproved().totals().participants().total()).isEqualTo(30);
        assertThat(report.asApproved().byMunicipality()).extracting(PeriodFigures.PlaceTally::municipality,
                PeriodFigures.PlaceTally::participants).containsExactly(tuple("Gjilan", 20L), tuple("Kamenicë", 10L));
        assertThat(report.asCorrectedSince().indicators().get(0).achieved()).isEqualTo(36.0);
        assertThat(report.asCorrectedSince().totals().activities()).isEqualTo(3);
        assertThat(report.changes()).extracting(PeriodReportView.Change::changeSequence,
                PeriodReportView.Change::kind, PeriodReportView.Change::itemId, PeriodReportView.Change::reason)
                .containsExactly(tuple(correction, "activity-corrected", "t-sep", "Two late sign-ins"),
                        tuple(late, "training-delivered", "t-aug", "Found in the archive"));
        assertThat(report.changes().get(0).by().subject()).isEqualTo("rita");
        assertThat(report.changes()).extracting(PeriodReportView.Change::item).as("each activity by its title")
                .containsExactly("Training t-sep", "Training t-aug");
        assertThat(PeriodReportViews.view(current, quarter("2024-Q3"), stores.reports(),
                org.kronika.query.report.ChangedItems.NONE, true).changes()).extracting(PeriodReportView.Change::item)
                .as("nothing to name them with").containsOnlyNulls();
        PeriodReportView q4 = PeriodReportViews.view(current, quarter("2024-Q4"), stores.reports(), items(), true);
        assertThat(q4.changes()).as("listed in every period the flag names").extracting(
                PeriodReportView.Change::changeSequence).containsExactly(correction, late);
        assertThat(q4.asApproved().indicators().get(0).cumulative()).isEqualTo(30.0);
        assertThat(q4.asCorrectedSince().indicators().get(0).cumulative()).isEqualTo(36.0);
        assertThat(report.changes().get(0).history()).isEqualTo("/api/projects/" + P + "/history?limit=1&after="
                + (correction - 1));

        // As approved is what an independent replay of the history up to the head gives, corrections since or not.
        assertThat(asApproved("2024-Q3").figures()).isEqualTo(replayedTo(current, head, "2024-Q3"));
        assertThat(asApproved("2024-Q3").figures()).isNotEqualTo(replayedTo(current, current.version(), "2024-Q3"));

        // Partners see what happened, not who did it.
        assertThat(PeriodReportViews.view(current, quarter("2024-Q3"), stores.reports(), items(), false).discussion())
                .allSatisfy(s -> assertThat(s.by()).isNull());

        // The list: every period the project's dates overlap, the approved one with its status and changes.
        List<PeriodStatus> statuses = PeriodReportViews.statuses(current, ProgrammeCalendar.all(programme,
                List.of()), stores.reports());
        assertThat(statuses).extracting(PeriodStatus::periodId).contains("2024-Q1", "2025-Q4")
                .doesNotContain("2023-Q4", "2026-Q1");
        assertThat(statuses).filteredOn(s -> s.periodId().equals("2024-Q3")).singleElement()
                .satisfies(s -> {
                    assertThat(s.status()).isEqualTo("approved");
                    assertThat(s.changes()).isEqualTo(2);
                });

        // Reopened, the report is open again; the approval it had stays readable.
        List<ReceivedEvent> more = List.of(by(step(story, new PeriodReopened(P, "2024-Q3", "Audit finding")),
                "ada", "admin"));
        feed(more);
        PeriodReportView reopened = PeriodReportViews.view(stores.summaries().find(P).orElseThrow(),
                quarter("2024-Q3"), stores.reports(), items(), true);
        assertThat(reopened.status()).isEqualTo(PeriodReport.OPEN);
        assertThat(reopened.discussion()).last().satisfies(s -> {
            assertThat(s.kind()).isEqualTo("reopened");
            assertThat(s.comment()).isEqualTo("Audit finding");
            assertThat(s.by().role()).isEqualTo("admin");
        });
        assertThat(reopened.asApproved()).isEqualTo(report.asApproved());
        // It says so, with when, by whom and why: the changes it lists stop at the reopening.
        assertThat(report.reopened()).as("approved, not reopened").isNull();
        assertThat(reopened.reopened()).isEqualTo(reopened.discussion().get(reopened.discussion().size() - 1));
        assertThat(reopened.reopened().by().subject()).isEqualTo("ada");
        assertThat(reopened.changes()).hasSize(2);
        assertThat(PeriodReportViews.statuses(stores.summaries().find(P).orElseThrow(), ProgrammeCalendar.all(
                programme, List.of()), stores.reports())).filteredOn(s -> s.periodId().equals("2024-Q3"))
                .singleElement().satisfies(s -> {
                    assertThat(s.status()).isEqualTo("open");
                    assertThat(s.reopened()).isTrue();
                });
        assertThat(statuses).filteredOn(s -> s.periodId().equals("2024-Q3")).singleElement()
                .satisfies(s -> assertThat(s.reopened()).isFalse());
        assertThat(report.earlierApprovals()).as("approved once").isEmpty();
        assertThat(reopened.earlierApprovals()).as("its approval is still the last one").isEmpty();

        // Approved again, reopened again and approved a third time: each earlier approval stays in the report with
        // what it approved, the changes flagged while it stood and the reopening that ended it.
        List<ReceivedEvent> again = new ArrayList<>();
        again.add(by(step(story, new PeriodSubmitted(P, "2024-Q3", "Corrected after the audit")), "rita",
                "recorder"));
        long secondHead = story.size() - 1;
        again.add(by(step(story, new PeriodApproved(P, "2024-Q3", LocalDate.parse("2024-07-01"),
                LocalDate.parse("2024-09-30"), secondHead, story.head(), "Fine now")), "olti", "officer"));
        long second = story.size() - 1;
        again.add(step(story, training("t-jul2", "2024-07-30", "Gjilan", 3)));
        long third = story.size() - 1;
        again.add(by(step(story, new ApprovedPeriodChanged(P, List.of("2024-Q3"), third, "training-delivered",
                "t-jul2", "A second July session")), "rita", "recorder"));
        again.add(by(step(story, new PeriodReopened(P, "2024-Q3", "Second finding")), "ada", "admin"));
        long secondReopening = story.size() - 1;
        again.add(by(step(story, new PeriodSubmitted(P, "2024-Q3", "All in")), "rita", "recorder"));
        again.add(by(step(story, new PeriodApproved(P, "2024-Q3", LocalDate.parse("2024-07-01"),
                LocalDate.parse("2024-09-30"), story.size() - 1, story.head(), "Final")), "olti", "officer"));
        long last = story.size() - 1;
        again.add(step(story, training("t-sep2", "2024-09-25", "Gjilan", 2)));
        long fourth = story.size() - 1;
        again.add(step(story, new ApprovedPeriodChanged(P, List.of("2024-Q3"), fourth, "training-delivered",
                "t-sep2", "Late sheet")));
        feed(again);

        PeriodReportView thrice = PeriodReportViews.view(stores.summaries().find(P).orElseThrow(),
                quarter("2024-Q3"), stores.reports(), items(), true);
        assertThat(thrice.approval().sequence()).isEqualTo(last);
        assertThat(thrice.changes()).extracting(PeriodReportView.Change::changeSequence).containsExactly(fourth);
        assertThat(thrice.earlierApprovals()).extracting(e -> e.approval().sequence(),
                e -> e.approval().headSequence(), e -> e.approval().by().subject(), e -> e.reopened().sequence(),
                e -> e.changes().stream().map(PeriodReportView.Change::changeSequence).toList()).containsExactly(
                tuple(approval, head, "olti", reopened.reopened().sequence(), List.of(correction, late)),
                tuple(second, secondHead, "olti", secondReopening, List.of(third)));
        assertThat(thrice.earlierApprovals().get(0).approval().headHash()).isEqualTo(headHash);
        assertThat(thrice.earlierApprovals().get(0).asApproved()).as("exactly what the first approval saw")
                .isEqualTo(report.asApproved());
        assertThat(thrice.earlierApprovals().get(1).asApproved().totals().participants().total())
                .as("the second: both corrections in").isEqualTo(36);
        assertThat(thrice.asApproved().totals().participants().total()).isEqualTo(39);
        assertThat(thrice.asCorrectedSince().totals().participants().total()).isEqualTo(41);
        assertThat(thrice.reopened()).as("approved again").isNull();
        assertThat(PeriodReportViews.view(stores.summaries().find(P).orElseThrow(), quarter("2024-Q3"),
                stores.reports(), items(), false).earlierApprovals()).as("partners: what, not who")
                .allSatisfy(e -> {
                    assertThat(e.approval().by()).isNull();
                    assertThat(e.reopened().by()).isNull();
                });
    }

    /**
     * The recorder's 150 on a percentage, approved, then corrected to 15 and a second measurement retracted: as
     * approved still says 150, as the replay to the approved head does; as corrected since says 15.
     */
    @Test
    void aMeasurementCorrectedOrRetractedAfterApprovalChangesTheFiguresAsCorrectedNotAsApproved() {
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z"));
        story.then(registered(), new IndicatorDefined(P, "aware", "Citizens aware of budgeting", "percent", "measured",
                        "latest", 10, 40, List.of(), List.of()),
                new IndicatorMeasured(P, "aware", "m-x", LocalDate.parse("2024-07-20"), 22, null, Map.of(), null),
                new IndicatorMeasured(P, "aware", "m-y", LocalDate.parse("2024-08-31"), 150, null, Map.of(), null));
        List<ReceivedEvent> events = new ArrayList<>(story.events());
        events.add(step(story, new PeriodSubmitted(P, "2024-Q3", "Survey done")));
        long head = story.size() - 1;
        events.add(step(story, new PeriodApproved(P, "2024-Q3", LocalDate.parse("2024-07-01"),
                LocalDate.parse("2024-09-30"), head, story.head(), "Fine")));
        events.add(step(story, new MeasurementCorrected(P, "aware", "m-y", LocalDate.parse("2024-08-31"), 15, null,
                Map.of(), null, "A zero too many")));
        long correction = story.size() - 1;
        events.add(step(story, new ApprovedPeriodChanged(P, List.of("2024-Q3"), correction, "measurement-corrected",
                "m-y", "A zero too many")));
        events.add(step(story, new MeasurementRetracted(P, "aware", "m-x", "A pilot")));
        long retraction = story.size() - 1;
        events.add(step(story, new ApprovedPeriodChanged(P, List.of("2024-Q3"), retraction, "measurement-retracted",
                "m-x", "A pilot")));
        feed(events);

        ProjectSummary current = stores.summaries().find(P).orElseThrow();
        PeriodReportView report = PeriodReportViews.view(current, quarter("2024-Q3"), stores.reports(), items(), true);
        assertThat(report.asApproved().indicators()).singleElement()
                .satisfies(i -> assertThat(i.achieved()).isEqualTo(150.0));
        assertThat(report.asCorrectedSince().indicators()).singleElement()
                .satisfies(i -> assertThat(i.achieved()).isEqualTo(15.0));
        assertThat(report.changes()).extracting(PeriodReportView.Change::kind, PeriodReportView.Change::itemId,
                PeriodReportView.Change::item).as("each measurement by its indicator and day").containsExactly(
                tuple("measurement-corrected", "m-y", "Citizens aware of budgeting, 2024-08-31"),
                tuple("measurement-retracted", "m-x", "Citizens aware of budgeting, 2024-07-20"));
        assertThat(asApproved("2024-Q3").figures()).isEqualTo(replayedTo(current, head, "2024-Q3"));
        assertThat(replayedTo(current, current.version(), "2024-Q3").indicators().get(0).achieved()).isEqualTo(15.0);
    }

    /**
     * A score measured only after the period has no figure by its end: its cumulative 0 is flagged as none, with no
     * percent, as approved and as corrected; a sum with nothing counted keeps its 0 as a figure. Figures approved
     * before the flag was kept (read models schema 10) still read, their cumulative as given, not as none.
     */
    @Test
    void anAverageMeasuredOnlyAfterThePeriodHasNothingByItsEndWhereASumsZeroIsAFigure() {
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z"));
        story.then(registered(), reached(), new IndicatorDefined(P, "score", "Satisfaction", "score", "measured",
                        "average", 0, 5, List.of(new PeriodTarget("2024-Q3", 3)), List.of()),
                new IndicatorMeasured(P, "score", "m-oct", LocalDate.parse("2024-10-15"), 4, null, Map.of(), null));
        List<ReceivedEvent> events = new ArrayList<>(story.events());
        events.add(step(story, new PeriodSubmitted(P, "2024-Q3", "Surveyed in October")));
        events.add(step(story, new PeriodApproved(P, "2024-Q3", LocalDate.parse("2024-07-01"),
                LocalDate.parse("2024-09-30"), story.size() - 1, story.head(), "Fine")));
        feed(events);

        ProjectSummary current = stores.summaries().find(P).orElseThrow();
        PeriodReportView report = PeriodReportViews.view(current, quarter("2024-Q3"), stores.reports(), items(), true);
        for (PeriodFigures figures : List.of(report.asApproved(), report.asCorrectedSince())) {
            assertThat(figures.indicators()).extracting(PeriodFigures.IndicatorFigures::indicatorId,
                    PeriodFigures.IndicatorFigures::cumulative, PeriodFigures.IndicatorFigures::nothingMeasuredByEnd,
                    PeriodFigures.IndicatorFigures::percentOfTarget).containsExactly(
                    tuple("reached", 0.0, false, 0.0), tuple("score", 0.0, true, null));
        }
        assertThat(PeriodFigures.of(current, "2024-Q4", LocalDate.parse("2024-10-01"), LocalDate.parse("2024-12-31"))
                .indicators().get(1)).as("by the end of the quarter measured in").satisfies(score -> {
                    assertThat(score.cumulative()).isEqualTo(4.0);
                    assertThat(score.nothingMeasuredByEnd()).isFalse();
                });
        assertThat(ApprovedBesideNow.of(report)).filteredOn(ApprovedBesideNow.Line::isIndicator).extracting(
                ApprovedBesideNow.Line::indicatorId, ApprovedBesideNow.Line::nothingApprovedByEnd,
                ApprovedBesideNow.Line::nothingNowByEnd).containsExactly(tuple("reached", false, false),
                tuple("score", true, true));

        // As stored before the flag was kept: the document without it.
        MongoCollection<Document> approved = database.getCollection(generation.collection(PeriodReports.APPROVED));
        for (Document stored : approved.find()) {
            stored.get("figures", Document.class).getList("indicators", Document.class)
                    .forEach(indicator -> assertThat(indicator.remove("nothingMeasuredByEnd")).isNotNull());
            approved.replaceOne(Filters.eq("_id", stored.get("_id")), stored);
        }
        PeriodReportView before = PeriodReportViews.view(current, quarter("2024-Q3"), stores.reports(), items(), true);
        assertThat(before.asApproved().indicators()).extracting(PeriodFigures.IndicatorFigures::cumulative,
                PeriodFigures.IndicatorFigures::nothingMeasuredByEnd).containsExactly(tuple(0.0, null),
                tuple(0.0, null));
        assertThat(ApprovedBesideNow.of(before)).filteredOn(ApprovedBesideNow.Line::isIndicator).extracting(
                ApprovedBesideNow.Line::indicatorId, ApprovedBesideNow.Line::approvedCumulative,
                ApprovedBesideNow.Line::nothingApprovedByEnd, ApprovedBesideNow.Line::nothingNowByEnd)
                .containsExactly(tuple("reached", 0.0, false, false), tuple("score", 0.0, false, true));
    }

    /**
     * Approved and reopened twelve times, then approved again: the view shows the ten latest earlier approvals, so
     * its cost stays the same however often that happened; the discussion still names every one.
     */
    @Test
    void aReportApprovedOverAndOverShowsItsTenLatestEarlierApprovals() {
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z"));
        story.then(registered(), reached(), training("t-jul", "2024-07-10", "Gjilan", 20));
        List<ReceivedEvent> events = new ArrayList<>(story.events());
        List<Long> approvals = new ArrayList<>();
        for (int round = 0; round <= 12; round++) {
            events.add(step(story, new PeriodSubmitted(P, "2024-Q3", "Round " + round)));
            events.add(step(story, new PeriodApproved(P, "2024-Q3", LocalDate.parse("2024-07-01"),
                    LocalDate.parse("2024-09-30"), story.size() - 1, story.head(), "Fine")));
            approvals.add(story.size() - 1L);
            if (round < 12) {
                events.add(step(story, new PeriodReopened(P, "2024-Q3", "Again")));
            }
        }
        feed(events);

        PeriodReportView report = PeriodReportViews.view(stores.summaries().find(P).orElseThrow(),
                quarter("2024-Q3"), stores.reports(), items(), true);
        assertThat(report.discussion()).filteredOn(step -> step.kind().equals("approved")).hasSize(13);
        assertThat(report.earlierApprovals()).extracting(e -> e.approval().sequence())
                .containsExactlyElementsOf(approvals.subList(2, 12));
        assertThat(report.earlierApprovals()).allSatisfy(e -> {
            assertThat(e.changesComplete()).isTrue();
            assertThat(e.asApproved().totals().participants().total()).isEqualTo(20);
        });
    }

    /**
     * More changes flagged before the last approval than one read returns: an approval that stood before the oldest
     * change read says its list may lack some, and shows those read; one that stood after says its list is whole.
     */
    @Test
    void anEarlierApprovalWhoseChangesWereNotAllReadSaysSo() {
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z"));
        story.then(registered(), reached(), training("t-jul", "2024-07-10", "Gjilan", 20));
        List<ReceivedEvent> events = new ArrayList<>(story.events());
        List<Long> approvals = new ArrayList<>();
        int[] changesUnder = {PeriodReports.MAX_ENTRIES + 1, 2};
        int participants = 20;
        for (int round = 0; round <= changesUnder.length; round++) {
            events.add(step(story, new PeriodSubmitted(P, "2024-Q3", "Round " + round)));
            events.add(step(story, new PeriodApproved(P, "2024-Q3", LocalDate.parse("2024-07-01"),
                    LocalDate.parse("2024-09-30"), story.size() - 1, story.head(), "Fine")));
            approvals.add(story.size() - 1L);
            if (round == changesUnder.length) {
                break;
            }
            for (int change = 0; change < changesUnder[round]; change++) {
                participants++;
                events.add(step(story, new ActivityCorrected(P, "t-jul", "training-delivered",
                        Received.data(training("t-jul", "2024-07-10", "Gjilan", participants)), "Sheet " + change)));
                events.add(step(story, new ApprovedPeriodChanged(P, List.of("2024-Q3"), story.size() - 1,
                        "activity-corrected", "t-jul", "Sheet " + change)));
            }
            events.add(step(story, new PeriodReopened(P, "2024-Q3", "Again")));
        }
        feed(events);

        PeriodReportView report = PeriodReportViews.view(stores.summaries().find(P).orElseThrow(),
                quarter("2024-Q3"), stores.reports(), items(), true);
        assertThat(report.approval().sequence()).isEqualTo(approvals.get(2));
        assertThat(report.earlierApprovals()).extracting(e -> e.approval().sequence(),
                PeriodReportView.EarlierApproval::changesComplete, e -> e.changes().size())
                .containsExactly(tuple(approvals.get(0), false, PeriodReports.MAX_ENTRIES - 2),
                        tuple(approvals.get(1), true, 2));
        assertThat(report.earlierApprovals().get(0).changes()).last().extracting(PeriodReportView.Change::reason)
                .isEqualTo("Sheet " + PeriodReports.MAX_ENTRIES);
        assertThat(report.earlierApprovals().get(1).asApproved().totals().participants().total())
                .isEqualTo(20 + PeriodReports.MAX_ENTRIES + 1);
        assertThat(report.changesComplete()).as("nothing flagged since the last approval").isTrue();
    }

    /** More changes flagged since the last approval than one read returns: the report lists the latest, and says so. */
    @Test
    void aReportWhoseChangesSinceItsApprovalWereNotAllReadSaysSo() {
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z"));
        story.then(registered(), reached(), training("t-jul", "2024-07-10", "Gjilan", 20));
        List<ReceivedEvent> events = new ArrayList<>(story.events());
        events.add(step(story, new PeriodSubmitted(P, "2024-Q3", "Done")));
        events.add(step(story, new PeriodApproved(P, "2024-Q3", LocalDate.parse("2024-07-01"),
                LocalDate.parse("2024-09-30"), story.size() - 1, story.head(), "Fine")));
        for (int change = 0; change <= PeriodReports.MAX_ENTRIES; change++) {
            events.add(step(story, new ActivityCorrected(P, "t-jul", "training-delivered",
                    Received.data(training("t-jul", "2024-07-10", "Gjilan", 21 + change)), "Sheet " + change)));
            events.add(step(story, new ApprovedPeriodChanged(P, List.of("2024-Q3"), story.size() - 1,
                    "activity-corrected", "t-jul", "Sheet " + change)));
        }
        feed(events);

        PeriodReportView report = PeriodReportViews.view(stores.summaries().find(P).orElseThrow(),
                quarter("2024-Q3"), stores.reports(), items(), true);
        assertThat(report.changes()).hasSize(PeriodReports.MAX_ENTRIES);
        assertThat(report.changes().get(0).reason()).isEqualTo("Sheet 1");
        assertThat(report.changesComplete()).isFalse();
    }

    @Test
    void aFiscalYearAndTheQuartersItOverlapsAddUpFromMonths() {
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z"));
        story.then(registered(), reached(), training("a", "2024-06-30", "Gjilan", 7),
                training("b", "2024-07-01", "Gjilan", 20), training("c", "2024-12-31", "Kamenicë", 10),
                training("d", "2025-03-01", "Gjilan", 15), training("e", "2025-06-30", "Gjilan", 5),
                training("f", "2025-07-01", "Gjilan", 100));
        var year = new ReportingPeriodDefined(programme.programmeId(), "FY2024-25", "fiscal-years", "2024-25",
                LocalDate.parse("2024-07-01"), LocalDate.parse("2025-06-30"), LocalDate.parse("2025-08-31"));
        List<ReceivedEvent> events = new ArrayList<>(story.events());
        events.add(Received.event(year, 0, Instant.parse("2026-01-01T00:00:00Z"), null));
        feed(events);

        ProjectSummary summary = stores.summaries().find(P).orElseThrow();
        ReportingPeriods periods = ProgrammeCalendar.of(programme, stores.periods().of(programme.programmeId()));
        List<ProgressView.PeriodProgress> byPeriod = views.over(periods).indicator(summary.indicators().get(0))
                .progress().byPeriod();
        assertThat(byPeriod).filteredOn(p -> p.periodId().equals("FY2024-25")).singleElement().satisfies(p -> {
            assertThat(p.achieved()).isEqualTo(50.0);
            assertThat(p.cumulative()).isEqualTo(57.0);
            assertThat(p.target()).isEqualTo(100.0);
        });
        double quarters = byPeriod.stream().filter(p -> List.of("2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2")
                .contains(p.periodId())).mapToDouble(ProgressView.PeriodProgress::achieved).sum();
        assertThat(quarters).isEqualTo(50.0);
        // The time series keeps listing the default calendar, the quarters.
        List<PeriodView> series = views.over(periods).series(summary.totals(), summary.details());
        assertThat(series).extracting(PeriodView::periodId).doesNotContain("FY2024-25").contains("2024-Q3");
        assertThat(series.stream().filter(p -> p.periodId().startsWith("2024-Q3")).findFirst().orElseThrow()
                .tally().participants().total()).isEqualTo(20);
        // Any period of any calendar, as a report shows it.
        PeriodFigures year2425 = PeriodFigures.of(summary, "FY2024-25", year.start(), year.end());
        assertThat(year2425.totals().participants().total()).isEqualTo(50);
        assertThat(year2425.byMunicipality()).extracting(PeriodFigures.PlaceTally::municipality,
                PeriodFigures.PlaceTally::participants).containsExactly(tuple("Gjilan", 40L), tuple("Kamenicë", 10L));
    }

    /** Random stories running the workflow: every approval's figures equal the replay to its head. */
    @Test
    void everyApprovalInRandomStoriesEqualsTheReplayToItsHead() {
        StoryGenerator generator = new StoryGenerator(4242).withPeriods();
        List<ReceivedEvent> events = generator.story("random", 400, Instant.parse("2026-01-01T00:00:00Z")).events();
        feed(events);
        ProjectSummary current = stores.summaries().find("random").orElseThrow();
        int approvals = 0;
        for (ReceivedEvent event : events) {
            if (event.event() instanceof PeriodApproved approved) {
                approvals++;
                var stored = stores.reports().find("random", approved.periodId()).orElseThrow();
                assertThat(stored.approval()).isNotNull();
                PeriodFigures replayed = PeriodFigures.of(replay().atVersion(current, approved.headSequence(),
                        null, stores.activities(), stores.measurements()).summary(), approved.periodId(),
                        approved.start(), approved.end());
                assertThat(figuresOf("random", approved.periodId(), event.sequence()))
                        .as("approval #%d of %s", event.sequence(), approved.periodId()).isEqualTo(replayed);
            }
        }
        assertThat(approvals).isGreaterThan(3);
    }

    // ------------------------------------------------------------------------------------------------------------

    private void feed(List<ReceivedEvent> events) {
        projector.accept(events, Map.of(0, (long) events.size()));
        projector.flush(true);
    }

    private ApprovedFigures asApproved(String periodId) {
        PeriodReport report = stores.reports().find(P, periodId).orElseThrow();
        return stores.reports().asApproved(report).orElseThrow();
    }

    /** One approval's stored figures, whichever approval of the period is the last. */
    private PeriodFigures figuresOf(String projectId, String periodId, long approvalSequence) {
        PeriodReport report = stores.reports().find(projectId, periodId).orElseThrow();
        PeriodReport at = new PeriodReport(projectId, periodId, report.version(), report.status(),
                report.discussion(), report.changes(), new PeriodReport.Approval(approvalSequence, 0, null, null,
                null, null, null, 0));
        return stores.reports().asApproved(at).orElseThrow().figures();
    }

    private PeriodFigures replayedTo(ProjectSummary current, long version, String periodId) {
        DefinedPeriod period = quarter(periodId);
        return PeriodFigures.of(replay().atVersion(current, version, null, stores.activities(),
                stores.measurements()).summary(), periodId, period.start(), period.end());
    }

    private ProjectReplay replay() {
        return new ProjectReplay(programme.periods(), programme.timeZone());
    }

    private DefinedPeriod quarter(String periodId) {
        return ProgrammeCalendar.find(programme, List.of(), periodId).orElseThrow();
    }

    private static ReceivedEvent step(ProjectStory story, org.kronika.events.ProjectEvent event) {
        story.then(event);
        List<ReceivedEvent> all = story.events();
        return all.get(all.size() - 1);
    }

    /** The event as caused by someone else (its hash is not checked here). */
    private static ReceivedEvent by(ReceivedEvent e, String subject, String role) {
        return new ReceivedEvent(e.projectId(), e.sequence(), e.eventId(), e.type(), e.recordedAt(), e.time(),
                e.data(), e.event(), new ReceivedEvent.Actor(subject, role, "test-org", "corr"), e.hash(),
                e.prevHash());
    }

    private static ProjectRegistered registered() {
        return new ProjectRegistered(P, "org", "Org", false, "Project", null, null, null, null,
                List.of("Gjilan", "Kamenicë"), LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31));
    }

    private static IndicatorDefined reached() {
        return new IndicatorDefined(P, "reached", "People reached", "people", "participants", "sum", 0, 200,
                List.of(new PeriodTarget("2024-Q3", 40), new PeriodTarget("FY2024-25", 100)), List.of());
    }

    /** What names the items of flagged changes in this test's read models. */
    private org.kronika.query.report.ChangedItems items() {
        return new org.kronika.query.report.ChangedItems(new org.kronika.query.activity.Activities(database,
                generation), new org.kronika.query.measurement.Measurements(database, generation));
    }

    private static TrainingDelivered training(String id, String on, String place, int people) {
        return new TrainingDelivered(P, id, "Training " + id, LocalDate.parse(on), place, Participants.total(people),
                null, List.of("reached"), null, 1);
    }
}
