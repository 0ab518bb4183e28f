package org.kronika.query.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.kronika.query.report.web.ReportList;
import org.kronika.query.report.web.ReportListController;
import org.kronika.query.stream.ReceivedEvent;
import org.kronika.query.web.QueryProblems;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * How many reports are in each status, per organisation and for the programme, as the projection keeps them with the
 * programme's figures (projected from typed events, each as Kafka may deliver it: again, early, after a stop), and
 * the list of reports by status paged either way with that count, as the API answers it.
 */
class ReportsByStatusTest {

    private static final String KEC = "kec-clubs";
    private static final String KEC_2 = "kec-radio";
    private static final String KOMF = "komf-monitoring";
    private static final ObjectMapper JSON = new ObjectMapper();
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

    /**
     * The API's pages: the list's total as far as the caller may see, and keyset paging either way in the same
     * order, a page before that reaches the start being the first page; an admin sees every organisation's, a
     * recorder their own.
     */
    @Test
    void theListIsPagedEitherWayWithItsTotalAsFarAsTheCallerMaySee() throws Exception {
        for (String project : List.of(KEC, KEC_2, KOMF)) {
            for (String quarter : List.of("2024-Q1", "2024-Q2", "2024-Q3")) {
                record(new PeriodSubmitted(project, quarter, "In"));
            }
        }
        record(new PeriodReturned(KEC_2, "2024-Q3", "Missing"));
        MockMvc api = api();
        List<String> all = List.of(KEC + "|2024-Q1", KEC + "|2024-Q2", KEC + "|2024-Q3", KEC_2 + "|2024-Q1",
                KEC_2 + "|2024-Q2", KOMF + "|2024-Q1", KOMF + "|2024-Q2", KOMF + "|2024-Q3");

        JsonNode first = page(api, "?limit=3");
        assertThat(first.path("total").asLong()).isEqualTo(8);
        assertThat(keys(first)).isEqualTo(all.subList(0, 3));
        assertThat(first.path("previous").isNull()).isTrue();
        JsonNode second = page(api, "?limit=3&after=" + first.path("next").asText());
        assertThat(keys(second)).isEqualTo(all.subList(3, 6));
        assertThat(second.path("previous").asText()).isEqualTo(all.get(3));
        JsonNode third = page(api, "?limit=3&after=" + second.path("next").asText());
        assertThat(keys(third)).isEqualTo(all.subList(6, 8));
        assertThat(third.path("next").isNull()).as("the last page").isTrue();

        // Back from the last page, page by page, in the same order.
        JsonNode back = page(api, "?limit=3&before=" + third.path("previous").asText());
        assertThat(keys(back)).isEqualTo(all.subList(3, 6));
        assertThat(back.path("next").asText()).isEqualTo(all.get(5));
        assertThat(back.path("total").asLong()).isEqualTo(8);
        JsonNode start = page(api, "?limit=3&before=" + back.path("previous").asText());
        assertThat(keys(start)).isEqualTo(all.subList(0, 3));
        assertThat(start.path("previous").isNull()).isTrue();
        // Before the second report there is one only: the first page is answered, whole, not a page of one.
        JsonNode short_ = page(api, "?limit=3&before=" + all.get(1));
        assertThat(keys(short_)).isEqualTo(all.subList(0, 3));
        assertThat(short_.path("previous").isNull()).isTrue();
        // A page ending exactly at the end of the list has no next leading to an empty page.
        assertThat(page(api, "?limit=4&after=" + all.get(3)).path("next").isNull()).isTrue();

        JsonNode returned = page(api, "?status=returned");
        assertThat(returned.path("total").asLong()).isEqualTo(1);
        assertThat(keys(returned)).containsExactly(KEC_2 + "|2024-Q3");
        assertThat(page(api, "?status=approved").path("total").asLong()).isZero();
        assertThat(page(api, "?status=overdue").path("total").isNull()).as("overdue is never counted").isTrue();

        ProjectedEvents.signedIn("recorder", "komf");
        JsonNode theirs = page(api, "?limit=2");
        assertThat(theirs.path("total").asLong()).isEqualTo(3);
        assertThat(keys(theirs)).isEqualTo(all.subList(5, 7));
        JsonNode theirLast = page(api, "?limit=2&after=" + theirs.path("next").asText());
        assertThat(keys(theirLast)).containsExactly(all.get(7));
        // Their page before names their own report in its cursor, never another organisation's before it.
        assertThat(theirLast.path("previous").asText()).isEqualTo(all.get(7));
        JsonNode theirBack = page(api, "?limit=1&before=" + theirLast.path("previous").asText());
        assertThat(keys(theirBack)).containsExactly(all.get(6));
        assertThat(theirBack.path("previous").asText()).isEqualTo(all.get(6));
        assertThat(page(api, "?limit=1&before=" + all.get(6)).path("previous").isNull())
                .as("KEC's reports before it are not theirs").isTrue();
        assertThat(page(api, "?status=returned").path("total").asLong()).isZero();
    }

