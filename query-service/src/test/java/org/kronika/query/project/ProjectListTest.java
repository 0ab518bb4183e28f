package org.kronika.query.project;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.Participants;
import org.kronika.events.ProjectDetailsAmended;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.programme.Programme;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;

import org.kronika.query.i18n.Collation;
import org.kronika.query.i18n.Languages;
import org.kronika.query.readmodel.Page;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The project list served from the order held in memory gives exactly the pages of the store's own filter, sorted by
 * title as the reader's language collates it, for every filter, scope and page, and follows registrations and
 * amendments as soon as they are written.
 */
class ProjectListTest {

    private static final List<String> ORGANISATIONS = List.of("komf", "kec", "ada");
    private static final List<String> PLACES = List.of("Gjilan", "Ferizaj", "Prizren", "Kamenicë");
    private static final List<String> TITLES = List.of("Media clubs", "Ëlite budgeting", "media Clubs", "Youth voice",
            "Zëri i të rinjve", "Participatory budgets", "Államos");
    private static final LocalDate TODAY = LocalDate.of(2025, 6, 1);

    private final Programme programme = Programme.ofContract();
    private final ProjectViews views = new ProjectViews(programme.periods());
    private final Random random = new Random(11);
    private final Map<String, FoldedProject> projects = new LinkedHashMap<>();
    private MongoClient client;
    private ProjectSummaries store;
    private ProjectSummaries inOrder;

    @BeforeEach
    void setUp() {
        client = MongoClients.create(TestInfrastructure.mongo().connectionString("x"));
        Generations generations = new Generations(client.getDatabase("list-" + UUID.randomUUID()), 3);
        Generation generation = generations.create(new TopicIdentity("kronika.project-events", "id", 3), "test");
        store = new ProjectSummaries(generations.database(), generation, views);
        inOrder = new ProjectSummaries(generations.database(), generation, views, new ProjectOrder(Clock.systemUTC()));
    }

    @AfterEach
    void tearDown() {
        client.close();
    }

    @Test
    void pagesFromTheOrderInMemoryAreTheStoresPages() {
        for (int i = 0; i < 40; i++) {
            register("p-" + i);
        }
        assertSamePages();

        // A new project and a renamed one move in the list; a recorded activity changes only an entry's figures.
        register("p-new");
        String renamed = "p-7";
        projects.get(renamed).apply(new ProjectDetailsAmended(renamed, "Aaa first now", null, null, null, null,
                List.of("Prizren"), LocalDate.of(2024, 3, 1), "Renamed"));
        String busy = "p-3";
        projects.get(busy).apply(new TrainingDelivered(busy, "t-1", "Training", LocalDate.of(2024, 3, 12), "Gjilan",
                Participants.bySex(7, 4, 3), null, List.of(), null, 1));
        store.saveAll(List.of(projects.get("p-new").summary(), projects.get(renamed).summary(),
                projects.get(busy).summary()));

        assertThat(inOrder.list(filter(null, null, null, null), 0, 1).items().get(0).projectId()).isEqualTo(renamed);
        assertThat(inOrder.list(filter(null, null, "Prizren", "ended"), 0, 200).items())
                .extracting(ProjectListEntry::projectId).contains(renamed);
        assertThat(inOrder.list(filter(null, null, null, null), 0, 200).items().stream()
                .filter(e -> e.projectId().equals(busy)).findFirst().orElseThrow().activities()).isEqualTo(1);
        assertSamePages();
    }

    private void register(String id) {
        FoldedProject project = new FoldedProject(id, programme.periods());
        String organisation = ORGANISATIONS.get(random.nextInt(ORGANISATIONS.size()));
        LocalDate start = LocalDate.of(2024, 1, 1).plusMonths(random.nextInt(24));
        List<String> places = new ArrayList<>(PLACES.subList(0, 1 + random.nextInt(PLACES.size())));
        project.apply(new ProjectRegistered(id, organisation, "Organisation " + organisation, false,
                TITLES.get(random.nextInt(TITLES.size())), null, null, null, null, places, start,
                start.plusMonths(random.nextInt(18))));
        projects.put(id, project);
        store.saveAll(List.of(project.summary()));
    }

