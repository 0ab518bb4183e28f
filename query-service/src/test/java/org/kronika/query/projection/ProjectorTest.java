package org.kronika.query.projection;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.kronika.events.ActivityCorrected;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.ReportingPeriodDefined;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.ProjectStory;
import org.kronika.query.fixtures.Received;
import org.kronika.query.fixtures.StoryGenerator;
import org.kronika.query.portfolio.ProgrammeAggregates;
import org.kronika.query.portfolio.FailingProgrammeWrites;
import org.kronika.query.portfolio.Scope;
import org.kronika.query.portfolio.ProgrammeCell;
import org.kronika.query.portfolio.Slices;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectSummaryProjection;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;
import org.kronika.query.stream.ReceivedEvent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The projector on the real MongoDB driver and the local stand-in, fed batches directly: what Kafka delivers, in
 * whatever batches, interleavings, repeats and restarts it may deliver them.
 */
class ProjectorTest {

    private static final TopicIdentity TOPIC = new TopicIdentity("test-topic", "test-topic-id", 3);
    private final Programme programme = Programme.ofContract();
    private final ProjectViews views = new ProjectViews(programme.periods());
    private Generations generations;
    private String database;

    @BeforeEach
    void freshDatabase() {
        var client = com.mongodb.client.MongoClients.create(TestInfrastructure.mongo().connectionString("x"));
        database = "projector-" + UUID.randomUUID();
        generations = new Generations(client.getDatabase(database), 2);
    }