    @Test
    void aCursorThatIsNoneIsRefusedNamingIt() throws Exception {
        MockMvc api = api();
        // The template encodes each '|' once.
        Map<String, String> wrong = Map.of("before=no-bar", "before", "before=|2024-Q1", "before",
                "before=" + "x".repeat(ReportList.CURSOR) + "|q", "before", "after=kec-clubs|", "after",
                "after=a|b&before=c|d", "before", "status=overdue&before=no-bar", "before");
        for (var query : wrong.entrySet()) {
            api.perform(get("/api/reports?" + query.getKey())).andExpect(status().isBadRequest())
                    .andExpect(content().contentType("application/problem+json"))
                    .andExpect(jsonPath("$.errors[*].field").value(contains(query.getValue())));
        }
    }

    /**
     * Overdue reports are walked backwards as forwards, a bounded number of projects at a time: each page before
     * holds what the pages after it passed, in the same order.
     */
    @Test
    void overdueReportsArePagedBackwardsInTheSameOrder() throws Exception {
        MockMvc api = apiOn(LocalDate.of(2025, 3, 1));
        List<String> forwards = new ArrayList<>();
        List<String> lastPage = List.of();
        String previous = null;
        String after = null;
        do {
            JsonNode page = page(api, "?status=overdue&limit=3" + (after == null ? "" : "&after=" + after));
            assertThat(page.path("previous").isNull()).as("the first page's").isEqualTo(after == null);
            previous = page.path("previous").isNull() ? null : page.path("previous").asText();
            lastPage = keys(page);
            forwards.addAll(lastPage);
            after = page.path("next").isNull() ? null : page.path("next").asText();
        } while (after != null);
        assertThat(forwards).doesNotHaveDuplicates().contains(KEC + "|2024-Q1", KEC_2 + "|2024-Q3",
                KOMF + "|2024-Q4").hasSizeGreaterThan(6);
        assertThat(lastPage).as("no empty page at the end").isNotEmpty();

        List<String> backwards = new ArrayList<>(lastPage);
        for (String before = previous; before != null; ) {
            JsonNode page = page(api, "?status=overdue&limit=3&before=" + before);
            assertThat(page.path("reports").size()).isEqualTo(3);
            backwards.addAll(0, keys(page));
            before = page.path("previous").isNull() ? null : page.path("previous").asText();
        }
        assertThat(backwards).isEqualTo(forwards);
    }

    private JsonNode page(MockMvc api, String query) throws Exception {
        String body = api.perform(get("/api/reports" + query)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString();
        return JSON.readTree(body);
    }

    private static List<String> keys(JsonNode page) {
        List<String> keys = new ArrayList<>();
        page.path("reports").forEach(r -> keys.add(r.path("projectId").asText() + "|" + r.path("periodId").asText()));
        return keys;
    }

    private MockMvc api() {
        return apiOn(LocalDate.of(2025, 3, 1));
    }

    private MockMvc apiOn(LocalDate day) {
        Clock clock = Clock.fixed(day.atTime(12, 0).atZone(events.programme.timeZone()).toInstant(), ZoneOffset.UTC);
        ReportList list = new ReportList(new VisibleProjects(events.generations, events.views, events.programme, clock),
                clock);
        return MockMvcBuilders.standaloneSetup(new ReportListController(list))
                .setControllerAdvice(new QueryProblems()).build();
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
