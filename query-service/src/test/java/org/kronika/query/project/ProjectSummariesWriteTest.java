package org.kronika.query.project;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.Participants;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.StoryGenerator;
import org.kronika.query.programme.Programme;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;
import org.kronika.query.stream.ReceivedEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A flush with more dirty summaries than one write request holds writes them all, request by request, and a
 * summary another writer changed meanwhile is still refused wherever it falls. After its first write, a summary
 * is written only where it changed, and stores what a whole write would.
 */
class ProjectSummariesWriteTest {

    private static final int MANY = 2 * ProjectSummaries.WRITES_PER_REQUEST + 7;

    private final Programme programme = Programme.ofContract();
    /** The most summaries one insert request to the store carried. */
    private final AtomicInteger largestRequest = new AtomicInteger();
    /** Every update statement sent to the summaries' collection. */
    private final List<BsonDocument> summaryUpdates = new CopyOnWriteArrayList<>();
    private MongoClient client;
    private Generations generations;
    private Generation generation;
    private ProjectSummaries store;
    private MongoCollection<Document> summaries;

    @BeforeEach
    void setUp() {
        client = TestInfrastructure.mongoClient(event -> {
            if (event.getCommandName().equals("insert")
                    && event.getCommand().getString("insert").getValue().endsWith(ProjectSummaries.NAME)) {
                largestRequest.accumulateAndGet(event.getCommand().getArray("documents").size(), Math::max);
            }
            if (event.getCommandName().equals("update")
                    && event.getCommand().getString("update").getValue().endsWith(ProjectSummaries.NAME)) {
                for (BsonValue statement : event.getCommand().getArray("updates")) {
                    // Copied: the command's buffer is released once the listener returns.
                    summaryUpdates.add(BsonDocument.parse(statement.asDocument().getDocument("u").toJson()));
                }
            }
        });
        generations = new Generations(client.getDatabase("summaries-" + UUID.randomUUID()), 3);
        generation = generations.create(new TopicIdentity("kronika.project-events", "id", 3), "test");
        store = new ProjectSummaries(generations.database(), generation, new ProjectViews(programme.periods()));
        summaries = generations.database().getCollection(generation.collection(ProjectSummaries.NAME));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void moreSummariesThanOneRequestHoldsAreAllWrittenAndListed() {
        List<FoldedProject> projects = registered(MANY);

        store.write(projects.stream().map(p -> new ProjectSummaries.Change(p.summary(), null)).toList());

        assertThat(largestRequest.get()).as("summaries in one request").isPositive().isLessThan(MANY)
                .isLessThanOrEqualTo(ProjectSummaries.WRITES_PER_REQUEST);
        Map<String, ProjectSummary> stored = store.load(projects.stream().map(p -> p.summary().projectId()).toList());
        assertThat(stored).hasSize(MANY);
        assertThat(stored.values()).allMatch(summary -> summary.version() == 0);
        assertThat(store.list(new ProjectFilter(null, null, null, null, null, LocalDate.of(2025, 6, 1)), 0, 10)
                .totalItems()).isEqualTo(MANY);
    }

    /**
     * A catch-up reads many summaries at once. MongoDB ends each reply at 16 MB; the local stand-in does not, and the
     * driver refuses a reply over 48 MB: sixty summaries of a megabyte each still come back, in replies it accepts.
     */
    @Test
    void manyLargeSummariesReadAtOnceAllComeBack() {
        List<FoldedProject> projects = registered(60);
        store.write(projects.stream().map(p -> new ProjectSummaries.Change(p.summary(), null)).toList());
        // A part no reader knows, which the mapping passes over: only the size of what is read matters here.
        summaries.updateMany(new Document(), com.mongodb.client.model.Updates.set("summary.padding",
                "x".repeat(1 << 20)));

        Map<String, ProjectSummary> stored = store.load(projects.stream().map(p -> p.summary().projectId()).toList());

        assertThat(stored).hasSize(60);
    }

    @Test
    void aSummaryChangedByAnotherWriterInALaterRequestIsRefused() {
        List<FoldedProject> projects = registered(MANY);
        store.write(projects.stream().map(p -> new ProjectSummaries.Change(p.summary(), null)).toList());
        List<ProjectSummary> first = projects.stream().map(FoldedProject::summary).toList();
        FoldedProject last = projects.get(MANY - 1);
        String id = last.summary().projectId();
        last.apply(new TrainingDelivered(id, "t-1", "Training", LocalDate.of(2024, 3, 12), "Gjilan",
                Participants.bySex(7, 4, 3), null, List.of(), null, 1));
        // Another instance wrote version 1 of the last project; this writer still holds version 0 of every one.
        store.write(List.of(new ProjectSummaries.Change(last.summary(), first.get(MANY - 1))));

        List<ProjectSummaries.Change> stale = new ArrayList<>();
        for (int i = 0; i < MANY; i++) {
            stale.add(new ProjectSummaries.Change(projects.get(i).summary(), first.get(i)));
        }
        assertThatThrownBy(() -> store.write(stale)).isInstanceOf(ProjectSummaries.WrittenByAnother.class);
        assertThat(store.load(List.of(id)).get(id).version()).isEqualTo(1);
    }

    /**
     * A write refused as another's leaves its request's entries behind, a closure's too, and moves no revision: the
     * entry written later, when the events are read again, moves it, so an instance's order held in memory reads the
     * project as closed at once rather than as ended until the order grows old.
     */
    @Test
    void anEntryLeftBehindAndWrittenLaterMovesTheListsOrderHeldInMemory() {
        List<FoldedProject> projects = registered(2);
        store.write(projects.stream().map(p -> new ProjectSummaries.Change(p.summary(), null)).toList());
        ProjectSummaries anotherInstance = new ProjectSummaries(generations.database(), generation,
                new ProjectViews(programme.periods()), new ProjectOrder(java.time.Clock.systemUTC()));
        assertThat(listed(anotherInstance, ProjectStatus.ENDED)).containsExactly("p-0", "p-1");

        FoldedProject closing = projects.get(0);
        ProjectSummary open = closing.summary();
        closing.apply(new ProjectClosed("p-0", LocalDate.of(2025, 12, 31), List.of(), "All approved"));
        FoldedProject other = projects.get(1);
        ProjectSummary otherStored = other.summary();
        other.apply(new TrainingDelivered("p-1", "t-1", "Training", LocalDate.of(2024, 3, 12), "Gjilan",
                Participants.bySex(7, 4, 3), null, List.of(), null, 1));
        // Another instance wrote p-1 meanwhile: this writer's request is refused, p-0's summary written, not its entry.
        store.write(List.of(new ProjectSummaries.Change(other.summary(), otherStored)));
        assertThatThrownBy(() -> store.write(List.of(new ProjectSummaries.Change(closing.summary(), open),
                new ProjectSummaries.Change(other.summary(), otherStored))))
                .isInstanceOf(ProjectSummaries.WrittenByAnother.class);
        assertThat(store.find("p-0").orElseThrow().closure()).isNotNull();
        assertThat(listed(anotherInstance, ProjectStatus.CLOSED)).as("the entry is still behind").isEmpty();

        store.relist(List.of(closing.summary()));

        assertThat(listed(anotherInstance, ProjectStatus.CLOSED)).containsExactly("p-0");
        assertThat(listed(anotherInstance, ProjectStatus.ENDED)).containsExactly("p-1");
    }

    private static List<String> listed(ProjectSummaries list, String status) {
        return list.list(new ProjectFilter(null, null, null, status, null, LocalDate.of(2026, 6, 1)), 0, 10).items()
                .stream().map(ProjectListEntry::projectId).toList();
    }

    /**
     * A summary is written whole once, then only what each flush changed: after any run of flushes the stored
     * document is the one a whole write of the summary would have stored (field order aside), and no flush after
     * the first sent the whole summary.
     */
    @Test
    void writingOnlyWhatChangedStoresWhatAWholeWriteWould() {
        for (long seed = 1; seed <= 4; seed++) {
            Random random = new Random(seed);
            String id = "story-" + seed;
            List<ReceivedEvent> events = new StoryGenerator(seed).withPeriods()
                    .story(id, 400, Instant.parse("2024-01-01T00:00:00Z")).events();
            FoldedProject project = new FoldedProject(id, programme.periods());
            ProjectSummary stored = null;
            for (int from = 0; from < events.size(); ) {
                int to = Math.min(events.size(), from + 1 + random.nextInt(12));
                project.apply(events.subList(from, to));
                store.write(List.of(new ProjectSummaries.Change(project.summary(), stored)));
                stored = project.summary();
                from = to;

                assertThat(DocumentMapper.plain(storedDocument(id))).as("%s after event %d", id, to - 1)
                        .isEqualTo(DocumentMapper.plain(DocumentMapper.toDocument(stored)));
            }
            assertThat(store.find(id)).contains(stored);
        }
        assertThat(summaryUpdates).as("updates after the first write").isNotEmpty().allSatisfy(update -> {
            assertThat(update.keySet()).as("operators, not a replacement").allMatch(key -> key.startsWith("$"));
            assertThat(update.getDocument("$set").keySet()).doesNotContain("summary");
        });
    }

    private Document storedDocument(String projectId) {
        return summaries.find(Filters.eq("_id", projectId)).first().get("summary", Document.class);
    }

    private List<FoldedProject> registered(int count) {
        List<FoldedProject> projects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "p-" + i;
            FoldedProject project = new FoldedProject(id, programme.periods());
            project.apply(new ProjectRegistered(id, "komf", "Organisation komf", false, "Project " + i, null, null,
                    null, null, List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2025, 12, 31)));
            projects.add(project);
        }
        return projects;
    }
}