    @Test
    void anEventThatArrivesBeforeTheOneItFollowsWaitsAndIsAppliedWhenThatOneArrives() {
        List<ReceivedEvent> events = story("early", 5).events().subList(0, 5);
        Build build = new Build();
        build.feed(List.of(events.get(0), events.get(2), events.get(3), events.get(4)));
        assertThat(build.summary("early").version()).isZero();
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ParkedProject.WAITING);
            assertThat(p.held()).isEqualTo(3);
        });

        // Only the missing event comes; the ones held are not sent again.
        build.feed(List.of(events.get(1)));
        assertThat(build.summary("early").version()).isEqualTo(4);
        assertThat(build.stores.parked().all()).isEmpty();
        assertThat(build.stores.held().range("early", 0, 10)).isEmpty();
        Build orderly = new Build(events);
        orderly.hasTheSameReadModelsAs(build);
    }

    /**
     * A republished topic held the programme's calendar twice: each copy counted as applied, so the generation's
     * count exceeded the events on the topic. Its repeats are duplicates, as a project's are; read again after a
     * stop before the checkpoint that counts them, its events count once.
     */
    @Test
    void aRepublishedProgrammeStreamCountsEachEventOnceAndItsRepeatsAsDuplicates() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        ReceivedEvent year = Received.event(new ReportingPeriodDefined("kosovo", "FY2024-25", "fiscal-years",
                "2024-25", LocalDate.parse("2024-07-01"), LocalDate.parse("2025-06-30"),
                LocalDate.parse("2025-08-31")), 0, at, null);
        ReceivedEvent half = Received.event(new ReportingPeriodDefined("kosovo", "H1-2024", "semesters", "H1 2024",
                LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"), LocalDate.parse("2024-07-31")), 1, at,
                year.hash());
        List<ReceivedEvent> project = story("beside", 8).events();
        Build build = new Build();
        List<ReceivedEvent> first = new ArrayList<>(project);
        first.add(year);
        first.add(half);
        build.feed(first);
        assertThat(build.applied()).isEqualTo(project.size() + 2);

        build.feed(List.of(year, half, project.get(0), year));

        assertThat(build.applied()).as("each event once").isEqualTo(project.size() + 2);
        assertThat(build.counted("duplicate")).isEqualTo(4);
        assertThat(build.counted("applied")).isEqualTo(project.size() + 2);

        // Stored, then a stop before the checkpoint: read again, they count once, and their repeats not at all.
        Build stopped = new Build();
        stopped.projector.accept(List.of(year, half), Map.of(0, 2L));
        stopped.projector.flush(false);
        stopped.projector.close();
        stopped.projector = stopped.newProjector();
        stopped.feed(List.of(year, half, half));
        assertThat(stopped.applied()).isEqualTo(2);
        assertThat(stopped.counted("recognised")).isEqualTo(2);
        assertThat(stopped.counted("duplicate")).isEqualTo(1);
        assertThat(stopped.stores.periods().of("kosovo")).hasSize(2);
    }

    /**
     * The command side defines a period once. A second definition of it (a record written to the topic by another
     * than the command service) replaced the first: every view regrouped its figures and moved its due date, and
     * nothing told anyone. The first stands, and the second is set aside and counted, as a second, different record
     * of a project's event is.
     */
    @Test
    void aSecondDifferentDefinitionOfAPeriodIsSetAsideAndTheFirstStands() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        for (boolean oneBatch : List.of(false, true)) {
            // A programme of each case's own: records set aside are listed once across generations.
            String programme = oneBatch ? "kosovo-together" : "kosovo-apart";
            ReceivedEvent defined = Received.event(new ReportingPeriodDefined(programme, "2024-Q3", "quarters",
                    "2024 Q3", LocalDate.parse("2024-07-01"), LocalDate.parse("2024-09-30"),
                    LocalDate.parse("2024-10-31")), 0, at, null);
            ReceivedEvent forged = Received.event(new ReportingPeriodDefined(programme, "2024-Q3", "quarters",
                    "2024 Q3", LocalDate.parse("2024-07-01"), LocalDate.parse("2024-12-31"),
                    LocalDate.parse("2025-01-31")), 1, at, defined.hash());
            Build build = new Build();
            if (oneBatch) {
                build.feed(List.of(defined, forged));
            } else {
                build.feed(List.of(defined));
                build.feed(List.of(forged));
            }
            build.feed(List.of(defined));

            assertThat(build.stores.periods().of(programme)).singleElement().satisfies(period -> {
                assertThat(period.end()).isEqualTo(LocalDate.parse("2024-09-30"));
                assertThat(period.sequence()).isZero();
            });
            assertThat(build.counted("rejected")).as("in one batch: %s", oneBatch).isEqualTo(1);
            assertThat(new org.kronika.query.stream.RejectedRecords(build.stores.generations().database())
                    .newest(1000)).anySatisfy(record -> assertThat(record.reason())
                    .contains("defines reporting period 2024-Q3 of programme:" + programme + " again"));
        }
    }

    /**
     * A definition lacking a member (written by another than the command side) is compared again when it is read again
     * after a stop before its checkpoint: the comparison threw on the missing member, and the run failed at every
     * retry, holding up every project of the programme's partition.
     */
    @Test
    void aDefinitionLackingAMemberReadAgainAfterAStopIsComparedWithoutFailing() {
        ReceivedEvent lacking = Received.event(new ReportingPeriodDefined("kosovo-lacking", "2024-Q3", "quarters",
                "2024 Q3", LocalDate.parse("2024-07-01"), LocalDate.parse("2024-09-30"), null), 0,
                Instant.parse("2026-01-01T00:00:00Z"), null);
        Build stopped = new Build();
        stopped.projector.accept(List.of(lacking), Map.of(0, 1L));
        stopped.projector.flush(false);
        stopped.projector.close();
        stopped.projector = stopped.newProjector();

        stopped.feed(List.of(lacking));

        assertThat(stopped.stores.periods().of("kosovo-lacking")).hasSize(1);
        assertThat(stopped.counted("rejected")).isZero();
    }

    @Test
    void aProjectWhoseEventCannotBeAppliedIsParkedWithItsReasonWhileOthersFlow() {
        ProjectStory broken = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(
                registered("broken"), training("broken", "t-1", 10),
                training("broken", "t-1", 12), training("broken", "t-2", 3));
        ProjectStory fine = story("fine", 40);
        Build build = new Build();
        List<ReceivedEvent> all = new ArrayList<>(broken.events());
        all.addAll(fine.events());
        build.feed(all);

        assertThat(build.summary("fine").version()).isEqualTo(39);
        assertThat(build.summary("broken").version()).isEqualTo(1);
        ParkedProject parked = build.stores.parked().all().get(0);
        assertThat(parked.status()).isEqualTo(ParkedProject.PARKED);
        assertThat(parked.reason()).contains("#2").contains("already recorded");
        assertThat(parked.heldFrom()).isEqualTo(2);
        assertThat(parked.heldTo()).isEqualTo(3);

        // A retry without a fix parks it again, with every held event still held.
        build.stores.parked().requestRetry("broken");
        build.projector.retryRequested();
        build.projector.flush(true);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> assertThat(p.held()).isEqualTo(2));
        assertThat(build.stores.held().range("broken", 0, 10)).extracting(ReceivedEvent::sequence).containsExactly(2L, 3L);
    }

    /**
     * Someone able to write to the topic publishes event 2 of a project, linked to event 1, before the command side
     * publishes the real one: the read side applies, or holds, the first it reads and passes the other over as a
     * delivery repeated. Nothing in the history shown is broken, so the project is noted among the generation's
     * rejected records, with the second record's place, and its verification is never complete: whether the two come
     * in one batch or two, and whether the project had applied the event or held it while it waited. The first copy
     * is the one counted.
     */
    @ParameterizedTest
    @CsvSource({"applied, true", "applied, false", "held, true", "held, false"})
    void aSecondRecordThatDiffersFromAnEventAppliedOrHeldNotesItsProject(String first, boolean oneBatch) {
        ProjectStory real = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered("claimed"),
                training("claimed", "t-1", 10), training("claimed", "t-2", 3));
        List<ReceivedEvent> events = real.events();
        ReceivedEvent forged = Received.at(Received.event(training("claimed", "t-2", 300), 2, real.now(),
                events.get(1).hash()), 0, 2);
        Build build = new Build();
        List<ReceivedEvent> before = new ArrayList<>(List.of(Received.at(events.get(0), 0, 0)));
        if (first.equals("applied")) {
            before.add(Received.at(events.get(1), 0, 1));
        }
        before.add(forged);
        ReceivedEvent second = Received.at(events.get(2), 0, 3);
        // The event the held one waited for: in the same batch, the copies are released from the batch's writes.
        ReceivedEvent awaited = Received.at(events.get(1), 0, 4);
        if (oneBatch) {
            before.add(second);
            if (first.equals("held")) {
                before.add(awaited);
            }
            build.feed(before);
        } else {
            build.feed(before);
            build.feed(List.of(second));
        }

        assertThat(new org.kronika.query.stream.RejectedRecords(generations.database())
                .first(build.generation, "claimed")).hasValueSatisfying(noted -> {
                    assertThat(noted.partition()).isZero();
                    assertThat(noted.offset()).isEqualTo(3);
                    assertThat(noted.sequence()).isEqualTo("2");
                    assertThat(noted.reason()).contains("two different records claim event 2", events.get(2).hash(),
                            forged.hash(), "ce_id " + events.get(2).eventId(), "ce_id " + forged.eventId(),
                            "forged or altered");
                });
        if (first.equals("held") && !oneBatch) {
            build.feed(List.of(awaited));
        }
        // The copy read first counts, as the note says, held or applied: a held one was replaced by the later copy.
        assertThat(build.stores.summaries().tallies(List.of("claimed"), null).get("claimed").total().participants())
                .isEqualTo(10 + 300);
    }

    /**
     * A forger who keeps the real record's ce_id and ce_hash leaves two records the reason would name alike: it says
     * where they part, here their data.
     */
    @Test
    void aSecondRecordThatKeepsTheFirstOnesIdAndHashIsNotedWithWhatDiffers() {
        ProjectStory real = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered("alike"),
                training("alike", "t-1", 10), training("alike", "t-2", 3));
        List<ReceivedEvent> events = real.events();
        ReceivedEvent original = events.get(2);
        Map<String, Object> altered = new java.util.LinkedHashMap<>(original.data());
        altered.put("title", "A training that never was");
        ReceivedEvent forged = new ReceivedEvent(original.projectId(), 2, original.eventId(), original.type(),
                original.recordedAt(), original.time(), altered, original.event(), original.actor(), original.hash(),
                original.prevHash(), new ReceivedEvent.Position("kronika.project-events", 0, 3));
        Build build = new Build();
        build.feed(List.of(Received.at(events.get(0), 0, 0), Received.at(events.get(1), 0, 1),
                Received.at(original, 0, 2), forged));

        assertThat(new org.kronika.query.stream.RejectedRecords(generations.database())
                .first(build.generation, "alike")).hasValueSatisfying(noted -> assertThat(noted.reason())
                .contains("(ce_id " + original.eventId() + ", ce_hash " + original.hash() + ") and one read before it "
                        + "(ce_id " + original.eventId() + ", ce_hash " + original.hash() + ")")
                .contains("; they differ in their data; one of them was forged or altered"));
    }

    /**
     * Kafka delivers a record again, a publisher that restarts publishes one again, a restart reads again from the
     * checkpoint: the same record, wherever it comes, is no second record of its event.
     */
    @Test
    void aRecordDeliveredAgainAsItWasNotesNothing() {
        List<ReceivedEvent> events = story("again", 6).events();
        Build build = new Build();
        build.feed(List.of(events.get(0), events.get(1), events.get(3), events.get(1), events.get(3)));
        build.feed(List.of(events.get(3), events.get(1), events.get(2), events.get(4), events.get(2)));
        build.projector = build.newProjector();
        build.feed(events);

        assertThat(build.summary("again").version()).isEqualTo(events.size() - 1);
        assertThat(new org.kronika.query.stream.RejectedRecords(generations.database())
                .first(build.generation, "again")).isEmpty();
    }

    @Test
    void theProgrammesCalendarIsKeptApartFromProjectsAndADefinitionDeliveredAgainChangesNothing() {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        var year = new ReportingPeriodDefined("kosovo", "FY2024-25", "fiscal-years", "2024-25",
                LocalDate.parse("2024-07-01"), LocalDate.parse("2025-06-30"), LocalDate.parse("2025-08-31"));
        var half = new ReportingPeriodDefined("kosovo", "H1-2024", "semesters", "H1 2024",
                LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"), LocalDate.parse("2024-07-31"));
        ReceivedEvent first = Received.event(year, 0, at, null);
        ReceivedEvent second = Received.event(half, 1, at, first.hash());
        List<ReceivedEvent> beside = story("beside", 5).events();
        List<ReceivedEvent> batch = new ArrayList<>(beside);
        batch.add(1, second);
        batch.add(3, first);
        Build build = new Build();
        build.feed(batch);
        build.feed(List.of(first));

        assertThat(build.stores.periods().of("kosovo")).extracting(p -> p.periodId() + "@" + p.sequence())
                .containsExactly("H1-2024@1", "FY2024-25@0");
        assertThat(build.stores.periods().of("kosovo").get(1)).isEqualTo(
                new org.kronika.query.calendar.DefinedPeriod("kosovo", "FY2024-25", "fiscal-years", "2024-25",
                        LocalDate.parse("2024-07-01"), LocalDate.parse("2025-06-30"), LocalDate.parse("2025-08-31"), 0,
                        at));
        assertThat(build.stores.summaries().find("programme:kosovo")).as("no project of that name").isEmpty();
        assertThat(build.stores.parked().all()).isEmpty();
        assertThat(build.summary("beside").version()).isEqualTo(beside.size() - 1);
    }

    /** A programme figure's trace reads only a period's months of each project: they must add up as the whole does. */
    @Test
    void aPeriodsCellOfEachProjectIsTheSumOfItsMonthsAsTheWholeTallySays() {
        List<ReceivedEvent> all = new ArrayList<>();
        List<String> ids = List.of("cells-a", "cells-b", "cells-c");
        ids.forEach(id -> all.addAll(story(id, 60).events()));
        Build build = new Build(all);
        assertCellsAddUp(build, ids);
        assertThat(build.stores.programme().byProject(null, new Programme.Period("fy", LocalDate.parse("2023-07-01"),
                LocalDate.parse("2025-06-30")))).as("the story has figures in that year").isNotEmpty();
    }

    @Test
    void whatTheChangedSummariesWeighIsKeptUpToDateBatchByBatchForACatchUpToBoundIt() {
        List<ReceivedEvent> one = story("heavy-1", 120).events();
        List<ReceivedEvent> two = story("heavy-2", 80).events();
        Build build = new Build();

        long weight = 0;
        for (int from = 0; from < 120; from += 40) {
            List<ReceivedEvent> batch = new ArrayList<>(one.subList(from, from + 40));
            if (from < 80) {
                batch.addAll(two.subList(from, from + 40));
            }
            build.projector.accept(batch, Map.of(0, (long) from + 40));
            assertThat(build.projector.dirtyWeight()).as("grows as the summaries do").isGreaterThan(weight);
            weight = build.projector.dirtyWeight();
        }
        build.projector.flush(true);

        assertThat(weight).isEqualTo(build.summary("heavy-1").weight() + build.summary("heavy-2").weight());
        assertThat(build.projector.dirtyWeight()).isZero();
    }

    /**
     * An instance frozen past its consumer group's session, in the midst of a batch: its partition goes to another,
     * which reads on from the last checkpoint to the end. The frozen one then writes the batch it held, its facts as
     * they stood events ago: they are not written over its successor's (each writes with the token it was given with
     * the partition, the successor's later), and it stops, writing nothing more.
     */
    @Test
    void aWriterThatLostItsPartitionUnawaresWritesNoFactOverItsSuccessors() {
        List<ReceivedEvent> events = story("frozen", 150).events();
        Build build = new Build();
        Projector frozen = build.projector;
        frozen.writeAs(generations.nextWriter(build.generation));
        frozen.accept(events.subList(0, 40), Map.of(0, 40L));
        frozen.flush(true);
        frozen.awaitCheckpoints();

        // Frozen as it was about to apply its next batch; meanwhile its successor reads on.
        Projector successor = build.newProjector();
        successor.writeAs(generations.nextWriter(build.generation));
        successor.accept(events.subList(40, 150), Map.of(0, 150L));
        successor.flush(true);
        successor.awaitCheckpoints();

        assertThatThrownBy(() -> frozen.accept(events.subList(40, 90), Map.of(0, 90L)))
                .isInstanceOf(ProjectSummaries.WrittenByAnother.class).hasMessageContaining("by a later writer");
        frozen.close();
        build.projector = successor;
        build.hasTheSameReadModelsAs(new Build(events));
    }

    @Test
    void aCheckpointThatCannotBeWrittenStopsTheProjectorAndTheNextStartsFromTheOneBeforeLosingNothing() {
        List<ReceivedEvent> events = story("behind", 90).events();
        Build build = new Build();
        // A projector of its own, whose connection goes away after its summaries are written, before its checkpoint.
        var client = com.mongodb.client.MongoClients.create(TestInfrastructure.mongo().connectionString("x"));
        ReadModelStores own = ReadModelStores.of(new Generations(client.getDatabase(database), 2), build.generation,
                views);
        Projector projector = new Projector(own, new ProjectSummaryProjection(programme.periods()),
                new ProjectionMetrics(new SimpleMeterRegistry()), Clock.systemUTC(), 0, true);
        projector.accept(events.subList(0, 30), Map.of(0, 30L));
        projector.flush(true);
        projector.awaitCheckpoints();
        projector.accept(events.subList(30, 60), Map.of(0, 60L));
        projector.flush(false);
        client.close();
        projector.flush(true);

        assertThatThrownBy(projector::awaitCheckpoints).hasMessageContaining("Writing a checkpoint failed");
        assertThatThrownBy(() -> projector.flush(true)).hasMessageContaining("Writing a checkpoint failed");
        projector.close();
        assertThat(generations.state(build.generation).orElseThrow().offsets()).containsEntry(0, 30L);

        // The next run reads again from offset 30: events 30 to 59 are in the summary already, and recognised.
        build.projector = build.newProjector();
        build.projector.accept(events.subList(30, 90), Map.of(0, 90L));
        build.projector.flush(true);
        build.hasTheSameReadModelsAs(new Build(events));
        assertThat(generations.state(build.generation).orElseThrow().offsets()).containsEntry(0, 90L);
        // Recognised, events 30 to 59 count as applied once: the failed checkpoint never counted them.
        assertThat(generations.state(build.generation).orElseThrow().applied()).isEqualTo(90);
    }

    /**
     * The read store emptied while a projector runs (an operator, or a lost volume): the generation is made anew under
     * the same number, its collections empty. The old projector's checkpoint would tell the new one that everything
     * before its positions is written, and the new one would skip it; it is refused instead.
     */
    @Test
    void aProjectorWritesNoCheckpointIntoAGenerationMadeAnewUnderItsNumber() {
        List<ReceivedEvent> events = story("anew", 40).events();
        Build build = new Build();
        build.feed(events.subList(0, 20));
        build.projector.accept(events.subList(20, 40), Map.of(0, 40L));
        build.projector.flush(false);
        generations.database().drop();
        Generation anew = generations.create(TOPIC, "the read store was emptied");
        assertThat(anew).isEqualTo(build.generation);

        assertThatThrownBy(() -> build.projector.flush(true)).hasMessageContaining("are gone");
        assertThat(generations.state(anew).orElseThrow().offsets()).as("the new generation reads from the start")
                .isEmpty();
        assertThat(generations.state(anew).orElseThrow().applied()).isZero();
    }

    /**
     * A writer that stopped after the aggregates and before the shares, as the project came to work in a municipality
     * (an amendment added it), left the project counted there with a share that does not name the place. Amended
     * away again before its next rollup, it must be taken out there too: it stayed a member of the municipality's
     * aggregates for good, counted among its projects.
     */
    @Test
    void aProjectAWriterCountedInAPlaceBeforeItStoppedIsTakenOutThereOnceItLeavesThePlace() {
        String id = "moving";
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered(id),
                training(id, "t-1", 10), amended(id, "Gjilan", "Ferizaj"), amended(id, "Gjilan"),
                training(id, "t-2", 5));
        Build build = stoppedAtTheThirdEvent(story.events(), FailingProgrammeWrites::failNextShares);
        assertThat(build.stores.programme().find(Scope.municipality("Ferizaj", null))).as("counted there, unshared")
                .hasValueSatisfying(there -> assertThat(there.members()).containsKey(id));

        build.restartedWith(story.events().subList(2, 5), 5);

        assertThat(members(build, "Ferizaj")).as("no longer working there").doesNotContain(id);
        assertThat(build.stores.programme().find(Scope.municipality("Gjilan", null))).hasValueSatisfying(there ->
                assertThat(there.members().get(id).participants()).isEqualTo(15));
    }

    /**
     * A project coming into a municipality has its share written before the aggregates; if it leaves another in the
     * same change, that share names the one it leaves. A writer that stopped before the aggregates left the project
     * counted in the place it left, which that share, replacing the one naming it, no longer named: counted there for
     * good.
     */
    @Test
    void aProjectThatLeavesAPlaceAsItEntersAnotherIsTakenOutThereAfterAWriterStoppedBeforeTheAggregates() {
        String id = "replacing";
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered(id),
                amended(id, "Gjilan", "Prizren"), amended(id, "Gjilan", "Ferizaj"), training(id, "t-1", 5));
        Build build = stoppedAtTheThirdEvent(story.events(), FailingProgrammeWrites::failNextAggregates);
        assertThat(members(build, "Prizren")).as("still counted there, the aggregates unwritten").contains(id);

        build.restartedWith(story.events().subList(2, 4), 4);

        assertThat(members(build, "Prizren")).as("no longer working there").doesNotContain(id);
        assertThat(members(build, "Ferizaj")).contains(id);
    }

    /** Built to the second event, then stopped by this failure as it rolls up the third into the programme. */
    private Build stoppedAtTheThirdEvent(List<ReceivedEvent> events,
                                         java.util.function.Consumer<FailingProgrammeWrites> failure) {
        Build build = new Build();
        build.feed(events.subList(0, 2));
        var failing = new FailingProgrammeWrites(generations.database(), build.generation);
        build.projector = build.newProjector(build.storesWith(failing));
        failure.accept(failing);
        assertThatThrownBy(() -> build.feed(events.subList(2, 3))).hasMessageContaining("lost");
        return build;
    }

    private static java.util.Set<String> members(Build build, String municipality) {
        return build.stores.programme().find(Scope.municipality(municipality, null))
                .map(there -> there.members().keySet()).orElse(java.util.Set.of());
    }

    private static org.kronika.events.ProjectDetailsAmended amended(String id, String... municipalities) {
        return new org.kronika.events.ProjectDetailsAmended(id, null, null, null, null, null, List.of(municipalities),
                null, "where the project works changed");
    }

    @Test
    void cellsAWriterLeftBehindWhenItStoppedAfterTheSharesAreSetRightByTheNext() {
        List<String> ids = List.of("crash-a", "crash-b");
        List<List<ReceivedEvent>> stories = ids.stream().map(id -> story(id, 80).events()).toList();
        Build build = new Build();
        build.feed(stories.stream().flatMap(events -> events.subList(0, 40).stream()).toList());
        // As a writer that stopped after the shares: a line in a cell the share says it left, and a line not yet
        // set right in a cell it still has.
        var cells = generations.database().getCollection(generation(build, ProgrammeAggregates.CELLS));
        var shares = generations.database().getCollection(generation(build, ProgrammeAggregates.SHARES));
        String left = Slices.of(ProgrammeCell.id("Gjilan", "1999-01"), "crash-a");
        cells.insertOne(new org.bson.Document("_id", left).append("revision", 7L).append("projects",
                new org.bson.Document("crash-a", org.kronika.query.readmodel.DocumentMapper.toDocument(
                        org.kronika.query.tally.Tally.EMPTY.add("training-delivered", Participants.total(9), 1)))));
        shares.updateOne(com.mongodb.client.model.Filters.eq("_id", "crash-a"),
                com.mongodb.client.model.Updates.set("cellsToClear", List.of(left)));
        String kept = Slices.of(ProgrammeCell.id(ProgrammeCell.EVERYWHERE, ProgrammeCell.ALL_TIME), "crash-b");
        cells.updateOne(com.mongodb.client.model.Filters.eq("_id", kept),
                com.mongodb.client.model.Updates.set("projects.crash-b.activities", 1_000_000L));
        build.projector = build.newProjector();
        // Only crash-a moves on; crash-b has nothing new, yet its line is set right from its share.
        build.feed(stories.get(0).subList(40, 80));
        build.projector = build.newProjector();
        build.feed(List.of(stories.get(1).get(39)));

        assertThat(cells.find(com.mongodb.client.model.Filters.eq("_id", left)).first()).isNull();
        assertCellsAddUp(build, ids);
        assertThat(build.stores.programme().byProject(null, null)).containsOnlyKeys(ids);
    }

    /**
     * A writer that stopped after saving the aggregates and before the shares leaves shares behind the aggregates'
     * members. The next rollup that recounts a scope must not add up another project's stale share when it holds
     * that project's share afresh: the programme's totals would miss what that share does not have yet.
     */
    @Test
    void aRecountAfterAWriterStoppedBeforeTheSharesTakesTheSharesOfTheBatchNotTheStaleOnes() {
        // In one slice: the recount of the slice they share is what could take the other's stale share.
        List<String> ids = List.of("stale-a", inTheSliceOf("stale-a", "stale-b"));
        List<ReceivedEvent> a = story(ids.get(0), 80).events();
        List<ReceivedEvent> b = story(ids.get(1), 80).events();
        Build build = new Build();
        build.feed(concat(a.subList(0, 40), b.subList(0, 40)));
        Runnable sharesAt40PutBack = sharesPutBackLater(build, ids);

        build.feed(concat(b.subList(40, 60), a.subList(40, 60)));
        // As if the writer had stopped after the aggregates: the shares are still those of event 39.
        sharesAt40PutBack.run();
        build.projector = build.newProjector();
        build.feed(concat(List.of(b.get(59)), a.subList(60, 62)));

        assertProgrammeTotalsAddUp(build, ids);
        assertCellsAddUp(build, ids);
    }

    /**
     * An instance that lost its partition while it wrote (out of the group too long) finishes a checkpoint after its
     * successor has gone further: neither the programme's totals nor the position go back to what it had read.
     */
    @Test
    void aWriterThatLostItsPartitionCannotTakeTheProgrammeOrThePositionBack() {
        List<ReceivedEvent> events = story("lost", 40).events();
        Build build = new Build();
        Projector stalled = build.projector;
        stalled.accept(events.subList(0, 20), Map.of(0, 20L));
        stalled.flush(false);
        Projector successor = build.newProjector();
        successor.accept(events.subList(0, 40), Map.of(0, 40L));
        successor.flush(true);
        successor.awaitCheckpoints();

        stalled.flush(true);
        stalled.awaitCheckpoints();

        assertThat(generations.state(build.generation).orElseThrow().offsets()).containsEntry(0, 40L);
        var programme = build.stores.programme().find(Scope.programme(null)).orElseThrow();
        assertThat(programme.members().get("lost").version()).isEqualTo(build.summary("lost").version());
        assertProgrammeTotalsAddUp(build, List.of("lost"));
        assertCellsAddUp(build, List.of("lost"));
    }

    /**
     * An instance frozen in the midst of a rollup (it lost its partition meanwhile) recounts a slice, as another
     * project's share there is stale, with a project its successor rolled up further while it was frozen: the
     * recount counts that project as its successor left it, not as this instance had read it.
     */
    @Test
    void aRecountByAWriterFrozenInItsRollupKeepsWhatItsSuccessorCountedMeanwhile() {
        List<String> ids = List.of("overtaken", inTheSliceOf("overtaken", "recounted"));
        List<ReceivedEvent> overtaken = story(ids.get(0), 40).events();
        List<ReceivedEvent> recounted = story(ids.get(1), 30).events();
        Build build = new Build();
        build.feed(concat(overtaken.subList(0, 10), recounted.subList(0, 10)));
        Runnable staleSharePutBack = sharesPutBackLater(build, List.of(ids.get(1)));
        build.feed(concat(overtaken.subList(10, 20), recounted.subList(10, 20)));
        // As if a writer had stopped after the aggregates: one share is still that of event 9, so the next rollup
        // that touches its slice recounts it.
        staleSharePutBack.run();

        var interrupted = new org.kronika.query.portfolio.InterruptedProgrammeReads(generations.database(),
                build.generation);
        Projector stalled = build.newProjector(build.storesWith(interrupted));
        interrupted.beforeNextRead(() -> {
            Projector successor = build.newProjector();
            successor.accept(overtaken.subList(20, 40), Map.of(0, 70L));
            successor.flush(true);
            successor.awaitCheckpoints();
        });
        stalled.accept(concat(overtaken.subList(20, 30), recounted.subList(20, 30)), Map.of(0, 60L));
        stalled.flush(true);
        stalled.awaitCheckpoints();

        var programme = build.stores.programme().find(Scope.programme(null)).orElseThrow();
        assertThat(build.summary(ids.get(0)).version()).isEqualTo(39);
        assertThat(programme.members().get(ids.get(0)).version()).isEqualTo(39);
        assertThat(programme.members().get(ids.get(1)).version()).isEqualTo(29);
        assertProgrammeTotalsAddUp(build, ids);
        assertCellsAddUp(build, ids);
    }

    /**
     * A stop between a summary and its list entry leaves the entry behind (or, for a new project, absent): when the
     * events are read again from the checkpoint, recognised, the entry is written after all.
     */
    @Test
    void aListEntryLeftBehindByAStopIsWrittenWhenTheEventsAreReadAgain() {
        List<ReceivedEvent> events = story("behind-list", 30).events();
        List<ReceivedEvent> other = story("never-listed", 10).events();
        Build build = new Build();
        build.feed(events.subList(0, 20));
        build.projector.awaitCheckpoints();
        var list = generations.database().getCollection(generation(build, ProjectSummaries.LIST));
        org.bson.Document at19 = list.find(com.mongodb.client.model.Filters.eq("_id", "behind-list")).first();
        List<ReceivedEvent> more = new ArrayList<>(events.subList(20, 30));
        more.addAll(other);
        build.projector.accept(more, Map.of(0, 40L));
        build.projector.flush(false);
        // As if the writer had stopped after the summaries, before the entries.
        list.replaceOne(com.mongodb.client.model.Filters.eq("_id", "behind-list"), at19);
        list.deleteOne(com.mongodb.client.model.Filters.eq("_id", "never-listed"));
        build.projector.close();

        build.projector = build.newProjector();
        build.projector.accept(more, Map.of(0, 40L));
        build.projector.flush(true);

        assertThat(build.stores.summaries().entry("behind-list").orElseThrow().version()).isEqualTo(29);
        assertThat(build.stores.summaries().entry("never-listed")).as("a new project's entry").isPresent();
    }

    /** Abandoned (its partitions lost), a projector writes nothing it had not written: no checkpoint, no position. */
    @Test
    void anAbandonedProjectorWritesNoCheckpoint() {
        List<ReceivedEvent> events = story("abandoned", 40).events();
        Build build = new Build();
        build.feed(events.subList(0, 20));
        build.projector.awaitCheckpoints();
        build.projector.accept(events.subList(20, 40), Map.of(0, 40L));

        build.projector.abandon();

        assertThat(generations.state(build.generation).orElseThrow().offsets()).containsEntry(0, 20L);
    }

    @Test
    void twoWritersOfTheSameCellsLoseNeitherLine() {
        // In one slice, so both write the same documents.
        List<String> ids = List.of("two-a", inTheSliceOf("two-a", "two-b"));
        List<ReceivedEvent> a = story(ids.get(0), 60).events();
        List<ReceivedEvent> b = story(ids.get(1), 60).events();
        Build build = new Build();
        Projector first = build.projector;
        Projector second = build.newProjector();
        // Each instance projects its own project; both write the programme's cells, each from what it cached.
        for (int from = 0; from < 60; from += 20) {
            first.accept(a.subList(from, from + 20), Map.of(0, (long) from + 20));
            first.flush(true);
            second.accept(b.subList(from, from + 20), Map.of(1, (long) from + 20));
            second.flush(true);
        }
        assertCellsAddUp(build, ids);
        assertThat(build.stores.programme().byProject(null, null)).containsOnlyKeys(ids);
    }

    /**
     * A programme officer filtering the list by a municipality finds the projects its count names: those registered
     * there and those that worked there before an amendment dropped it, until their last activity there goes.
     */
    @Test
    void theListsMunicipalityFilterFindsTheProjectsTheMunicipalitysCountNames() {
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(
                new ProjectRegistered("dropped", "org", "Org", false, "Dropped Gjilan", null, null, null, null,
                        List.of("Ferizaj", "Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                new TrainingDelivered("dropped", "t-1", "Training", LocalDate.of(2024, 3, 1), "Gjilan",
                        Participants.total(12), null, List.of(), null, 1),
                new org.kronika.events.ProjectDetailsAmended("dropped", null, null, null, null, null,
                        List.of("Ferizaj"), null, "Left Gjilan"));
        Build build = new Build(story.events());
        ProjectSummaries inOrder = new ProjectSummaries(generations.database(), build.generation, views,
                new org.kronika.query.project.ProjectOrder(Clock.systemUTC()));

        assertThat(gjilanCount(build)).isEqualTo(1);
        assertThat(build.stores.programme().find(Scope.municipality("Gjilan", null)).orElseThrow().members())
                .containsOnlyKeys("dropped");
        assertThat(listedIn("Gjilan", build.stores.summaries())).containsExactly("dropped");
        assertThat(listedIn("Gjilan", inOrder)).containsExactly("dropped");

        // Its one activity there retracted, it worked there no more: neither counts it, the list held in memory too.
        List<ReceivedEvent> retracted = story.then(new org.kronika.events.ActivityRetracted("dropped", "t-1",
                "Recorded in the wrong project")).events();
        build.projector.accept(retracted.subList(3, 4), Map.of(0, 4L));
        build.projector.flush(true);
        assertThat(gjilanCount(build)).isZero();
        assertThat(listedIn("Gjilan", build.stores.summaries())).isEmpty();
        assertThat(listedIn("Gjilan", inOrder)).isEmpty();
        assertThat(listedIn("Ferizaj", inOrder)).containsExactly("dropped");
    }

    /**
     * A closed project is closed in the list, as the store filters it and as the order held in memory does, and is
     * ended no longer, until it is reopened; closed again, it is closed again. Fed a step at a time or rebuilt from
     * the whole stream, the read models are the same.
     */
    @Test
    void aClosedProjectIsListedAsClosedAloneUntilItIsReopenedAndARebuildAgrees() {
        LocalDate end = LocalDate.of(2024, 12, 31);
        ProjectStory closing = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(
                new ProjectRegistered("closing", "org", "Org", false, "Closing", null, null, null, null,
                        List.of("Gjilan"), LocalDate.of(2024, 1, 1), end),
                new TrainingDelivered("closing", "t-1", "Training", LocalDate.of(2024, 3, 1), "Gjilan",
                        Participants.total(12), null, List.of(), null, 1));
        ProjectStory ended = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(
                new ProjectRegistered("ended", "org", "Org", false, "Ended", null, null, null, null,
                        List.of("Gjilan"), LocalDate.of(2024, 1, 1), end));
        List<ReceivedEvent> all = new ArrayList<>(closing.events());
        all.addAll(ended.events());
        Build build = new Build(all);
        ProjectSummaries inOrder = new ProjectSummaries(generations.database(), build.generation, views,
                new org.kronika.query.project.ProjectOrder(Clock.systemUTC()));
        for (ProjectSummaries list : List.of(build.stores.summaries(), inOrder)) {
            assertThat(listed(list, null, "ended")).containsExactly("closing", "ended");
            assertThat(listed(list, null, "closed")).isEmpty();
        }

        java.util.function.Consumer<org.kronika.events.ProjectEvent> next = event -> {
            List<ReceivedEvent> events = closing.then(event).events();
            build.projector.accept(events.subList(events.size() - 1, events.size()), Map.of(0, (long) events.size()));
            build.projector.flush(true);
        };
        next.accept(new org.kronika.events.ProjectClosed("closing", end, List.of("2024-Q1", "2024-Q2", "2024-Q3",
                "2024-Q4"), "All approved"));
        for (ProjectSummaries list : List.of(build.stores.summaries(), inOrder)) {
            assertThat(listed(list, null, "closed")).containsExactly("closing");
            assertThat(listed(list, null, "ended")).containsExactly("ended");
            assertThat(list.list(new org.kronika.query.project.ProjectFilter(null, null, null, null, null,
                    LocalDate.of(2025, 1, 1)), 0, 10).items()).extracting(
                    org.kronika.query.project.ProjectListEntry::status).containsExactly("closed", "ended");
        }
        assertThat(build.summary("closing").closure().sequence()).isEqualTo(2);

        next.accept(new org.kronika.events.ProjectReopened("closing", "A late invoice"));
        for (ProjectSummaries list : List.of(build.stores.summaries(), inOrder)) {
            assertThat(listed(list, null, "closed")).isEmpty();
            assertThat(listed(list, null, "ended")).containsExactly("closing", "ended");
        }

        next.accept(new org.kronika.events.ProjectClosed("closing", end, List.of(), "Closed again"));
        for (ProjectSummaries list : List.of(build.stores.summaries(), inOrder)) {
            assertThat(listed(list, null, "closed")).containsExactly("closing");
            assertThat(listed(list, "Gjilan", "planned")).isEmpty();
            assertThat(listed(list, "Gjilan", "active")).isEmpty();
        }
        assertThat(build.summary("closing").closures()).hasSize(2);

        List<ReceivedEvent> rebuilt = new ArrayList<>(closing.events());
        rebuilt.addAll(ended.events());
        Build rebuild = new Build(rebuilt);
        rebuild.hasTheSameReadModelsAs(build);
    }

    private static List<String> listed(ProjectSummaries list, String municipality, String status) {
        return list.list(new org.kronika.query.project.ProjectFilter(null, null, municipality, status, null,
                LocalDate.of(2025, 1, 1)), 0, 10).items().stream()
                .map(org.kronika.query.project.ProjectListEntry::projectId).toList();
    }

    private long gjilanCount(Build build) {
        var portfolio = new org.kronika.query.portfolio.PortfolioViews(programme).portfolio(
                build.stores.programme().find(Scope.programme(null)).orElseThrow(), java.util.Set.of(), "programme", 0,
                10, LocalDate.of(2025, 1, 1), new org.kronika.query.report.OverdueReports(List.of(), ids -> Map.of()));
        return portfolio.byMunicipality().stream().filter(p -> p.municipality().equals("Gjilan")).findFirst()
                .orElseThrow().projects();
    }

    private static List<String> listedIn(String municipality, ProjectSummaries list) {
        return listed(list, municipality, null);
    }

    /**
     * Taking away the latest contribution of "latest" indicators, and the activity that happened last, reads the
     * few activities and measurements an index puts first, not the project's every activity once per indicator.
     */
    @Test
    void takingAwayWhatIsLatestReadsAsFewDocumentsForTenTimesTheActivities() {
        long[] few = documentsReadTakingAwayTheLatest(100);
        long[] many = documentsReadTakingAwayTheLatest(1000);
        assertThat(many).as("a retraction, then a correction moving the new latest to an earlier month")
                .isEqualTo(few);
        assertThat(many[0]).isLessThanOrEqualTo(8);
        assertThat(many[1]).isLessThanOrEqualTo(8);
    }

    /** The activity and measurement documents read for a retraction of the latest, then a correction. */
    private long[] documentsReadTakingAwayTheLatest(int activities) {
        java.util.concurrent.atomic.AtomicLong read = new java.util.concurrent.atomic.AtomicLong();
        String store = TestInfrastructure.mongo().connectionString("x");
        var settings = com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(store))
                .addCommandListener(new com.mongodb.event.CommandListener() {
                    @Override
                    public void commandSucceeded(com.mongodb.event.CommandSucceededEvent event) {
                        var cursor = event.getResponse().getDocument("cursor", null);
                        String ns = cursor == null ? "" : cursor.getString("ns").getValue();
                        if (ns.contains(org.kronika.query.activity.Activities.NAME)
                                || ns.contains(org.kronika.query.activity.Activities.INDEX)
                                || ns.contains(org.kronika.query.measurement.Measurements.NAME)) {
                            read.addAndGet(cursor.getArray(cursor.containsKey("firstBatch") ? "firstBatch"
                                    : "nextBatch").size());
                        }
                    }
                }).build();
        generations = new Generations(com.mongodb.client.MongoClients.create(settings)
                .getDatabase("counted-" + UUID.randomUUID()), 2);
        String id = "long-" + activities;
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered(id),
                new IndicatorDefined(id, "size", "Latest group size", "count", "participants", "latest", 0, 50,
                        List.of(), List.of()),
                new IndicatorDefined(id, "sessions", "Latest sessions", "count", "activities", "latest", 0, 50,
                        List.of(), List.of()));
        for (int i = 0; i < activities; i++) {
            // Over the same 300 days however many there are: the last of them, t-(n-1), on the last day.
            story.then(new TrainingDelivered(id, "t-" + i, "Training",
                    LocalDate.of(2024, 1, 1).plusDays(i * 300L / activities), "Gjilan", Participants.total(10 + i % 7),
                    null, List.of("size", "sessions"), null, 1));
        }
        // The latest, on that same day: taken away, the one before it that day is latest.
        story.then(new TrainingDelivered(id, "t-last", "Training", LocalDate.of(2024, 1, 1).plusDays(299), "Gjilan",
                Participants.total(40), null, List.of("size", "sessions"), null, 1));
        Build build = new Build(story.events());
        String next = "t-" + (activities - 1);
        List<ReceivedEvent> all = story.then(new org.kronika.events.ActivityRetracted(id, "t-last", "Never held"),
                new ActivityCorrected(id, next, "training-delivered", Received.data(new TrainingDelivered(id, next,
                        "Training", LocalDate.of(2024, 2, 1), "Gjilan", Participants.total(10), null,
                        List.of("size", "sessions"), null, 1)), "Wrong month")).events();
        long[] reads = new long[2];
        for (int i = 0; i < 2; i++) {
            read.set(0);
            build.projector.accept(all.subList(all.size() - 2 + i, all.size() - 1 + i),
                    Map.of(0, (long) all.size() - 1 + i));
            build.projector.flush(true);
            reads[i] = read.get();
        }
        FoldedProject oracle = new FoldedProject(id, programme.periods()).apply(all);
        assertThat(build.summary(id).indicators()).isEqualTo(oracle.summary().indicators());
        assertThat(build.summary(id).lastActivity()).isEqualTo(oracle.summary().lastActivity());
        return reads;
    }

    /**
     * A batch that corrected many activities, then takes the latest away: the store is asked for the latest it holds
     * among those the batch did not change, one document each, not one more than the batch changed.
     */
    @Test
    void takingAwayTheLatestAfterABatchOfCorrectionsAsksOneDocumentPerQuestion() {
        LatestFirstReads read = countLatestFirstReads();
        String id = "corrected";
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered(id),
                new IndicatorDefined(id, "size", "Latest group size", "count", "participants", "latest", 0, 50,
                        List.of(), List.of()));
        java.util.function.BiFunction<Integer, Integer, TrainingDelivered> training = (i, people) ->
                new TrainingDelivered(id, "t-" + i, "Training", LocalDate.of(2024, 3, 1).plusDays(i % 28), "Gjilan",
                        Participants.total(people), null, List.of("size"), null, 1);
        for (int i = 0; i < 200; i++) {
            story.then(training.apply(i, 10));
        }
        Build build = new Build(story.events());
        for (int i = 100; i < 200; i++) {
            story.then(new ActivityCorrected(id, "t-" + i, "training-delivered", Received.data(training.apply(i, 12)),
                    "Counted again"));
        }
        List<ReceivedEvent> all = story.then(new org.kronika.events.ActivityRetracted(id, "t-195", "Never held"))
                .events();
        read.documents().set(0);
        build.projector.accept(all.subList(202, all.size()), Map.of(0, (long) all.size()));
        build.projector.flush(true);

        assertThat(read.documents().get()).as("documents the latest-first queries answered").isLessThanOrEqualTo(2);
        FoldedProject oracle = new FoldedProject(id, programme.periods()).apply(all);
        assertThat(build.summary(id).indicators()).isEqualTo(oracle.summary().indicators());
        assertThat(build.summary(id).lastActivity()).isEqualTo(oracle.summary().lastActivity());
    }

    /** Latest-first queries ({@code find} with a sort) this test's generations ask, and the documents they answer. */
    private record LatestFirstReads(java.util.concurrent.atomic.AtomicLong queries,
                                    java.util.concurrent.atomic.AtomicLong documents) {
    }

    private LatestFirstReads countLatestFirstReads() {
        LatestFirstReads read = new LatestFirstReads(new java.util.concurrent.atomic.AtomicLong(),
                new java.util.concurrent.atomic.AtomicLong());
        java.util.Set<Integer> latestFirst = java.util.concurrent.ConcurrentHashMap.newKeySet();
        var settings = com.mongodb.MongoClientSettings.builder()
                .applyConnectionString(new com.mongodb.ConnectionString(TestInfrastructure.mongo().connectionString("x")))
                .addCommandListener(new com.mongodb.event.CommandListener() {
                    @Override
                    public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                        if (event.getCommandName().equals("find") && event.getCommand().containsKey("sort")) {
                            latestFirst.add(event.getRequestId());
                            read.queries().incrementAndGet();
                        }
                    }

                    @Override
                    public void commandSucceeded(com.mongodb.event.CommandSucceededEvent event) {
                        if (latestFirst.remove(event.getRequestId())) {
                            read.documents().addAndGet(event.getResponse().getDocument("cursor")
                                    .getArray("firstBatch").size());
                        }
                    }
                }).build();
        generations = new Generations(com.mongodb.client.MongoClients.create(settings)
                .getDatabase("counted-" + UUID.randomUUID()), 2);
        return read;
    }

    /**
     * The activities that happened last retracted one after another, each in a batch of its own (the usual mistake
     * to fix is the one just recorded): the summary keeps the few last, so the store, whose latest-first query is a
     * scan of every project's activities without secondary indexes (the local stand-in), is asked once, not each time.
     */
    @Test
    void retractingTheLastActivitiesOneAfterAnotherAsksTheStoreOnceTheKeptOnesAreGone() {
        LatestFirstReads read = countLatestFirstReads();
        String id = "retracting";
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered(id));
        for (int i = 0; i < 30; i++) {
            story.then(new TrainingDelivered(id, "t-" + i, "Training", LocalDate.of(2024, 3, 1).plusDays(i), "Gjilan",
                    Participants.total(10), null, List.of(), null, 1));
        }
        Build build = new Build(story.events());
        for (int i = 29; i >= 20; i--) {
            story.then(new org.kronika.events.ActivityRetracted(id, "t-" + i, "Recorded twice"));
        }
        List<ReceivedEvent> all = story.events();
        read.queries().set(0);
        FoldedProject oracle = new FoldedProject(id, programme.periods()).apply(all.subList(0, 31));
        for (int at = 31; at < all.size(); at++) {
            build.projector.accept(all.subList(at, at + 1), Map.of(0, (long) at + 1));
            build.projector.flush(true);
            oracle.apply(all.get(at));
            assertThat(build.summary(id).lastActivity()).as("after event %d", at)
                    .isEqualTo(oracle.summary().lastActivity());
        }

        assertThat(read.queries().get()).as("latest-first queries for 10 retractions of the last activity")
                .isEqualTo(1);
    }

    /**
     * The store away a moment while an event asks it what is latest now is no fault of the event: the run fails
     * and starts again from its checkpoint, instead of parking the project for an operator.
     */
    @Test
    void theStoreAwayWhileAnEventAsksItWhatIsLatestParksNothing() {
        String id = "asked";
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered(id),
                new IndicatorDefined(id, "size", "Latest group size", "count", "participants", "latest", 0, 50,
                        List.of(), List.of()), sized(id, "t-1", 10), sized(id, "t-2", 12));
        boolean[] away = {false};
        Build build = new Build();
        build.projector.close();
        ReadModelStores s = build.stores;
        build.projector = build.newProjector(new ReadModelStores(s.generations(), s.generation(), s.summaries(),
                new org.kronika.query.activity.Activities(generations.database(), build.generation) {
                    @Override
                    public List<org.kronika.query.activity.Activity> lastStanding(String projectId,
                            String indicatorId, java.time.YearMonth month, String municipality,
                            java.util.Set<String> except, int limit) {
                        if (away[0]) {
                            throw new com.mongodb.MongoSocketReadException("the store went away",
                                    new com.mongodb.ServerAddress());
                        }
                        return super.lastStanding(projectId, indicatorId, month, municipality, except, limit);
                    }
                }, s.measurements(), s.history(), s.programme(), s.held(), s.parked(), s.periods(), s.reports()));
        build.feed(story.events());
        List<ReceivedEvent> all = story.then(new org.kronika.events.ActivityRetracted(id, "t-2", "Never held"))
                .events();

        away[0] = true;
        assertThatThrownBy(() -> build.projector.accept(all.subList(4, 5), Map.of(0, 5L)))
                .isInstanceOf(com.mongodb.MongoSocketException.class);
        assertThat(build.stores.parked().all()).isEmpty();
        away[0] = false;
        build.projector = build.newProjector();
        build.projector.accept(all.subList(4, 5), Map.of(0, 5L));
        build.projector.flush(true);
        assertThat(build.summary(id).version()).isEqualTo(4);
        assertThat(build.stores.parked().all()).isEmpty();
    }

    /**
     * What is latest after the latest is taken away is what reading every fact says, with ties on one day settled
     * by the order recorded (measurements after activities), whether the events come one batch each, all in one
     * batch (the changes not yet written), or again after a restart (the store ahead of the summary).
     */
    @ParameterizedTest
    @CsvSource({"1", "40", "restart"})
    void theNextLatestIsWhatEveryFactSaysWithTiesOnOneDaySettledByTheOrderRecorded(String batching) {
        String id = "ties";
        java.util.function.BiFunction<String, Object[], TrainingDelivered> training = (activityId, at) ->
                new TrainingDelivered(id, activityId, "Training", LocalDate.parse((String) at[0]), (String) at[1],
                        Participants.total((Integer) at[2]), null, List.of("size"), null, 1);
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(
                new ProjectRegistered(id, "org", "Org", false, "Ties", null, null, null, null,
                        List.of("Gjilan", "Kamenicë"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                new IndicatorDefined(id, "size", "Latest group size", "count", "participants", "latest", 0, 50,
                        List.of(), List.of()),
                training.apply("a", new Object[]{"2024-06-10", "Gjilan", 30}),
                training.apply("b", new Object[]{"2024-06-10", "Gjilan", 25}),
                training.apply("c", new Object[]{"2024-06-10", "Kamenicë", 18}),
                training.apply("d", new Object[]{"2024-06-20", null, 40}),
                training.apply("e", new Object[]{"2024-06-15", "Gjilan", 35}),
                new org.kronika.events.IndicatorMeasured(id, "size", "m-1", LocalDate.parse("2024-06-09"), 22,
                        "Gjilan", Map.of(), null),
                training.apply("f", new Object[]{"2024-06-10", "Gjilan", 27}),
                training.apply("g", new Object[]{"2024-06-09", "Gjilan", 19}),
                new org.kronika.events.ActivityRetracted(id, "d", "Never held"),
                new ActivityCorrected(id, "e", "training-delivered", Received.data(training.apply("e",
                        new Object[]{"2024-06-05", "Gjilan", 35})), "Wrong day"),
                new org.kronika.events.ActivityRetracted(id, "f", "Recorded twice"),
                new org.kronika.events.ActivityRetracted(id, "c", "Recorded twice"),
                new ActivityCorrected(id, "b", "training-delivered", Received.data(training.apply("b",
                        new Object[]{"2024-05-31", "Gjilan", 25})), "Wrong month"),
                new org.kronika.events.ActivityRetracted(id, "a", "Never held"));
        List<ReceivedEvent> events = story.events();
        Build build = built(events, batching);

        FoldedProject oracle = new FoldedProject(id, programme.periods());
        List<Double> oracleSteps = new ArrayList<>();
        for (ReceivedEvent event : events) {
            oracle.apply(event);
            oracleSteps.add(oracle.summary().indicators().isEmpty() ? null
                    : views.indicator(oracle.summary().indicators().get(0)).progress().achieved());
        }
        assertThat(oracleSteps.subList(2, oracleSteps.size())).as("the latest after each event").containsExactly(
                30.0, 25.0, 18.0, 40.0, 40.0, 40.0, 40.0, 40.0, 35.0, 27.0, 18.0, 25.0, 30.0, 22.0);
        ProjectSummary summary = build.summary(id);
        assertThat(summary.indicators()).isEqualTo(oracle.summary().indicators());
        assertThat(summary.lastActivity()).isEqualTo(oracle.summary().lastActivity());
        var progress = views.indicator(summary.indicators().get(0)).progress();
        assertThat(progress.byMunicipality()).isEqualTo(Map.of("Gjilan", 22.0));
        assertThat(summary.lastActivity().on()).isEqualTo(LocalDate.of(2024, 6, 9));
    }

    /**
     * A measurement corrected or retracted counts as it stands, or no more: taking away the latest of a "latest"
     * indicator finds the one latest now among the measurements still standing, as they stand (a correction moving
     * one to another day, a retraction), as reading every fact says, whether the events come one batch each, all in
     * one batch, or again after a restart (the store ahead of the summary); a summed one swaps its contribution.
     */
    @ParameterizedTest
    @CsvSource({"1", "40", "restart"})
    void aCorrectedOrRetractedMeasurementCountsAsItStandsOrNoMore(String batching) {
        String id = "measured";
        java.util.function.Function<Object[], org.kronika.events.IndicatorMeasured> measured = at ->
                new org.kronika.events.IndicatorMeasured(id, (String) at[0], (String) at[1],
                        LocalDate.parse((String) at[2]), (Double) at[3], (String) at[4], Map.of(), null);
        java.util.function.Function<Object[], org.kronika.events.MeasurementCorrected> corrected = at ->
                new org.kronika.events.MeasurementCorrected(id, (String) at[0], (String) at[1],
                        LocalDate.parse((String) at[2]), (Double) at[3], (String) at[4], Map.of(), null, "Recount");
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(
                new ProjectRegistered(id, "org", "Org", false, "Measured", null, null, null, null,
                        List.of("Gjilan", "Kamenicë"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                new IndicatorDefined(id, "aware", "Citizens aware of budgeting", "percent", "measured", "latest", 10,
                        60, List.of(), List.of()),
                new IndicatorDefined(id, "reached", "Citizens reached by the survey", "count", "measured", "sum", 0,
                        500, List.of(), List.of()),
                measured.apply(new Object[]{"aware", "m-1", "2024-02-10", 25.0, null}),
                measured.apply(new Object[]{"aware", "m-2", "2024-02-20", 150.0, null}),
                measured.apply(new Object[]{"aware", "m-3", "2024-02-15", 28.0, "Gjilan"}),
                measured.apply(new Object[]{"reached", "s-1", "2024-02-10", 100.0, "Gjilan"}),
                measured.apply(new Object[]{"reached", "s-2", "2024-05-10", 40.0, null}),
                corrected.apply(new Object[]{"aware", "m-2", "2024-02-20", 15.0, null}),
                corrected.apply(new Object[]{"aware", "m-2", "2024-02-05", 15.0, null}),
                new org.kronika.events.MeasurementRetracted(id, "aware", "m-3", "Measured in another project"),
                new org.kronika.events.MeasurementRetracted(id, "aware", "m-1", "A pilot"),
                corrected.apply(new Object[]{"reached", "s-1", "2024-02-10", 10.0, "Kamenicë"}),
                new org.kronika.events.MeasurementRetracted(id, "reached", "s-2", "Counted twice"));
        List<ReceivedEvent> events = story.events();
        Build build = built(events, batching);

        FoldedProject oracle = new FoldedProject(id, programme.periods());
        List<Double> aware = new ArrayList<>();
        List<Double> reached = new ArrayList<>();
        for (ReceivedEvent event : events) {
            oracle.apply(event);
            if (oracle.summary().indicators().size() == 2) {
                aware.add(views.indicator(oracle.summary().indicators().get(0)).progress().achieved());
                reached.add(views.indicator(oracle.summary().indicators().get(1)).progress().achieved());
            }
        }
        assertThat(aware.subList(1, aware.size())).as("the latest after each event").containsExactly(
                25.0, 150.0, 150.0, 150.0, 150.0, 15.0, 28.0, 25.0, 15.0, 15.0, 15.0);
        assertThat(reached.get(reached.size() - 1)).as("summed, as corrected, without the retracted").isEqualTo(10.0);
        ProjectSummary summary = build.summary(id);
        assertThat(build.stores.parked().all()).isEmpty();
        assertThat(summary.indicators()).isEqualTo(oracle.summary().indicators());
        assertThat(views.indicator(summary.indicators().get(1)).progress().byMunicipality())
                .isEqualTo(Map.of("Kamenicë", 10.0));
        assertThat(summary.counts().measurements()).as("retracted ones stay listed").isEqualTo(5);
        var m2 = build.stores.measurements().find(id, "m-2").orElseThrow();
        assertThat(m2.value()).isEqualByComparingTo("15");
        assertThat(m2.original().value()).isEqualByComparingTo("150");
        assertThat(m2.corrections()).extracting(c -> c.after().measuredOn())
                .containsExactly(LocalDate.of(2024, 2, 20), LocalDate.of(2024, 2, 5));
        assertThat(build.stores.measurements().find(id, "m-1").orElseThrow().retracted().reason()).isEqualTo("A pilot");
    }

    /**
     * The events fed a batch of {@code batching} at a time, or all at once twice with a restart between (every event
     * applied and its facts written, but the summaries not: the next run reads them again).
     */
    private Build built(List<ReceivedEvent> events, String batching) {
        Build build = new Build();
        if (batching.equals("restart")) {
            build.projector.accept(events, Map.of(0, (long) events.size()));
            build.projector.close();
            build.projector = build.newProjector();
            build.feed(events);
        } else {
            int size = Integer.parseInt(batching);
            for (int from = 0; from < events.size(); from += size) {
                build.projector.accept(events.subList(from, Math.min(events.size(), from + size)),
                        Map.of(0, (long) Math.min(events.size(), from + size)));
                build.projector.flush(true);
            }
        }
        return build;
    }

    /** The programme's totals are these projects' own added up: nothing missed, nothing counted twice. */
    private void assertProgrammeTotalsAddUp(Build build, List<String> ids) {
        var tallies = build.stores.summaries().tallies(ids, null);
        var programme = build.stores.programme().find(Scope.programme(null)).orElseThrow();
        assertThat(programme.totals().total().participants())
                .isEqualTo(ids.stream().mapToLong(id -> tallies.get(id).total().participants()).sum());
        assertThat(programme.totals().total().activities())
                .isEqualTo(ids.stream().mapToLong(id -> tallies.get(id).total().activities()).sum());
    }

    /**
     * The programme shares of these projects as stored now, put back when the answer runs: as a writer that stopped
     * after the aggregates, before the shares, leaves them.
     */
    private Runnable sharesPutBackLater(Build build, List<String> ids) {
        var shares = generations.database().getCollection(generation(build, ProgrammeAggregates.SHARES));
        List<org.bson.Document> now = shares.find(com.mongodb.client.model.Filters.in("_id", ids))
                .into(new ArrayList<>());
        return () -> now.forEach(share -> shares.replaceOne(
                com.mongodb.client.model.Filters.eq("_id", share.get("_id")), share));
    }

    /** Every project's cell equals its summary's tally, in every period and place and over all time. */
    private void assertCellsAddUp(Build build, List<String> ids) {
        var summaries = build.stores.summaries();
        for (var period : java.util.Arrays.asList(null,
                new Programme.Period("q", LocalDate.parse("2024-01-01"), LocalDate.parse("2024-03-31")),
                new Programme.Period("fy", LocalDate.parse("2023-07-01"), LocalDate.parse("2025-06-30")))) {
            for (String municipality : java.util.Arrays.asList(null, "Gjilan", "(none)")) {
                var expected = new java.util.HashMap<String, org.kronika.query.tally.Tally>();
                summaries.tallies(ids, municipality).forEach((id, tallies) -> {
                    var tally = period == null ? tallies.total() : tallies.in(period);
                    if (!tally.isEmpty()) {
                        expected.put(id, tally);
                    }
                });
                assertThat(build.stores.programme().byProject(municipality, period)).as(period + " " + municipality)
                        .isEqualTo(expected);
            }
        }
    }

    /** The first id named {@code prefix} and a number whose project's lines are in the same slices as {@code id}'s. */
    private static String inTheSliceOf(String id, String prefix) {
        String slice = Slices.of(Scope.programme(null).id(), id);
        return java.util.stream.IntStream.iterate(0, n -> n + 1).mapToObj(n -> prefix + "-" + n)
                .filter(other -> Slices.of(Scope.programme(null).id(), other).equals(slice)).findFirst().orElseThrow();
    }

    private static String generation(Build build, String collection) {
        return build.generation.collection(collection);
    }

    @Test
    void anActivityRecordedTwiceIsFoundWhenItsDocumentIsWrittenAfterARestart() {
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(
                registered("twice"), training("twice", "t-1", 10), training("twice", "t-1", 12),
                training("twice", "t-2", 3));
        List<ReceivedEvent> events = story.events();
        Build build = new Build();
        build.feed(events.subList(0, 2));
        // Nothing in memory knows t-1 any more: only writing it again can tell.
        build.projector = build.newProjector();
        build.projector.accept(events.subList(2, 4), Map.of(0, 4L));
        build.projector.flush(true);

        assertThat(build.summary("twice").version()).isEqualTo(1);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.reason()).contains("#2 cannot be applied: activity t-1 is already recorded (event 1)");
            assertThat(p.held()).isEqualTo(2);
        });
        assertThat(build.stores.activities().find("twice", "t-1").orElseThrow().current().data().get("participants"))
                .as("the first statement stays").isEqualTo(Map.of("total", 10, "bySex", Map.of(), "byAgeBand", Map.of(),
                        "byCommunity", Map.of()));
    }

    /** The command side refuses a measurement id twice; a topic that repeats one must not count it twice. */
    @ParameterizedTest
    @CsvSource({"one batch", "a restart between"})
    void aMeasurementRecordedTwiceParksItsProjectInsteadOfCountingTwice(String when) {
        java.util.function.IntFunction<org.kronika.events.IndicatorMeasured> measured = value ->
                new org.kronika.events.IndicatorMeasured("twice", "size", "m-1", LocalDate.parse("2024-06-09"),
                        value, "Gjilan", Map.of(), null);
        ProjectStory story = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(
                registered("twice"), new IndicatorDefined("twice", "size", "Group size", "count", "participants",
                        "sum", 0, 50, List.of(), List.of()),
                measured.apply(22), measured.apply(30));
        List<ReceivedEvent> events = story.events();
        Build build = new Build();
        if (when.equals("one batch")) {
            build.feed(events);
        } else {
            build.feed(events.subList(0, 3));
            build.projector = build.newProjector();
            build.feed(events.subList(3, 4));
        }

        assertThat(build.summary("twice").version()).isEqualTo(2);
        assertThat(build.summary("twice").counts().measurements()).isEqualTo(1);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.reason()).contains("#3 cannot be applied: measurement m-1 is already recorded (event 2)");
            assertThat(p.held()).isEqualTo(1);
        });
        assertThat(build.stores.measurements().find("twice", "m-1").orElseThrow().value())
                .as("the first statement stays").isEqualByComparingTo("22");
    }

    @Test
    void aProjectWhoseDocumentsCannotBeWrittenIsParkedWhileOthersFlow() {
        String huge = "x".repeat(9 * 1024 * 1024);
        TrainingDelivered big = new TrainingDelivered("big", "t-1", huge, LocalDate.of(2024, 3, 1), "Gjilan",
                Participants.total(3), null, List.of(), null, 1);
        ProjectStory bigStory = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered("big"), big,
                new ActivityCorrected("big", "t-1", "training-delivered", Received.data(big), "Again"));
        ProjectStory fine = story("fine", 30);
        Build build = new Build();
        List<ReceivedEvent> all = new ArrayList<>(bigStory.events());
        all.addAll(fine.events());
        build.feed(all);

        assertThat(build.summary("fine").version()).isEqualTo(29);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.projectId()).isEqualTo("big");
            assertThat(p.status()).isEqualTo(ParkedProject.PARKED);
            assertThat(p.reason()).contains("cannot be written");
        });
        // The other project's new activities were in the same failed insert: each project's are inserted again.
        Build reference = new Build(fine.events());
        long recorded = reference.summary("fine").counts().recorded();
        assertThat(build.stores.activities().all("fine", recorded)).hasSize((int) recorded)
                .usingRecursiveFieldByFieldElementComparator()
                .containsExactlyElementsOf(reference.stores.activities().all("fine", recorded));
    }

    /**
     * A batch's summaries change in memory before its facts are written. If writing the facts fails and the
     * projector were flushed anyway (a consumer closing after the failure gives its partitions up, and giving them
     * up flushes), the summaries would say events were applied whose history was never written, and the next run
     * would skip them as already applied. A projector whose write failed writes nothing more.
     */
    @Test
    void aProjectorWhoseWriteFailedWritesNothingMoreSoTheNextRunAppliesTheBatchInFull() {
        List<ReceivedEvent> events = story("flaky", 40).events();
        Build build = new Build();
        build.feed(events.subList(0, 10));
        ReadModelStores s = build.stores;
        boolean[] failing = {false};
        org.kronika.query.history.ProjectHistory flaky = new org.kronika.query.history.ProjectHistory(
                generations.database(), build.generation) {
            @Override
            public void insertAll(java.util.Collection<org.kronika.query.history.HistoryEntry> entries) {
                if (failing[0]) {
                    failing[0] = false;
                    throw new com.mongodb.MongoSocketWriteException("the store went away",
                            new com.mongodb.ServerAddress(), new java.io.IOException("reset"));
                }
                super.insertAll(entries);
            }
        };
        Projector projector = build.newProjector(build.storesWith(s.summaries(), flaky, s.held()));

        // One batch applied, not flushed yet; the next one's facts cannot be written.
        projector.accept(events.subList(10, 20), Map.of(0, 20L));
        failing[0] = true;
        assertThatThrownBy(() -> projector.accept(events.subList(20, 40), Map.of(0, 40L)))
                .isInstanceOf(com.mongodb.MongoSocketException.class);
        assertThat(projector.failed()).isTrue();
        assertThatThrownBy(() -> projector.flush(true)).hasMessageContaining("writes nothing more");
        projector.close();
        assertThat(build.summary("flaky").version()).isEqualTo(9);
        assertThat(generations.state(build.generation).orElseThrow().offsets()).containsEntry(0, 10L);

        build.projector = build.newProjector();
        build.projector.accept(events.subList(10, 40), Map.of(0, 40L));
        build.projector.flush(true);
        assertThat(build.stores.history().range("flaky", 0, 40)).hasSize(40);
        build.hasTheSameReadModelsAs(new Build(events));
    }

    /**
     * A projector starts by reading the parked projects; when the store is down then, the run retries with a new
     * projector, and nothing closes the one that failed to construct. So nothing it starts may outlive that failure:
     * its checkpoint thread, started before the read, waited for work that never came, one more per retry.
     */
    @Test
    void aProjectorThatCannotReadTheParkedProjectsLeavesNoCheckpointThreadBehind() {
        Build build = new Build();
        build.projector.close();
        build.inBackground = true;
        ReadModelStores s = build.stores;
        ParkedProjects down = new ParkedProjects(generations.database(), build.generation) {
            @Override
            public List<ParkedProject> all() {
                throw new com.mongodb.MongoSocketReadException("the store went away",
                        new com.mongodb.ServerAddress(), new java.io.IOException("reset"));
            }
        };
        ReadModelStores unreadable = new ReadModelStores(s.generations(), s.generation(), s.summaries(),
                s.activities(), s.measurements(), s.history(), s.programme(), s.held(), down, s.periods(), s.reports());
        String name = "checkpoints-" + build.generation.id();

        for (int retry = 0; retry < 3; retry++) {
            assertThatThrownBy(() -> build.newProjector(unreadable)).isInstanceOf(com.mongodb.MongoSocketException.class);
        }

        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals(name) && t.isAlive());
    }

    /**
     * Facts that fit, a summary that does not: a place named with 6 MB is a key three times over in the summary
     * (the project's places, the indicator's, and the indicator's per month). The project goes back to its last
     * written summary and parks, and every event applied since that summary is held exactly as published (read
     * back from the history, since applied events are not kept in memory until a flush), while the other project
     * in the same flush is written.
     */
    @Test
    void aProjectWhoseSummaryCannotBeWrittenHoldsEveryEventSinceItsLastSummary() {
        String place = "x".repeat(6 * 1024 * 1024);
        ProjectStory wide = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered("wide"),
                new IndicatorDefined("wide", "reached", "People reached", "count", "participants", "sum", 0, 500,
                        List.of(), List.of("municipality")),
                training("wide", "t-1", 4),
                new TrainingDelivered("wide", "t-2", "Training", LocalDate.of(2024, 4, 1), place,
                        Participants.total(3), null, List.of("reached"), null, 1),
                training("wide", "t-3", 5));
        List<ReceivedEvent> events = wide.events();
        List<ReceivedEvent> fine = story("fine", 30).events();
        Build build = new Build();
        build.feed(events.subList(0, 3));
        List<ReceivedEvent> batch = new ArrayList<>(events.subList(3, 5));
        batch.addAll(fine);
        build.projector.accept(batch, Map.of(0, 5L + fine.size()));
        build.projector.flush(true);

        assertThat(build.summary("fine").version()).isEqualTo(29);
        assertThat(build.summary("wide").version()).isEqualTo(2);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.projectId()).isEqualTo("wide");
            assertThat(p.status()).isEqualTo(ParkedProject.PARKED);
            assertThat(p.reason()).contains("cannot be written");
            assertThat(p.held()).isEqualTo(2);
        });
        assertThat(build.stores.held().range("wide", 3, 4)).as("held as published")
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("event", "data")
                .containsExactlyElementsOf(events.subList(3, 5));
        assertThat(build.stores.held().range("wide", 3, 4)).extracting(e -> e.data().get("activityId"))
                .containsExactly("t-2", "t-3");
        assertThat(build.stores.held().range("wide", 3, 4)).extracting(e -> e.data().get("municipality"))
                .containsExactly(place, "Gjilan");
        // Held, not applied: a retry applies and counts them.
        assertThat(build.applied()).isEqualTo(3 + 30);
    }

    /**
     * A project waits with its events 15 to 19, which came early. Events 10 and 11 arrive, or 10 to 14, which close
     * the gap, and are applied; then the batch cannot be written (its summary, or its history). The project parks
     * at its last written summary, 9, and holds the batch's events besides the early ones. Its record keeps them all
     * in its range and count, so a retry applies everything held that follows on. Forgetting the early events'
     * range (the record as it was before the batch, or as a partial release left it) left them in the store, held
     * by no record: the project stopped short of them for good.
     */
    @ParameterizedTest
    @CsvSource({"summary, false", "history, false", "summary, true", "history, true"})
    void aWaitingProjectWhoseBatchCannotBeWrittenKeepsHoldingItsEarlyEvents(String unwritableStore,
                                                                            boolean closesTheGap) {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        boolean[] unwritable = {false};
        Build build = flakyAtNine(b -> b.storesWith(
                summariesUnwritableForFlaky(b, () -> unwritable[0] && unwritableStore.equals("summary")),
                historyUnwritableForFlaky(b, () -> unwritable[0] && unwritableStore.equals("history")),
                b.stores.held()));
        build.projector.accept(flaky.subList(15, 20), Map.of(0, 25L));
        build.projector.flush(true);
        assertThat(build.stores.parked().all()).singleElement()
                .satisfies(p -> assertThat(p.status()).isEqualTo(ParkedProject.WAITING));

        unwritable[0] = true;
        int arrived = closesTheGap ? 15 : 12;
        // With event 17 delivered again: held already, it is not counted twice.
        List<ReceivedEvent> batch = new ArrayList<>(flaky.subList(10, arrived));
        batch.add(flaky.get(17));
        build.projector.accept(batch, Map.of(0, 28L));
        build.projector.flush(true);
        assertThat(build.summary("flaky").version()).isEqualTo(9);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ParkedProject.PARKED);
            assertThat(p.reason()).contains("cannot be written");
            assertThat(p.heldFrom()).isEqualTo(10);
            assertThat(p.heldTo()).isEqualTo(19);
            assertThat(p.held()).isEqualTo(arrived - 10 + 5);
        });
        List<Long> held = new ArrayList<>(java.util.stream.LongStream.range(10, arrived).boxed().toList());
        held.addAll(List.of(15L, 16L, 17L, 18L, 19L));
        assertThat(build.stores.held().range("flaky", 0, 20)).extracting(ReceivedEvent::sequence)
                .containsExactlyElementsOf(held);

        unwritable[0] = false;
        build.stores.parked().requestRetry("flaky");
        build.projector.retryRequested();
        build.projector.flush(true);
        if (!closesTheGap) {
            assertThat(build.summary("flaky").version()).isEqualTo(11);
            assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
                assertThat(p.status()).isEqualTo(ParkedProject.WAITING);
                // From the event it waits for: the retry found it missing, and does not look for the next one held.
                assertThat(p.heldFrom()).isEqualTo(12);
                assertThat(p.heldTo()).isEqualTo(19);
            });
            build.projector.accept(flaky.subList(12, 15), Map.of(0, 31L));
            build.projector.flush(true);
        }

        assertFlakyAppliedInFull(build);
    }

    /**
     * A retry applies a parked project's held events and writes its summary; the run stops before the clean-up
     * that unparks the project, and before the checkpoint. The next run finds the project still parked in the
     * store, holding nothing its summary does not include. It flows again: its next events are applied, not held
     * until someone retries it again, its retried events count as applied once, and the programme's views include
     * them.
     */
    @Test
    void aProjectWhoseRetryStoppedBeforeItsCleanUpTakesItsNextEventsAfterARestart() {
        Build build = retryStoppedBeforeItsCleanUp();
        build.restartedWith(story("flaky", 20).events().subList(15, 20), 30);

        assertFlakyAppliedInFull(build);
    }

    /**
     * The same, and the next run reads events 10 to 12 again, finishes the release (counting 10 to 14, which it has
     * not all read), writes a checkpoint and stops; the run after it reads 13 to 19. That checkpoint counted 13 and
     * 14: read again, they count no more. They counted twice until a checkpoint recorded the held ranges it counted
     * without reading them.
     */
    @Test
    void aRetryWhoseCleanUpAStopInterruptedCountsItsEventsOnceThoughReadAgainAfterAnotherStop() {
        Build build = retryStoppedBeforeItsCleanUp();
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        build.restartedWith(flaky.subList(10, 13), 23);
        build.projector.close();
        assertThat(build.applied()).as("the release's events counted").isEqualTo(15 + 10);

        build.restartedWith(flaky.subList(13, 20), 30);

        assertFlakyAppliedInFull(build);
    }

    /**
     * A retry applies project {@code flaky}'s held events 10 to 14 and its checkpoint counts them; the run stops
     * right after the checkpoint's position, before the project's record is removed. The next run finds the project
     * parked, holding nothing its summary does not include, and finishes the release: that checkpoint counted its
     * events, so they count no more. They counted twice until a checkpoint recorded the held ranges it counted
     * without reading them.
     */
    @Test
    void aRetryWhoseRecordAStopLeftAfterItsCheckpointCountsItsEventsOnce() {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        boolean[] unwritable = {false};
        boolean[] stopBeforeTheRecordGoes = {false};
        Build build = flakyAtNine(b -> {
            ReadModelStores s = b.storesWith(b.stores.summaries(), historyUnwritableForFlaky(b, () -> unwritable[0]),
                    b.stores.held());
            return new ReadModelStores(s.generations(), s.generation(), s.summaries(), s.activities(),
                    s.measurements(), s.history(), s.programme(), s.held(),
                    new ParkedProjects(generations.database(), b.generation) {
                        @Override
                        void removeIfHoldingNothingBeyond(String projectId, long version) {
                            if (stopBeforeTheRecordGoes[0]) {
                                throw new Killed();
                            }
                            super.removeIfHoldingNothingBeyond(projectId, version);
                        }
                    }, s.periods(), s.reports());
        });
        unwritable[0] = true;
        build.projector.accept(flaky.subList(10, 15), Map.of(0, 25L));
        build.projector.flush(true);
        unwritable[0] = false;
        build.stores.parked().requestRetry("flaky");
        build.projector.retryRequested();
        stopBeforeTheRecordGoes[0] = true;
        assertThatThrownBy(() -> build.projector.flush(true)).isInstanceOf(com.mongodb.MongoSocketException.class);
        build.projector.close();
        assertThat(build.applied()).as("counted by the checkpoint before the stop").isEqualTo(15 + 10);
        assertThat(build.stores.parked().all()).as("left by the stop").singleElement()
                .satisfies(p -> assertThat(p.heldTo()).isEqualTo(14));

        build.restartedWith(flaky.subList(15, 20), 30);

        assertFlakyAppliedInFull(build);
    }

    /**
     * Project {@code flaky} waits at its event 9 holding 15 to 19. A batch closes the gap and applies them from the
     * store, but cannot be written: they are held again, uncounted, and the checkpoint must not record them as
     * counted. A retry applies 10 to 19 and writes the summary; a stop comes before its checkpoint. The next run
     * finishes the release and counts all ten, once.
     */
    @ParameterizedTest
    @CsvSource({"summary", "history"})
    void heldEventsOfABatchThatCouldNotBeWrittenCountOnceWhenARetryStoppedBeforeItsCheckpoint(String unwritable) {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        boolean[] failing = {false};
        Build build = flakyAtNine(b -> b.storesWith(
                summariesUnwritableForFlaky(b, () -> failing[0] && unwritable.equals("summary")),
                historyUnwritableForFlaky(b, () -> failing[0] && unwritable.equals("history")), b.stores.held()));
        build.projector.accept(flaky.subList(15, 20), Map.of(0, 25L));
        build.projector.flush(true);
        failing[0] = true;
        build.projector.accept(flaky.subList(10, 15), Map.of(0, 30L));
        build.projector.flush(true);
        assertThat(build.applied()).as("none of flaky's since its event 9").isEqualTo(10 + 10);

        failing[0] = false;
        build.stores.parked().requestRetry("flaky");
        build.projector.retryRequested();
        build.projector.flush(false);
        build.projector.abandon();
        assertThat(build.summary("flaky").version()).as("written before the stop").isEqualTo(19);

        build.projector = build.newProjector();
        build.projector.retryRequested();
        build.projector.flush(true);

        assertFlakyAppliedInFull(build);
    }

    /**
     * The same, with no new event for the project: the first retry check after the restart unparks it, once the
     * projector knows its projects (before Kafka assigns partitions, a projector owns none: another instance may).
     */
    @Test
    void aProjectWhoseRetryStoppedBeforeItsCleanUpIsUnparkedAfterARestartWithoutANewEvent() {
        Build build = retryStoppedBeforeItsCleanUp();
        build.projector = build.newProjector();
        build.projector.owning(projectId -> false);
        build.projector.retryRequested();
        assertThat(build.projector.checkpointOwed()).as("not its project").isFalse();
        assertThat(build.stores.parked().all()).hasSize(1);

        build.projector.owning(projectId -> true);
        build.projector.retryRequested();
        assertThat(build.projector.checkpointOwed()).isTrue();
        build.projector.flush(true);

        assertThat(build.stores.parked().all()).isEmpty();
        assertThat(build.stores.held().range("flaky", 0, 20)).isEmpty();
        assertThat(build.applied()).as("events counted as applied").isEqualTo(15 + 10);
        Build reference = new Build(flakyAndFine(15));
        reference.hasTheSameReadModelsAs(build);
    }

    /**
     * The count of a project parked by an unwritable batch: it waits holding 15 and 16; the batch brings 10 to 13
     * (10 and 11 twice), after each of which a release holds 15 and 16 again in a record made anew, and 18 and 19,
     * held in it too. Every event held is counted once: 10 to 13, 15, 16, 18 and 19.
     */
    @Test
    void aProjectParkedByAnUnwritableBatchCountsEachEventItHoldsOnce() {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        boolean[] unwritable = {false};
        Build build = flakyAtNine(unwritable);
        build.projector.accept(flaky.subList(15, 17), Map.of(0, 22L));
        build.projector.flush(true);

        unwritable[0] = true;
        List<ReceivedEvent> batch = new ArrayList<>(List.of(flaky.get(10), flaky.get(10), flaky.get(11)));
        batch.addAll(flaky.subList(11, 14));
        batch.addAll(flaky.subList(18, 20));
        build.projector.accept(batch, Map.of(0, 29L));
        build.projector.flush(true);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.heldFrom()).isEqualTo(10);
            assertThat(p.heldTo()).isEqualTo(19);
            assertThat(p.held()).isEqualTo(8);
        });
        assertThat(build.stores.held().range("flaky", 0, 20)).extracting(ReceivedEvent::sequence)
                .containsExactly(10L, 11L, 12L, 13L, 15L, 16L, 18L, 19L);

        unwritable[0] = false;
        build.stores.parked().requestRetry("flaky");
        build.projector.retryRequested();
        build.projector.flush(true);
        build.projector.accept(List.of(flaky.get(14)), Map.of(0, 30L));
        build.projector.flush(true);
        build.projector.accept(List.of(flaky.get(17)), Map.of(0, 31L));
        build.projector.flush(true);
        assertFlakyAppliedInFull(build);
    }

    /**
     * An operator asks for a retry of a parked project, and an event of the project comes before the next retry
     * check: holding it saves the project's record, which must not drop the request (a project that got events
     * more often than the checks could never be retried). The request is cleared once the retry's summary is
     * written.
     */
    @Test
    void aRetryAskedForIsMadeAlthoughAnotherEventIsHeldBeforeTheRetryCheck() {
        Build build = parkedAtTenWithFiveHeld();
        build.stores.parked().requestRetry("flaky");
        build.projector.accept(story("flaky", 20).events().subList(15, 20), Map.of(0, 30L));
        assertThat(build.stores.parked().all()).singleElement()
                .satisfies(p -> assertThat(p.retryRequested()).as("still asked for").isNotNull());

        build.projector.retryRequested();
        build.projector.flush(true);

        assertFlakyAppliedInFull(build);
    }

    /** A project another instance retried (or parked) since this one was made is reported as it is now. */
    @Test
    void anInstanceReportsTheProjectsOfOtherInstancesAsTheyAreNow() {
        Build build = parkedAtTenWithFiveHeld();
        Projector other = build.newProjector();
        other.owning(projectId -> false);
        assertThat(other.parked()).extracting(ParkedProject::projectId).containsExactly("flaky");

        build.stores.parked().requestRetry("flaky");
        build.projector.retryRequested();
        build.projector.flush(true);
        build.projector.awaitCheckpoints();
        other.refreshOthers();

        assertThat(other.parked()).isEmpty();
    }

    /**
     * At its limit of held events a project stops the projection rather than lose one; but an event it holds
     * already, delivered again (every start reads from the checkpoint), is no new one: refused, it stopped every
     * start for good.
     */
    @Test
    void anEventHeldAlreadyDeliveredAgainAtTheLimitIsNoNewOne() {
        Build build = parkedAtTenWithFiveHeld();
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        build.projector.maxHeld(5);

        build.projector.accept(flaky.subList(12, 15), Map.of(0, 25L));

        assertThatThrownBy(() -> build.projector.accept(flaky.subList(15, 16), Map.of(0, 26L)))
                .hasMessageContaining("may hold no more than 5 events");
    }

    /**
     * The limit bounds what a project stores: events that fill gaps between held ones are stored too, though they
     * cannot be told apart from events delivered again. Counting only events beyond the range held, a project
     * holding 15 and 19 stored 16 to 18 besides, over a limit of 3.
     */
    @Test
    void theLimitOfHeldEventsCountsTheGapsBetweenThemToo() {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        Build build = flakyAtNine(b -> b.stores);
        build.projector.maxHeld(3);
        build.projector.accept(List.of(flaky.get(15)), Map.of(0, 21L));

        assertThatThrownBy(() -> build.projector.accept(List.of(flaky.get(19)), Map.of(0, 22L)))
                .hasMessageContaining("may hold no more than 3 events");
    }

    /**
     * A retry reads a parked project's held events back a part at a time, each written before the next is read: a
     * project parked for a day may hold hundreds of thousands, which read at once would not fit in memory.
     */
    @Test
    void aRetryReadsWhatAProjectHoldsAPartAtATime() {
        long[] widest = {0};
        Build build = parkedAtTenWithFiveHeld(b -> widestReadKept(b, widest));
        build.drainChunk(2);
        widest[0] = 0;

        build.stores.parked().requestRetry("flaky");
        build.projector.retryRequested();
        build.projector.flush(true);
        build.projector.accept(story("flaky", 20).events().subList(15, 20), Map.of(0, 30L));
        build.projector.flush(true);

        assertThat(widest[0]).as("events read at once").isEqualTo(2);
        assertFlakyAppliedInFull(build);
    }

    /**
     * A gap closes with more held behind it than are read at once: the project applies a part with the batch, and
     * catches up with the rest once the batch is written, a part at a time. Or the store goes away in between: the
     * next run's first retry check finds the project catching up, and the event that closed the gap, read again
     * from the checkpoint, sets it going.
     */
    @ParameterizedTest
    @CsvSource({"false", "true"})
    void aProjectWhoseGapClosesBeforeManyHeldEventsCatchesUpAPartAtATime(boolean storeGoesAway) {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        long[] widest = {0};
        boolean[] away = {false};
        Build build = flakyAtNine(b -> b.storesWith(b.stores.summaries(), b.stores.history(),
                new HeldEvents(generations.database(), b.generation) {
                    @Override
                    List<ReceivedEvent> range(String projectId, long from, long to) {
                        widest[0] = Math.max(widest[0], to - from + 1);
                        if (away[0] && from > 11) {
                            throw new com.mongodb.MongoSocketReadException("the store went away",
                                    new com.mongodb.ServerAddress());
                        }
                        return super.range(projectId, from, to);
                    }
                }));
        build.drainChunk(2);
        build.projector.accept(flaky.subList(11, 20), Map.of(0, 29L));
        build.projector.flush(true);

        away[0] = storeGoesAway;
        if (storeGoesAway) {
            assertThatThrownBy(() -> build.projector.accept(List.of(flaky.get(10)), Map.of(0, 30L)))
                    .isInstanceOf(com.mongodb.MongoSocketException.class);
            assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
                assertThat(p.catchingUp()).as(p.toString()).isTrue();
                // Events 11 and 12, applied, are held till the summary that includes them is written.
                assertThat(p.heldFrom()).isEqualTo(11);
                assertThat(p.heldTo()).isEqualTo(19);
                assertThat(p.held()).isEqualTo(7);
                assertThat(p.status()).isEqualTo(ParkedProject.CATCHING_UP);
            });
            build.projector.close();
            away[0] = false;
            build.projector = build.newProjector(build.storesWith(build.stores.summaries(), build.stores.history(),
                    widestReadKept(build, widest)));
            build.projector.owning(projectId -> true);
            build.projector.retryRequested();
        }
        build.projector.accept(List.of(flaky.get(10)), Map.of(0, 30L));
        build.projector.flush(true);

        assertThat(widest[0]).as("events read at once").isEqualTo(2);
        assertFlakyAppliedInFull(build);
    }

    /**
     * A long catch-up does not keep the poll loop from polling: a consumer that does not poll within
     * {@code max.poll.interval.ms} loses its partitions. Each turn (a batch, a retry check) applies a budget of
     * parts, and the project catches up over the turns that follow; a stop between two turns, or an operator's retry
     * cut short by the budget, leaves it catching up, never parked, and every event is applied once.
     */
    @ParameterizedTest
    @CsvSource({"gap, false", "gap, true", "retry, false", "retry, true"})
    void aLongCatchUpYieldsToThePollLoopBetweenTurns(String start, boolean stopsBetweenTurns) {
        long[] widest = {0};
        Build build;
        if (start.equals("gap")) {
            List<ReceivedEvent> flaky = story("flaky", 20).events();
            build = flakyAtNine(b -> b.storesWith(b.stores.summaries(), b.stores.history(), widestReadKept(b, widest)));
            build.drainChunk(2);
            build.drainPartsPerTurn(1);
            build.projector.accept(flaky.subList(11, 20), Map.of(0, 29L));
            build.projector.flush(true);
            build.projector.accept(List.of(flaky.get(10)), Map.of(0, 30L));
        } else {
            build = parkedAtTenWithFiveHeld(b -> widestReadKept(b, widest));
            build.drainChunk(2);
            build.drainPartsPerTurn(1);
            build.stores.parked().requestRetry("flaky");
            build.projector.retryRequested();
        }
        build.projector.flush(true);
        assertThat(build.summary("flaky").version()).as("after the first turn").isLessThan(19);
        assertThat(build.stores.parked().all()).singleElement()
                .satisfies(p -> assertThat(p.status()).isEqualTo(ParkedProject.CATCHING_UP));

        // Held: 11 to 19 behind the gap, or 10 to 14 when it parked.
        long heldTo = start.equals("gap") ? 19 : 14;
        int turns = 0;
        long before = build.summary("flaky").version();
        while (build.summary("flaky").version() < heldTo && turns++ < 10) {
            if (stopsBetweenTurns) {
                build.projector.close();
                build.projector = build.newProjector(build.storesWith(build.stores.summaries(),
                        build.stores.history(), widestReadKept(build, widest)));
                build.projector.owning(projectId -> true);
            }
            build.projector.retryRequested();
            build.projector.flush(true);
            long now = build.summary("flaky").version();
            assertThat(now - before).as("events a turn applies: one part of two").isBetween(1L, 2L);
            before = now;
        }
        if (start.equals("retry")) {
            build.projector.accept(story("flaky", 20).events().subList(15, 20), Map.of(0, 30L));
        }
        build.projector.flush(true);

        assertThat(widest[0]).as("events read at once").isEqualTo(2);
        assertFlakyAppliedInFull(build);
    }

    /**
     * Catching up, a project finds the next event not held (a stretch that never arrived): it waits for it, and the
     * turns that follow leave it be, instead of reading empty parts with every turn's budget and showing it catching
     * up for ever. When the stretch comes, it catches up with the rest.
     */
    @Test
    void aCatchUpThatFindsTheNextEventMissingWaitsForIt() {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        Build build = flakyWaitingAtTenWithout(13, 17);
        build.drainPartsPerTurn(1);

        build.projector.accept(List.of(flaky.get(10)), Map.of(0, 25L));
        build.projector.flush(true);
        for (int turn = 0; turn < 3; turn++) {
            build.projector.retryRequested();
            build.projector.flush(true);
        }

        assertThat(build.summary("flaky").version()).isEqualTo(12);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ParkedProject.WAITING);
            assertThat(p.reason()).contains("event 13 has not arrived");
        });
        build.projector.accept(flaky.subList(13, 18), Map.of(0, 30L));
        for (int turn = 0; turn < 10 && build.summary("flaky").version() < 19; turn++) {
            build.projector.retryRequested();
            build.projector.flush(true);
        }
        build.projector.flush(true);
        assertFlakyAppliedInFull(build);
    }

    /**
     * Catching up, a project applies a part, its summary is written by the flush that follows, and the next part
     * finds an event missing: it waits again, and the run stops before the next flush. What the written summary
     * includes is no longer held; released only at the catch-up's end, it stayed held for good, under a record
     * that now held only what came after the missing event.
     */
    @Test
    void aCatchUpThatWaitsAgainAndThenStopsLeavesNothingHeldThatItsSummaryIncludes() {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        Build build = flakyWaitingAtTenWithout(15, 15);

        build.projector.accept(List.of(flaky.get(10)), Map.of(0, 29L));
        assertThat(build.summary("flaky").version()).as("written by the catch-up's flush").isEqualTo(14);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ParkedProject.WAITING);
            assertThat(p.heldFrom()).isEqualTo(16);
        });
        build.projector.close();

        build.projector = build.newProjector();
        build.projector.owning(projectId -> true);
        build.projector.retryRequested();
        build.projector.accept(List.of(flaky.get(10), flaky.get(15)), Map.of(0, 30L));
        build.projector.flush(true);
        build.projector.awaitCheckpoints();

        assertFlakyInFull(build);
    }

    /**
     * Catching up, a project applies an event it held, finds the next one missing and waits again, under a record
     * saved ahead of its summary, and the run stops before the summary is written. The event it applied is still
     * held, and not read again from the topic, as it came before the checkpoint: the project catches up with it, at
     * its next event or at the first retry check, instead of waiting for it for good; and if the topic does deliver
     * it again, the held copy goes too.
     */
    @ParameterizedTest
    @CsvSource({"a retry check", "its next event", "the event again"})
    void aCatchUpThatWaitsAgainAndStopsBeforeItsSummaryIsWrittenGoesOnWithWhatItHolds(String then) {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        Build build = flakyWaitingAtTenWithout(16, 16);
        build.projector.accept(List.of(flaky.get(10)), Map.of(0, 29L));
        assertThat(build.summary("flaky").version()).as("written by the catch-up's flush").isEqualTo(14);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ParkedProject.WAITING);
            assertThat(p.version()).as("event 15 applied, its summary not written").isEqualTo(15);
            assertThat(p.heldFrom()).isEqualTo(17);
        });
        build.projector.close();

        build.projector = build.newProjector();
        build.projector.owning(projectId -> true);
        List<ReceivedEvent> next = new ArrayList<>(List.of(flaky.get(10)));
        switch (then) {
            case "a retry check" -> {
                build.projector.retryRequested();
                build.projector.flush(true);
                assertThat(build.summary("flaky").version()).as("caught up with what it holds").isEqualTo(15);
            }
            case "the event again" -> next.add(flaky.get(15));
            default -> {
            }
        }
        next.add(flaky.get(16));
        build.projector.accept(next, Map.of(0, 30L));
        build.projector.flush(true);
        build.projector.awaitCheckpoints();

        assertFlakyInFull(build);
    }

    /**
     * A project waits with its events 3 to 6, the last of which repeats an activity; event 2 closes the gap, and the
     * catch-up applies 5 and parks at 6, its record saved as parked at version 5; a stop comes before the summary
     * including 5 is written, after the checkpoint past event 2. Nothing is read again, and event 5 is held below the
     * record's range: a parked project's held events were left there, its summary at 4 for good (found by the chaotic
     * feed's kills, repetition 2), where a waiting one's catch up ({@link
     * #aCatchUpThatWaitsAgainAndStopsBeforeItsSummaryIsWrittenGoesOnWithWhatItHolds}). It catches up too, and parks
     * again at 6.
     */
    @Test
    void aCatchUpThatParksAgainAndStopsBeforeItsSummaryIsWrittenAppliesWhatItHeldAfterARestart() {
        List<ReceivedEvent> events = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered("stuck"),
                training("stuck", "t-1", 1), training("stuck", "t-2", 2), training("stuck", "t-3", 3),
                training("stuck", "t-4", 4), training("stuck", "t-5", 5), training("stuck", "t-1", 6)).events();
        Build build = new Build();
        build.drainPartsPerTurn(1);
        build.feed(events.subList(0, 2));
        build.projector.accept(events.subList(3, 7), Map.of(0, 6L));
        build.projector.accept(List.of(events.get(2)), Map.of(0, 7L));
        build.projector.flush(true);
        build.projector.retryRequested();
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ParkedProject.PARKED);
            assertThat(p.version()).as("event 5 applied, its summary not written").isEqualTo(5);
        });
        build.projector.close();
        assertThat(build.summary("stuck").version()).isEqualTo(4);

        build.projector = build.newProjector();
        build.projector.owning(projectId -> true);
        build.projector.retryRequested();
        build.projector.flush(true);
        build.projector.awaitCheckpoints();

        assertThat(build.summary("stuck").version()).isEqualTo(5);
        Build reference = new Build(events);
        reference.hasTheSameReadModelsAs(build);
    }

    /**
     * One batch closes the gaps of several projects, each holding more than a part: together they read no more
     * than the turn's budget, the rest caught up in the turns that follow. Each read a part for itself, a republish
     * that closed the gaps of hundreds of projects read hundreds of parts in one turn.
     */
    @Test
    void aBatchClosingTheGapsOfManyProjectsReadsNoMoreThanTheTurnsBudget() {
        List<String> ids = List.of("a", "b", "c");
        List<ReceivedEvent> early = new ArrayList<>();
        List<ReceivedEvent> gaps = new ArrayList<>();
        List<ReceivedEvent> all = new ArrayList<>();
        for (String id : ids) {
            List<ReceivedEvent> events = story(id, 12).events();
            all.addAll(events);
            early.addAll(events.subList(0, 4));
            early.addAll(events.subList(5, 12));
            gaps.add(events.get(4));
        }
        int[] reads = {0};
        Build build = new Build();
        build.projector.close();
        build.projector = build.newProjector(build.storesWith(build.stores.summaries(), build.stores.history(),
                new HeldEvents(generations.database(), build.generation) {
                    @Override
                    List<ReceivedEvent> range(String projectId, long from, long to) {
                        reads[0]++;
                        return super.range(projectId, from, to);
                    }
                }));
        build.drainPartsPerTurn(1);
        build.projector.accept(early, Map.of(0, (long) early.size()));
        build.projector.flush(true);

        reads[0] = 0;
        build.projector.accept(gaps, Map.of(0, (long) early.size() + gaps.size()));
        assertThat(reads[0]).as("parts read by the batch that closed three gaps").isEqualTo(1);
        build.projector.flush(true);
        for (int turn = 0; turn < 30 && !build.stores.parked().all().isEmpty(); turn++) {
            reads[0] = 0;
            build.projector.retryRequested();
            assertThat(reads[0]).as("parts read by a retry check").isLessThanOrEqualTo(1);
            build.projector.flush(true);
        }

        assertThat(build.stores.parked().all()).isEmpty();
        Build reference = new Build(all);
        reference.hasTheSameReadModelsAs(build);
    }

    /**
     * A retry that fails again parks the project where it failed, holding the rest, which it did not read: they
     * stay where they are, in its range, for the next retry.
     */
    @Test
    void aRetryThatFailsAgainHoldsTheEventsItDidNotRead() {
        Build build = brokenAtTwoHoldingSix();
        long[] widest = {0};
        build.projector.close();
        build.projector = build.newProjector(build.storesWith(build.stores.summaries(), build.stores.history(),
                widestReadKept(build, widest)));
        build.drainChunk(2);

        build.stores.parked().requestRetry("broken");
        build.projector.retryRequested();
        build.projector.flush(true);

        assertThat(widest[0]).isEqualTo(2);
        assertThat(build.summary("broken").version()).isEqualTo(1);
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ParkedProject.PARKED);
            assertThat(p.heldFrom()).isEqualTo(2);
            assertThat(p.heldTo()).isEqualTo(7);
            assertThat(p.held()).isEqualTo(6);
        });
        assertThat(build.stores.held().range("broken", 0, 10)).extracting(ReceivedEvent::sequence)
                .containsExactly(2L, 3L, 4L, 5L, 6L, 7L);
    }

    /**
     * A retry that parks again saves the project's record once, holding everything it held: saved first with only
     * the part read, and then widened, a stop in between left the rest in the store, held by no record.
     */
    @Test
    void aRetryThatParksAgainSavesARecordHoldingEverythingAtOnce() {
        Build build = brokenAtTwoHoldingSix();
        List<ParkedProject> saved = new ArrayList<>();
        build.projector.close();
        ReadModelStores s = build.stores;
        build.projector = build.newProjector(new ReadModelStores(s.generations(), s.generation(), s.summaries(),
                s.activities(), s.measurements(), s.history(), s.programme(), s.held(),
                new ParkedProjects(generations.database(), build.generation) {
                    @Override
                    void save(ParkedProject project) {
                        saved.add(project);
                        super.save(project);
                    }
                }, s.periods(), s.reports()));
        build.drainChunk(2);

        build.stores.parked().requestRetry("broken");
        build.projector.retryRequested();

        assertThat(saved).isNotEmpty().allSatisfy(p -> {
            assertThat(p.heldFrom()).isEqualTo(2);
            assertThat(p.heldTo()).isEqualTo(7);
        });
    }

    /**
     * A gap closes, the project catches up, its summary is written by a flush, and the run stops before the
     * checkpoint: the next run counts each event once. Its record keeps holding the events the release read before
     * the catching up, as they are still in the store: narrowed to those after them, the next run never counted
     * them.
     */
    @Test
    void aProjectThatCaughtUpBeforeAStopCountsEachEventOnce() {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        Build build = flakyAtNine(b -> b.stores);
        build.drainChunk(2);
        build.projector.accept(flaky.subList(11, 20), Map.of(0, 29L));
        build.projector.flush(true);
        build.projector.awaitCheckpoints();
        build.projector.accept(List.of(flaky.get(10)), Map.of(0, 30L));
        build.projector.flush(false);
        build.projector.close();

        build.projector = build.newProjector();
        build.projector.owning(projectId -> true);
        build.projector.retryRequested();
        build.projector.accept(List.of(flaky.get(10)), Map.of(0, 30L));
        build.projector.flush(true);

        assertFlakyAppliedInFull(build);
    }

    /**
     * A drain flushes as it goes: the activities it records wait for their index in memory until a flush, so a day's
     * held events, drained without one, kept them all.
     */
    @Test
    void aRetryIndexesTheActivitiesItRecordsAsItGoes() {
        int[] largest = {0};
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        boolean[] unwritable = {false};
        Build build = flakyAtNine(b -> {
            ReadModelStores s = b.stores;
            return new ReadModelStores(s.generations(), s.generation(), s.summaries(),
                    new org.kronika.query.activity.Activities(generations.database(), b.generation) {
                        @Override
                        public void index(java.util.Collection<org.kronika.query.activity.Activity> recorded) {
                            largest[0] = Math.max(largest[0], recorded.size());
                            super.index(recorded);
                        }
                    }, s.measurements(), historyUnwritableForFlaky(b, () -> unwritable[0]), s.programme(), s.held(),
                    s.parked(), s.periods(), s.reports());
        });
        unwritable[0] = true;
        build.projector.accept(flaky.subList(10, 20), Map.of(0, 30L));
        build.projector.flush(true);
        unwritable[0] = false;
        build.drainChunk(2);
        largest[0] = 0;

        build.stores.parked().requestRetry("flaky");
        build.projector.retryRequested();
        build.projector.flush(true);

        assertThat(largest[0]).as("activities indexed at once").isLessThanOrEqualTo(2);
        assertFlakyAppliedInFull(build);
    }

    /** Project {@code broken} parked at its event 2, which records an activity again, holding 2 to 7. */
    private Build brokenAtTwoHoldingSix() {
        ProjectStory broken = new ProjectStory(Instant.parse("2026-01-01T00:00:00Z")).then(registered("broken"),
                training("broken", "t-1", 10), training("broken", "t-1", 12), training("broken", "t-2", 3),
                training("broken", "t-3", 3), training("broken", "t-4", 3), training("broken", "t-5", 3),
                training("broken", "t-6", 3));
        Build build = new Build();
        build.feed(broken.events());
        return build;
    }

    /** The build's held events, keeping in {@code widest} how many sequences one read asked for at most. */
    private HeldEvents widestReadKept(Build build, long[] widest) {
        return new HeldEvents(generations.database(), build.generation) {
            @Override
            List<ReceivedEvent> range(String projectId, long from, long to) {
                widest[0] = Math.max(widest[0], to - from + 1);
                return super.range(projectId, from, to);
            }
        };
    }

    /**
     * A retry's summary is written and its held events cleaned up by a flush without a checkpoint; then the run
     * stops. The project's record stays until a checkpoint has rolled the project up into the programme's views, so
     * the next run, finding it with nothing held beyond its summary, finishes the release: the views include the
     * retried events, which count as applied once. Removed at the clean-up, nothing told the next run that the
     * views were behind, and they stayed so until the project's next event.
     */
    @Test
    void aRetryCleanedUpByAFlushBeforeAStopReachesTheProgrammeViewsInTheNextRun() {
        Build build = parkedAtTenWithFiveHeld();
        build.stores.parked().requestRetry("flaky");
        build.projector.retryRequested();
        build.projector.flush(false);
        assertThat(build.stores.held().range("flaky", 0, 20)).as("cleaned up").isEmpty();
        assertThat(build.stores.parked().all()).as("till a checkpoint").singleElement()
                .satisfies(p -> assertThat(p.retryRequested()).as("made").isNull());
        build.projector.close();

        build.projector = build.newProjector();
        build.projector.owning(projectId -> true);
        build.projector.retryRequested();
        build.projector.flush(true);

        assertThat(build.stores.parked().all()).isEmpty();
        assertThat(build.applied()).as("events counted as applied").isEqualTo(15 + 10);
        Build reference = new Build(flakyAndFine(15));
        reference.hasTheSameReadModelsAs(build);
    }

    /**
     * Project {@code flaky}'s events 0 to 9 and ten of another project, applied and checkpointed by a projector
     * whose history cannot take {@code flaky}'s entries while {@code unwritable[0]} is set.
     */
    private Build flakyAtNine(boolean[] unwritable) {
        return flakyAtNine(b -> b.storesWith(b.stores.summaries(), historyUnwritableForFlaky(b, () -> unwritable[0]),
                b.stores.held()));
    }

    /** The same, by a projector over the stores made from the build's. */
    private Build flakyAtNine(java.util.function.Function<Build, ReadModelStores> stores) {
        Build build = new Build();
        build.projector.close();
        build.projector = build.newProjector(stores.apply(build));
        build.projector.accept(flakyAndFine(10), Map.of(0, 20L));
        build.projector.flush(true);
        return build;
    }

    /**
     * Project {@code flaky} waiting for its event 10, holding 11 to 19 but for those from {@code missingFrom} to
     * {@code missingTo}; held events read two at a time.
     */
    private Build flakyWaitingAtTenWithout(int missingFrom, int missingTo) {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        Build build = flakyAtNine(b -> b.stores);
        build.drainChunk(2);
        List<ReceivedEvent> early = new ArrayList<>(flaky.subList(11, missingFrom));
        early.addAll(flaky.subList(missingTo + 1, 20));
        build.projector.accept(early, Map.of(0, 20L + early.size()));
        build.projector.flush(true);
        return build;
    }

    /** Project {@code flaky} parked at its event 10, its history unwritable for a batch: 10 to 14 held. */
    private Build parkedAtTenWithFiveHeld() {
        return parkedAtTenWithFiveHeld(b -> b.stores.held());
    }

    /** The same, its held events in the store made from the build. */
    private Build parkedAtTenWithFiveHeld(java.util.function.Function<Build, HeldEvents> held) {
        List<ReceivedEvent> flaky = story("flaky", 20).events();
        boolean[] unwritable = {false};
        Build build = flakyAtNine(b -> b.storesWith(b.stores.summaries(),
                historyUnwritableForFlaky(b, () -> unwritable[0]), held.apply(b)));
        unwritable[0] = true;
        build.projector.accept(flaky.subList(10, 15), Map.of(0, 25L));
        build.projector.flush(true);
        unwritable[0] = false;
        assertThat(build.stores.parked().all()).singleElement().satisfies(p -> {
            assertThat(p.status()).isEqualTo(ParkedProject.PARKED);
            assertThat(p.held()).isEqualTo(5);
        });
        return build;
    }

    /** Project {@code flaky}'s 20 events applied, nothing held, each counted once, as in one orderly pass. */
    private void assertFlakyAppliedInFull(Build build) {
        assertThat(build.applied()).as("events counted as applied").isEqualTo(20 + 10);
        assertFlakyInFull(build);
    }

    /** Every event of {@code flaky} applied, none held, the read models those of one orderly pass. */
    private void assertFlakyInFull(Build build) {
        assertThat(build.summary("flaky").version()).isEqualTo(19);
        assertThat(build.stores.parked().all()).isEmpty();
        assertThat(build.stores.held().range("flaky", 0, 20)).as("held, though applied").isEmpty();
        Build reference = new Build(flakyAndFine(20));
        reference.hasTheSameReadModelsAs(build);
    }

    /** The build's summaries, which cannot take project {@code flaky}'s while {@code unwritable} says so. */
    private ProjectSummaries summariesUnwritableForFlaky(Build build, java.util.function.BooleanSupplier unwritable) {
        return new ProjectSummaries(generations.database(), build.generation, views) {
            @Override
            public void write(java.util.Collection<Change> changes) {
                if (unwritable.getAsBoolean()
                        && changes.stream().anyMatch(c -> c.summary().projectId().equals("flaky"))) {
                    throw new org.bson.BsonSerializationException("flaky's summary cannot be written");
                }
                super.write(changes);
            }
        };
    }

    /** The build's history, which cannot take project {@code flaky}'s entries while {@code unwritable} says so. */
    private org.kronika.query.history.ProjectHistory historyUnwritableForFlaky(
            Build build, java.util.function.BooleanSupplier unwritable) {
        return new org.kronika.query.history.ProjectHistory(generations.database(), build.generation) {
            @Override
            public void insertAll(java.util.Collection<org.kronika.query.history.HistoryEntry> entries) {
                if (unwritable.getAsBoolean() && entries.stream().anyMatch(e -> e.projectId().equals("flaky"))) {
                    throw new org.bson.BsonSerializationException("flaky's history cannot be written");
                }
                super.insertAll(entries);
            }
        };
    }

    /** The first {@code flaky} events of the project that parks, then ten of another. */
    private List<ReceivedEvent> flakyAndFine(int flaky) {
        List<ReceivedEvent> events = new ArrayList<>(story("flaky", 20).events().subList(0, flaky));
        events.addAll(story("fine", 10).events());
        return events;
    }

    /**
     * Project {@code flaky} parked at its event 10 because its history could not be written; once that is fixed,
     * a retry applies its events 10 to 14 and writes its summary, and the run stops at the clean-up.
     */
    private Build retryStoppedBeforeItsCleanUp() {
        boolean[] cleanUpFails = {false};
        Build build = parkedAtTenWithFiveHeld(b -> new HeldEvents(generations.database(), b.generation) {
            @Override
            void release(String projectId, long from, long to) {
                if (cleanUpFails[0]) {
                    throw new com.mongodb.MongoSocketWriteException("the store went away",
                            new com.mongodb.ServerAddress(), new java.io.IOException("reset"));
                }
                super.release(projectId, from, to);
            }
        });

        build.stores.parked().requestRetry("flaky");
        build.projector.retryRequested();
        cleanUpFails[0] = true;
        assertThatThrownBy(() -> build.projector.flush(true)).isInstanceOf(com.mongodb.MongoSocketException.class);
        build.projector.close();
        assertThat(build.summary("flaky").version()).as("the retry's summary, written").isEqualTo(14);
        assertThat(build.stores.parked().all()).as("left parked by the stop").singleElement()
                .satisfies(p -> assertThat(p.heldTo()).isEqualTo(14));
        assertThat(build.applied()).as("counted at the last checkpoint").isEqualTo(10 + 10);
        return build;
    }

    /**
     * However the events are cut into batches, however partitions interleave (even a project's events spread over
     * partitions, arriving out of order), with repeats and restarts from the last checkpoint at any point (a kill
     * too, which loses the checkpoints asked for and not written, or stops in the midst of a batch's writes, part of
     * its documents written), the read models come out identical to those built in one orderly pass. Repetitions 8
     * and 26 too: before the kills, a catch-up of theirs waited again and stopped, and left what it had applied held
     * ({@link #aCatchUpThatWaitsAgainAndThenStopsLeavesNothingHeldThatItsSummaryIncludes}), or the project waiting
     * for good for an event it held
     * ({@link #aCatchUpThatWaitsAgainAndStopsBeforeItsSummaryIsWrittenGoesOnWithWhatItHolds}).
     */
    @ParameterizedTest
    @CsvSource({"1", "2", "3", "4", "8", "26"})
    void anyBatchingInterleavingRepeatOrRestartGivesTheSameReadModels(int repetition) {
        long seed = 7919L * repetition;
        // With the reporting workflow: approvals capture figures, changes after approval are flagged.
        StoryGenerator generator = new StoryGenerator(seed).withPeriods();
        List<List<ReceivedEvent>> projects = new ArrayList<>();
        for (int p = 0; p < 8; p++) {
            Instant start = Instant.parse("2026-01-01T00:00:00Z").plusSeconds(p);
            int size = 20 + generator.random().nextInt(150);
            // One project records an activity id twice: it parks at the same event however its events come.
            projects.add((p == 3 ? generator.storyWithRepeats("p" + p, size, start)
                    : generator.story("p" + p, size, start)).events());
        }
        List<ReceivedEvent> orderly = new ArrayList<>();
        projects.forEach(orderly::addAll);
        Build reference = new Build(orderly);

        Random random = new Random(seed);
        boolean scattered = repetition % 2 == 0;
        Build chaotic = new Build();
        if (repetition > 2) {
            // Checkpoints written on their own thread, as a running service writes them, while batches go on.
            chaotic.checkpointsInBackground();
        }
        chaotic.feedChaotically(projects, seed, random, scattered);

        String run = "seed " + seed + ", crashes " + chaotic.crashes;
        assertThat(chaotic.stores.parked().all()).as(run).extracting(ParkedProject::projectId).containsExactly("p3");
        reference.hasTheSameReadModelsAs(chaotic, run + "\n");
        if (scattered) {
            // Held before a checkpoint, released after it, then a crash: nothing read again says they were applied.
            // Never more: a release finished after a stop counts the whole range it held, and a checkpoint records
            // the ranges it so counted, which no later run counts again (repetition 26 counted 814 of 792).
            assertThat(chaotic.applied()).as(run + ": events counted as applied")
                    .isLessThanOrEqualTo(reference.applied());
        } else {
            // Every event applied counts once, however often it was read again after a crash or delivered twice.
            assertThat(chaotic.applied()).as(run + ": events counted as applied").isEqualTo(reference.applied());
        }
    }

    /**
     * A project's summary is kept as it stood at every {@value ProjectSummaries#SNAPSHOT_EVERY}th event, for a replay
     * long before its last event to fold forward from: the same summary however its events were cut into batches,
     * spread over partitions and held, read again after kills or repeated (a kill may land in the snapshots' own
     * write too), and the one a fold of its events in memory passes through.
     */
    @ParameterizedTest
    @CsvSource({"false", "true"})
    void theSummaryKeptAtEveryThousandthEventIsTheSameHoweverTheEventsCame(boolean scattered) {
        long seed = scattered ? 104_723L : 104_729L;
        StoryGenerator generator = new StoryGenerator(seed).withPeriods();
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        List<List<ReceivedEvent>> projects = List.of(
                generator.story("long", (int) ProjectSummaries.SNAPSHOT_EVERY + 50, start).events(),
                generator.story("short", 80, start.plusSeconds(1)).events());
        Build reference = new Build(projects.stream().flatMap(List::stream).toList());
        Build chaotic = new Build();
        chaotic.feedChaotically(projects, seed, new Random(seed), scattered);

        String run = "crashes " + chaotic.crashes;
        assertThat(chaotic.crashes).as("killed and stopped").isNotEmpty();
        reference.hasTheSameReadModelsAs(chaotic, run + "\n");
        List<ProjectSummary> folded = new FoldedProject("long", programme.periods()).apply(projects.get(0))
                .snapshots();
        assertThat(folded).extracting(ProjectSummary::version).containsExactly(1_000L);
        for (ProjectSummary kept : folded) {
            // But for its reports' statuses, which the projector keeps from the workflow's events and a fold in memory
            // does not.
            assertThat(chaotic.stores.summaries().snapshot("long", kept.version())).as(run).get()
                    .usingRecursiveComparison().ignoringFields("reports").isEqualTo(kept);
        }
    }

    /**
     * A topic republished delivers every event again. The lag's part until an event was received counts the events
     * the whole lag counts, those applied, not the repeats (read-models/lag answered 60 received of 30 visible).
     */
    @Test
    void eventsDeliveredAgainCountInNeitherTheLagNorItsPartUntilReceived() {
        Build build = new Build();
        generations.switchTo(build.generation, Optional.empty());
        List<ReceivedEvent> live = new StoryGenerator(11).story("again", 30, Instant.now()).events();
        build.metrics.lagSinceLastSample();
        build.feed(live);
        build.feed(live);

        var sample = build.metrics.lagSinceLastSample();
        assertThat(sample.events()).as("applied once each").isEqualTo(30);
        assertThat(sample.received().events()).as("received, as counted in the lag").isEqualTo(sample.events());
    }

    /**
     * The events recorded since the service started are timed whichever projector applies them: each projector took
     * its own start as the line, so the events recorded while Kafka or MongoDB was away, or before a rebalance, were
     * never timed, the very backlog the lag's alert (KronikaProjectionSlow) watches for.
     */
    @Test
    void eventsRecordedSinceTheServiceStartedAreTimedThoughRecordedBeforeTheirProjectorWasMade() {
        Instant serviceStarted = Instant.now().minus(Duration.ofHours(1));
        Build build = new Build();
        generations.switchTo(build.generation, Optional.empty());
        build.metrics = new ProjectionMetrics(build.meters, Clock.fixed(serviceStarted, ZoneOffset.UTC));
        build.projector.close();
        build.projector = build.newProjector();
        List<ReceivedEvent> backlog = new StoryGenerator(12).story("backlog", 30,
                serviceStarted.plus(Duration.ofMinutes(10))).events();
        build.metrics.lagSinceLastSample();

        build.feed(backlog);

        var sample = build.metrics.lagSinceLastSample();
        assertThat(sample.events()).isEqualTo(30);
        assertThat(sample.max()).as("ms").isGreaterThan(Duration.ofMinutes(49).toMillis());
    }

    /**
     * A rebuild applies events the live read models show already, where they were timed: timed again when the
     * rebuild reached them, their lag was the rebuild's age, and the alert fired on a healthy system.
     */
    @Test
    void eventsAppliedToReadModelsBeingRebuiltAreNotTimed() {
        Build rebuild = new Build();
        rebuild.metrics.lagSinceLastSample();

        rebuild.feed(new StoryGenerator(13).story("rebuilt", 30, Instant.now()).events());

        assertThat(rebuild.metrics.lagSinceLastSample().events()).isZero();
    }

    // ------------------------------------------------------------------------------------------------------------

    private ProjectStory story(String projectId, int events) {
        return new StoryGenerator(projectId.hashCode()).story(projectId, events, Instant.parse("2026-01-01T00:00:00Z"));
    }

    /** The events of each part, one part after the other. */
    @SafeVarargs
    private static List<ReceivedEvent> concat(List<ReceivedEvent>... parts) {
        List<ReceivedEvent> all = new ArrayList<>();
        for (List<ReceivedEvent> part : parts) {
            all.addAll(part);
        }
        return all;
    }

    private static ProjectRegistered registered(String id) {
        return new ProjectRegistered(id, "org", "Org", false, "Project " + id, null, null, null, null,
                List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31));
    }

    /** A training counted by the indicator {@code size}. */
    private static TrainingDelivered sized(String project, String id, int people) {
        return new TrainingDelivered(project, id, "Training", LocalDate.of(2024, 3, 1), "Gjilan",
                Participants.total(people), null, List.of("size"), null, 1);
    }

    private static TrainingDelivered training(String project, String id, int people) {
        return new TrainingDelivered(project, id, "Training", LocalDate.of(2024, 3, 1), "Gjilan",
                Participants.total(people), null, List.of(), null, 1);
    }

    /** The process killed in the midst of a store's write: to the projector (who will not see it), the store away. */
    private static final class Killed extends com.mongodb.MongoSocketWriteException {
        Killed() {
            super("killed in the midst of a write", new com.mongodb.ServerAddress(), new java.io.IOException("killed"));
        }
    }

    /** One generation and the projector writing it. */
    private final class Build {
        final Generation generation = generations.create(TOPIC, "test");
        /** What every projector of this build counts, across its restarts. */
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final ReadModelStores stores = ReadModelStores.of(generations, generation, views);
        // Small, so that every test here reads held events back a part at a time, as a long wait has them read.
        int drainChunk = 2;
        int drainPartsPerTurn = Projector.DRAIN_PARTS_PER_TURN;
        /** The service's, as every projector of it reports to: its lag as the admin API samples it. */
        ProjectionMetrics metrics = new ProjectionMetrics(meters);
        Projector projector = newProjector();

        Build() {
        }

        /** Built in one orderly pass. */
        Build(List<ReceivedEvent> events) {
            feed(events);
        }

        /** Caches small enough that they forget all the time: nothing may depend on what they keep. */
        int summaryCache = 3;
        int activityCache = 5;
        boolean inBackground;
        /** The crashes of a chaotic feed, as they came: told with a failure. */
        final List<String> crashes = new ArrayList<>();

        /** Held events read back a few at a time, by this projector and those that follow it. */
        void drainChunk(int chunk) {
            drainChunk = chunk;
            projector.drainChunk(chunk);
        }

        /** Parts of held events a turn applies, by this projector and those that follow it. */
        void drainPartsPerTurn(int parts) {
            drainPartsPerTurn = parts;
            projector.drainPartsPerTurn(parts);
        }

        void checkpointsInBackground() {
            projector.close();
            inBackground = true;
            projector = newProjector();
        }

        Projector newProjector() {
            return newProjector(stores);
        }

        /** This build's stores with these three in their place: a test's, made to fail. */
        ReadModelStores storesWith(ProjectSummaries summaries, org.kronika.query.history.ProjectHistory history,
                                   HeldEvents held) {
            ReadModelStores s = stores;
            return new ReadModelStores(s.generations(), s.generation(), summaries, s.activities(), s.measurements(),
                    history, s.programme(), held, s.parked(), s.periods(), s.reports());
        }

        /** This build's stores with the programme's documents written through {@code programme}. */
        ReadModelStores storesWith(ProgrammeAggregates programme) {
            ReadModelStores s = stores;
            return new ReadModelStores(s.generations(), s.generation(), s.summaries(), s.activities(),
                    s.measurements(), s.history(), programme, s.held(), s.parked(), s.periods(), s.reports());
        }

        /** A projector starting from the last checkpoint over these stores: this build's, some parts made to fail. */
        Projector newProjector(ReadModelStores over) {
            long applied = generations.state(generation).orElseThrow().applied();
            Projector projector = new Projector(over, new ProjectSummaryProjection(programme.periods()),
                    metrics, Clock.systemUTC(), applied, summaryCache,
                    activityCache, inBackground);
            projector.drainChunk(drainChunk);
            projector.drainPartsPerTurn(drainPartsPerTurn);
            return projector;
        }

        void feed(List<ReceivedEvent> events) {
            projector.accept(events, Map.of(0, (long) events.size()));
            projector.flush(true);
        }

        /** A new run, after the last one stopped, reads these events up to offset {@code next} and checkpoints. */
        void restartedWith(List<ReceivedEvent> events, long next) {
            projector = newProjector();
            projector.accept(events, Map.of(0, next));
            projector.flush(true);
        }

        /**
         * The events spread over three partitions (by project, or scattered event by event), read back in random
         * polls; now and then a flush, a checkpoint, or a crash that loses everything in memory and reads again
         * from the last checkpoint written: a stop that still writes the checkpoint asked for, or a kill that loses
         * it, between turns or in the midst of a write of facts or summaries.
         */
        void feedChaotically(List<List<ReceivedEvent>> projects, long seed, Random random, boolean scattered) {
            List<List<ReceivedEvent>> partitions = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
            List<ReceivedEvent> all = new ArrayList<>();
            for (int p = 0; p < projects.size(); p++) {
                for (ReceivedEvent event : projects.get(p)) {
                    all.add(event);
                }
            }
            if (scattered) {
                Collections.shuffle(all, random);
                // Each project's events keep their order within one partition, not across them.
                for (ReceivedEvent event : all) {
                    partitions.get(random.nextInt(3)).add(event);
                }
            } else {
                for (List<ReceivedEvent> project : projects) {
                    partitions.get(Math.floorMod(project.get(0).projectId().hashCode(), 3)).addAll(project);
                }
            }
            Map<Integer, Long> positions = new HashMap<>(Map.of(0, 0L, 1, 0L, 2, 0L));
            // Which crashes come, and how, drawn apart: until its first kill, a seed's run is what it was before.
            Random crashing = new Random(~seed);
            // Writes of summaries and checkpoints are killed too, whether a project's events are on one partition or
            // spread over them: until a checkpoint recorded the held ranges it counted without reading them, the
            // latter counted some held events twice (repetition 2: 533 of 525), and were spared such kills.
            Kill kill = new Kill(crashing);
            projector.close();
            projector = newProjector(kill.stores);
            int batches = 0;
            while (true) {
                while (positions.entrySet().stream()
                        .anyMatch(e -> e.getValue() < partitions.get(e.getKey()).size())) {
                    List<ReceivedEvent> batch = new ArrayList<>();
                    Map<Integer, Long> next = new HashMap<>();
                    int polls = 1 + random.nextInt(3);
                    for (int i = 0; i < polls; i++) {
                        int partition = random.nextInt(3);
                        long from = positions.get(partition);
                        long to = Math.min(partitions.get(partition).size(), from + 1 + random.nextInt(120));
                        for (long o = from; o < to; o++) {
                            batch.add(partitions.get(partition).get((int) o));
                            if (random.nextInt(25) == 0) {
                                batch.add(partitions.get(partition)
                                        .get((int) (from + random.nextInt((int) (o - from + 1)))));
                            }
                        }
                        if (to > from) {
                            positions.put(partition, to);
                            next.put(partition, to);
                        }
                    }
                    batches++;
                    try {
                        projector.accept(batch, next);
                        int dice = random.nextInt(10);
                        if (dice < 3) {
                            boolean checkpoint = random.nextBoolean();
                            projector.flush(checkpoint);
                            if (checkpoint && crashing.nextInt(4) == 0) {
                                // While the checkpoint just asked for is written on its thread, or not yet begun.
                                positions = crash(null, "as batch " + batches + "'s checkpoint was asked for", kill);
                            }
                        } else if (dice == 3) {
                            positions = crashing.nextBoolean() ? crash(null, "after batch " + batches, kill)
                                    : stop("after batch " + batches, kill);
                        } else if (dice == 4) {
                            projector.retryRequested();
                        }
                        if (!kill.armed() && crashing.nextInt(3) == 0) {
                            kill.arm(1 + crashing.nextInt(4));
                        }
                    } catch (RuntimeException e) {
                        positions = crash(e, "in batch " + batches + "'s turn", kill);
                    }
                }
                kill.arm(0);
                try {
                    // The run's retry checks, every two seconds, the first one soon after its start: a catch-up cut
                    // into turns goes on until it is done.
                    for (int turn = 0; turn < 1000 && (turn == 0
                            || projector.parked().stream().anyMatch(ParkedProject::catchingUp)); turn++) {
                        projector.retryRequested();
                        projector.flush(random.nextBoolean());
                    }
                    projector.flush(true);
                    projector.awaitCheckpoints();
                    return;
                } catch (RuntimeException e) {
                    // A checkpoint killed on its thread before the last kill was disarmed.
                    positions = crash(e, "at the end", kill);
                }
            }
        }

        /**
         * A stop: what is in memory is lost; reading starts again at the last checkpoint, once the one being written,
         * if any, is (a service's next run starts after its last one stopped).
         */
        private Map<Integer, Long> stop(String when, Kill kill) {
            crashes.add("stopped " + when);
            projector.close();
            return restart(kill);
        }

        /**
         * A kill, between turns ({@code failure} null) or in the midst of a write ({@code failure} the write's
         * {@link Killed}, as it reaches the turn, at once or from the checkpoint's thread): what is in memory is lost,
         * and the checkpoints asked for and not written with it; reading starts again at the last one written.
         */
        private Map<Integer, Long> crash(RuntimeException failure, String when, Kill kill) {
            if (failure != null && !(failure instanceof Killed || failure.getCause() instanceof Killed)) {
                throw failure;
            }
            crashes.add("killed " + when + (failure == null ? "" : " in " + kill.killed));
            projector.abandon();
            return restart(kill);
        }

        private Map<Integer, Long> restart(Kill kill) {
            projector = newProjector(kill.stores);
            Map<Integer, Long> positions = new HashMap<>(Map.of(0, 0L, 1, 0L, 2, 0L));
            positions.putAll(generations.state(generation).orElseThrow().offsets());
            return positions;
        }

        /**
         * This build's stores, whose writes of facts, summaries and checkpoints are made in full until armed; then the
         * write that counts down to zero writes a random part of its documents, as a kill in its midst leaves it, and
         * dies.
         */
        private final class Kill {
            private final Random random;
            private int writesLeft;
            /** The write that died last. */
            volatile String killed;
            final ReadModelStores stores;

            Kill(Random random) {
                this.random = random;
                ReadModelStores s = Build.this.stores;
                stores = new ReadModelStores(generations(), s.generation(), summaries(), s.activities(),
                        s.measurements(), history(), s.programme(), held(), s.parked(), s.periods(), s.reports());
            }

            /** Dies in the {@code writes}th write from now, on whichever thread makes it; 0: in none. */
            synchronized void arm(int writes) {
                writesLeft = writes;
            }

            synchronized boolean armed() {
                return writesLeft > 0;
            }

            private synchronized boolean dies() {
                return writesLeft > 0 && --writesLeft == 0;
            }

            <T> void write(String what, java.util.Collection<T> documents,
                           java.util.function.Consumer<java.util.Collection<T>> write) {
                if (!dies()) {
                    write.accept(documents);
                    return;
                }
                List<T> part = documents.stream().filter(d -> random.nextBoolean()).toList();
                if (!part.isEmpty()) {
                    write.accept(part);
                }
                killed = what;
                throw new Killed();
            }

            private ProjectSummaries summaries() {
                return new ProjectSummaries(generations.database(), generation, views) {
                    @Override
                    public void write(java.util.Collection<Change> changes) {
                        Kill.this.write("a write of summaries", changes, super::write);
                    }

                    @Override
                    public void saveSnapshots(java.util.Collection<ProjectSummary> summaries) {
                        // Only those that keep any: the runs of projects too short to keep one die where they did.
                        if (summaries.isEmpty()) {
                            super.saveSnapshots(summaries);
                        } else {
                            Kill.this.write("a write of snapshots", summaries, super::saveSnapshots);
                        }
                    }
                };
            }

            private org.kronika.query.history.ProjectHistory history() {
                return new org.kronika.query.history.ProjectHistory(generations.database(), generation) {
                    @Override
                    public void insertAll(java.util.Collection<org.kronika.query.history.HistoryEntry> entries) {
                        Kill.this.write("a write of history", entries, super::insertAll);
                    }
                };
            }

            private HeldEvents held() {
                return new HeldEvents(generations.database(), generation) {
                    @Override
                    void holdAll(java.util.Collection<ReceivedEvent> events) {
                        Kill.this.write("a write of held events", events, super::holdAll);
                    }
                };
            }

            /** The checkpoint's position and count, one update: the programme's roll-up before it is written. */
            private Generations generations() {
                return new Generations(generations.database(), generations.schemaVersion()) {
                    @Override
                    public void saveOffsets(Generation generation, Instant createdAt, Map<Integer, Long> offsets,
                                            long applied, List<org.kronika.query.readmodel.HeldRange> counted) {
                        // Killed before the position is written: killed after it, before the records of projects
                        // it unparks are removed, the held ranges it counted keep their events from counting again.
                        Kill.this.write("a checkpoint's write", List.of(),
                                none -> super.saveOffsets(generation, createdAt, offsets, applied, counted));
                    }
                };
            }
        }

        ProjectSummary summary(String projectId) {
            return stores.summaries().find(projectId).orElseThrow();
        }

        /** The events applied, as the last checkpoint counts them. */
        long applied() {
            return generations.state(generation).orElseThrow().applied();
        }

        /** The projection's events of this outcome, as {@code kronika.projection.events} counts them. */
        double counted(String outcome) {
            return meters.counter("kronika.projection.events", "outcome", outcome).count();
        }

        void hasTheSameReadModelsAs(Build other) {
            hasTheSameReadModelsAs(other, "");
        }

        /** Compared once (a whole read model each side), the differences named only when there are any. */
        void hasTheSameReadModelsAs(Build other, String context) {
            ReadModelDiff.Report diff = ReadModelDiff.compare(generations, generation, other.generation, 10);
            assertThat(diff.differences()).as(() -> context + diff.describe()).isZero();
        }
    }
}