    private void assertSamePages() {
        List<String> organisations = new ArrayList<>(ORGANISATIONS);
        organisations.add(null);
        organisations.add("nobody");
        List<String> places = new ArrayList<>(PLACES);
        places.add(null);
        List<String> statuses = new ArrayList<>(List.of("planned", "active", "ended"));
        statuses.add(null);
        for (String visible : List.of("komf", "")) {
            for (String organisation : organisations) {
                for (String place : places) {
                    for (String status : statuses) {
                        ProjectFilter filter = filter(visible.isEmpty() ? null : visible, organisation, place, status);
                        for (int[] paging : new int[][]{{0, 50}, {0, 1}, {1, 3}, {2, 7}, {100, 5}}) {
                            assertThat(inOrder.list(filter, paging[0], paging[1]))
                                    .as("%s page %d of %d", filter, paging[0], paging[1])
                                    .isEqualTo(collated(filter, paging[0], paging[1], Locale.ENGLISH));
                        }
                    }
                }
            }
        }
        ProjectFilter words = new ProjectFilter(null, null, null, null, "MEDIA clubs", TODAY);
        assertThat(inOrder.list(words, 0, 50)).isEqualTo(collated(words, 0, 50, Locale.ENGLISH));
        assertThat(inOrder.list(words, 0, 2, Languages.ALBANIAN)).isEqualTo(collated(words, 0, 2, Languages.ALBANIAN));
        assertThat(store.list(filter(null, null, null, null), 0, 200).totalItems()).isEqualTo(projects.size());
    }

    /** The store's page of everything the filter finds, in the language's order by title, then by id. */
    private Page<ProjectListEntry> collated(ProjectFilter filter, int page, int size, Locale locale) {
        Collation collation = Collation.keys(locale);
        List<ProjectListEntry> all = new ArrayList<>(store.list(filter, 0, Page.MAX_SIZE).items());
        all.sort(Comparator.comparing((ProjectListEntry e) -> collation.of(e.title()))
                .thenComparing(ProjectListEntry::projectId));
        int from = Math.min(all.size(), page * size);
        return Page.of(all.subList(from, Math.min(all.size(), from + size)), page, size, all.size());
    }

    /**
     * Titles in the reader's alphabet, Albanian's Ç after C where English only breaks a tie with it, and numbers
     * by their value: the portfolio's order, as the API's, a search by words keeping it.
     */
    @Test
    void projectsAreListedByTitleInTheReadersAlphabetWithNumbersByTheirValue() {
        List<String> titles = List.of("Projekt 10", "Çështjet e barazisë", "Projekt 2", "Citizens' voice", "Projekt 1",
                "Ëndrra", "Edukimi");
        for (int i = 0; i < titles.size(); i++) {
            FoldedProject project = new FoldedProject("t-" + i, programme.periods());
            project.apply(new ProjectRegistered("t-" + i, "komf", "KOMF", false, titles.get(i), null, null, null,
                    null, List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)));
            store.saveAll(List.of(project.summary()));
        }
        ProjectFilter all = filter(null, null, null, null);
        assertThat(inOrder.list(all, 0, 10, Languages.ALBANIAN).items()).extracting(ProjectListEntry::title)
                .containsExactly("Citizens' voice", "Çështjet e barazisë", "Edukimi", "Ëndrra", "Projekt 1",
                        "Projekt 2", "Projekt 10");
        assertThat(inOrder.list(all, 0, 10, Locale.ENGLISH).items()).extracting(ProjectListEntry::title)
                .containsExactly("Çështjet e barazisë", "Citizens' voice", "Edukimi", "Ëndrra", "Projekt 1",
                        "Projekt 2", "Projekt 10");
        ProjectFilter words = new ProjectFilter(null, null, null, null, "projekt", TODAY);
        assertThat(inOrder.list(words, 1, 2, Languages.ALBANIAN).items()).extracting(ProjectListEntry::title)
                .containsExactly("Projekt 10");
    }

    private static ProjectFilter filter(String visible, String organisation, String place, String status) {
        return new ProjectFilter(visible, organisation, place, status, null, TODAY);
    }
}
