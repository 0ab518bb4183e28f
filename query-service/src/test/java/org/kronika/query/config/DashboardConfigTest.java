package org.kronika.query.config;

import com.mongodb.client.MongoClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The live pages' watcher reads the versions of every project it watches in one read a tick, however many. */
class DashboardConfigTest {

    private final Programme programme = Programme.ofContract();
    private final ProjectViews views = new ProjectViews(programme.periods());
    /** Reads of the projects' list entries. */
    private final AtomicInteger listReads = new AtomicInteger();
    private MongoClient client;
    private Generations generations;
    private ProjectSummaries store;

    @BeforeEach
    void setUp() {
        client = TestInfrastructure.mongoClient(event -> {
            if (event.getCommandName().equals("find")
                    && event.getCommand().getString("find").getValue().endsWith(ProjectSummaries.LIST)) {
                listReads.incrementAndGet();
            }
        });
        generations = new Generations(client.getDatabase("watch-" + UUID.randomUUID()), 3);
        Generation generation = generations.create(new TopicIdentity("kronika.project-events", "id", 3), "test");
        generations.switchTo(generation, Optional.empty());
        store = new ProjectSummaries(generations.database(), generation, views);
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void threeWatchedProjectsAreReadInOneFindAndAnUnknownOneIsLeftOut() {
        FoldedProject busy = registered("p-busy").apply(new TrainingDelivered("p-busy", "t-1", "Training",
                LocalDate.of(2024, 3, 12), "Gjilan", Participants.total(4), null, List.of(), null, 1));
        store.saveAll(List.of(registered("p-a").summary(), registered("p-b").summary(), busy.summary()));
        listReads.set(0);

        Map<String, Long> versions = DashboardConfig.liveVersions(generations, views)
                .apply(Set.of("p-a", "p-b", "p-busy", "p-unknown"));

        assertThat(versions).containsExactlyInAnyOrderEntriesOf(Map.of("p-a", 0L, "p-b", 0L, "p-busy", 1L));
        assertThat(listReads).as("reads of the list entries").hasValue(1);
    }

    private FoldedProject registered(String id) {
        return new FoldedProject(id, programme.periods()).apply(new ProjectRegistered(id, "kec", "KEC", false,
                "Media clubs", null, null, null, null, List.of("Gjilan"), LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 12, 31)));
    }
}
