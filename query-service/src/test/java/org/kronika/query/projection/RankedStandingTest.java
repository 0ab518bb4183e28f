package org.kronika.query.projection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.PeriodReturned;
import org.kronika.events.PeriodSubmitted;
import org.kronika.events.ProjectClosed;
import org.kronika.events.ProjectEvent;
import org.kronika.events.ProjectRegistered;
import org.kronika.query.portfolio.PortfolioViews;
import org.kronika.query.calendar.DefinedPeriod;
import org.kronika.query.calendar.ProgrammeCalendar;
import org.kronika.query.portfolio.web.PortfolioController;
import org.kronika.query.portfolio.web.VisiblePortfolio;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.project.web.VisibleProjects;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.report.OverdueReports;
import org.kronika.query.report.ReportListEntry;
import org.kronika.query.report.web.ReportList;
import org.kronika.query.web.QueryProblems;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A ranked project's status and its overdue reports, in the portfolio's ranking and a municipality's projects, as
 * the API and the dashboards read them ({@link VisiblePortfolio}) from read models projected from typed events:
 * status kept with the ranking as events change it, overdue reports counted on the day they are read.
 */
class RankedStandingTest {

    /** Two quarters, 2024-Q1 and 2024-Q2, neither with a due date of its own: each is due the day after its end. */
    private static final String KEC = "kec-clubs";
    private static final String KOMF = "komf-monitoring";
    private ProjectedEvents events;
    private Programme programme;
    private ProjectViews views;
    private Generations generations;

    @BeforeEach
    void twoProjectsOfTwoOrganisationsInGjilan() {
        events = new ProjectedEvents("standing", Instant.parse("2024-08-01T00:00:00Z"));
        programme = events.programme;
        views = events.views;
        generations = events.generations;
        record(registered(KEC, "kec"));
        record(registered(KOMF, "komf"));
        signedIn("auditor", null);
    }

    @AfterEach
    void signOut() {
        events.close();
    }

    @Test
    void aProjectIsClosedInTheRankingFromItsClosureUntilItsReopeningAndEndedAgainAfter() {
        LocalDate day = LocalDate.of(2024, 8, 1);
        assertThat(standing(day)).containsEntry(KEC, "ended 2").containsEntry(KOMF, "ended 2");
        assertThat(statuses(LocalDate.of(2024, 3, 1))).as("before it ended, by its dates")
                .containsEntry(KEC, "active");

        record(new ProjectClosed(KEC, LocalDate.of(2024, 6, 30), List.of(), "Closed early for the test"));
        assertThat(statuses(day)).containsEntry(KEC, "closed").containsEntry(KOMF, "ended");
        assertThat(statuses(LocalDate.of(2024, 3, 1))).as("closed whatever its dates").containsEntry(KEC, "closed");

        record(new org.kronika.events.ProjectReopened(KEC, "A late invoice"));
        assertThat(statuses(day)).containsEntry(KEC, "ended").containsEntry(KOMF, "ended");
    }

    /**
     * 2024-Q1 ends on 31 March and is due 30 days later (the programme file's daysToReport), on 30 April: overdue
     * from 1 May while its report is not in; submitted, it is in; returned, it is overdue again. Each count is the list of overdue reports' count for the project.
     */
    @Test
    void aProjectsOverdueReportsAreCountedOnTheDayTheyAreReadAsTheListOfOverdueReportsFindsThem() {
        assertThat(standing(LocalDate.of(2024, 4, 30))).as("on its due day").containsEntry(KEC, "active 0");
        assertThat(overdue(LocalDate.of(2024, 4, 30))).isEqualTo(Map.of());
        assertThat(standing(LocalDate.of(2024, 5, 1))).containsEntry(KEC, "active 1");
        assertThat(overdue(LocalDate.of(2024, 5, 1))).isEqualTo(Map.of(KEC, 1L, KOMF, 1L));
        assertThat(standing(LocalDate.of(2024, 8, 1))).containsEntry(KEC, "ended 2");

        record(new PeriodSubmitted(KEC, "2024-Q1", "Our first quarter"));
        assertThat(standing(LocalDate.of(2024, 8, 1))).containsEntry(KEC, "ended 1").containsEntry(KOMF, "ended 2");
        assertThat(overdue(LocalDate.of(2024, 8, 1))).isEqualTo(Map.of(KEC, 1L, KOMF, 2L));

        record(new PeriodReturned(KEC, "2024-Q1", "The sign-in sheets are missing"));
        assertThat(standing(LocalDate.of(2024, 8, 1))).containsEntry(KEC, "ended 2");
        assertThat(overdue(LocalDate.of(2024, 8, 1))).isEqualTo(Map.of(KEC, 2L, KOMF, 2L));
    }

    /**
     * A closed project has every report it owed approved (the command side closes no other), and takes no command
     * but a reopening. A period defined after its closure, over its days, made it overdue for good: in the ranking,
     * the list of overdue reports and its page, with nothing it could do but be reopened. It owes nothing while closed;
     * reopened, it owes that period's report.
     */
    @Test
    void aPeriodDefinedAfterAProjectsClosureIsNotOwedWhileItStaysClosed() {
        for (String quarter : List.of("2024-Q1", "2024-Q2")) {
            record(new PeriodSubmitted(KEC, quarter, "Done"));
            record(new org.kronika.events.PeriodApproved(KEC, quarter, LocalDate.parse(quarter.endsWith("Q1")
                    ? "2024-01-01" : "2024-04-01"), LocalDate.parse(quarter.endsWith("Q1") ? "2024-03-31"
                    : "2024-06-30"), events.last(KEC).sequence(), events.last(KEC).hash(), "Fine"));
        }
        record(new ProjectClosed(KEC, LocalDate.of(2024, 6, 30), List.of("2024-Q1", "2024-Q2"), "All reported"));
        LocalDate day = LocalDate.of(2024, 8, 1);
        assertThat(standing(day)).containsEntry(KEC, "closed 0");
        var year = new org.kronika.events.ReportingPeriodDefined(programme.programmeId(), "FY2024", "fiscal-years",
                "2024", LocalDate.parse("2024-01-01"), LocalDate.parse("2024-06-30"), LocalDate.parse("2024-07-15"));
        events.deliver(List.of(org.kronika.query.fixtures.Received.event(year, 0, Instant.parse("2024-07-20T00:00:00Z"),
                null)));

        assertThat(standing(day)).containsEntry(KEC, "closed 0").containsEntry(KOMF, "ended 3");
        assertThat(overdue(day)).doesNotContainKey(KEC).containsEntry(KOMF, 3L);
        record(new org.kronika.events.ProjectReopened(KEC, "The donor asks for the fiscal year's report"));
        assertThat(standing(day)).containsEntry(KEC, "ended 1");
        assertThat(overdue(day)).containsEntry(KEC, 1L);
    }

    @Test
    void aRecorderSeesTheStandingOfItsOwnOrganisationsProjectsOnly() {
        signedIn("recorder", "kec");
        LocalDate day = LocalDate.of(2024, 8, 1);
        assertThat(standing(day)).containsOnlyKeys(KEC);
        assertThat(portfolioOn(day).portfolio(0, 20).scope()).isEqualTo("organisation:kec");
        assertThat(overdue(day)).isEqualTo(Map.of(KEC, 2L));
    }

    /** Two projects in Gjilan, a page of one each: the municipality's answer is paged as the portfolio's ranking is. */
    @Test
    void aMunicipalitysProjectsAreAnsweredAPageAtATimeInTheOrderOfThePortfoliosRanking() throws Exception {
        MockMvc api = apiOn(LocalDate.of(2024, 8, 1));

        for (int page = 0; page < 2; page++) {
            String ranked = page == 0 ? KEC : KOMF;
            api.perform(get("/api/municipalities/Gjilan?size=1&page=" + page)).andExpect(status().isOk())
                    .andExpect(jsonPath("$.municipality").value("Gjilan"))
                    .andExpect(jsonPath("$.ranking.page").value(page))
                    .andExpect(jsonPath("$.ranking.size").value(1))
                    .andExpect(jsonPath("$.ranking.totalItems").value(2))
                    .andExpect(jsonPath("$.ranking.totalPages").value(2))
                    .andExpect(jsonPath("$.ranking.items[*].projectId").value(contains(ranked)))
                    .andExpect(jsonPath("$.ranking.items[0].overdueReports").value(2));
            api.perform(get("/api/portfolio?size=1&page=" + page))
                    .andExpect(jsonPath("$.ranking.items[*].projectId").value(contains(ranked)));
        }
        api.perform(get("/api/municipalities/Gjilani")).andExpect(status().isOk())
                .andExpect(jsonPath("$.ranking.size").value(50))
                .andExpect(jsonPath("$.ranking.items[*].projectId").value(contains(KEC, KOMF)));
        api.perform(get("/api/municipalities/Gjilan?page=2&size=1")).andExpect(status().isOk())
                .andExpect(jsonPath("$.ranking.items").isEmpty())
                .andExpect(jsonPath("$.ranking.totalItems").value(2));
    }

    @Test
    void aMunicipalitysPageHoldsARecordersOwnProjectsOnly() throws Exception {
        signedIn("recorder", "kec");

        apiOn(LocalDate.of(2024, 8, 1)).perform(get("/api/municipalities/Gjilan?size=1")).andExpect(status().isOk())
                .andExpect(jsonPath("$.scope").value("organisation:kec"))
                .andExpect(jsonPath("$.ranking.totalItems").value(1))
                .andExpect(jsonPath("$.ranking.items[*].projectId").value(contains(KEC)));
    }

    /** A municipality's page and size are read as the portfolio's are, and a value that is none refused alike. */
    @Test
    void aPageOrSizeThatIsNoneIsRefusedNamingItAsThePortfolioRefusesIt() throws Exception {
        MockMvc api = apiOn(LocalDate.of(2024, 8, 1));
        Map<String, String> wrong = Map.of("page=-1", "page", "page=two", "page",
                "page=" + (org.kronika.query.readmodel.Page.MAX_PAGE + 1), "page", "size=0", "size",
                "size=" + (org.kronika.query.readmodel.Page.MAX_SIZE + 1), "size", "size=1.5", "size");
        for (String path : List.of("/api/municipalities/Gjilan", "/api/portfolio")) {
            for (var query : wrong.entrySet()) {
                api.perform(get(path + "?" + query.getKey())).andExpect(status().isBadRequest())
                        .andExpect(content().contentType("application/problem+json"))
                        .andExpect(jsonPath("$.errors[*].field").value(contains(query.getValue())));
            }
        }
    }

    /**
     * The dashboard's portfolio page and the list of municipalities show the programme's figures and no ranked
     * project: they rank none and read no report, which the portfolio's ranking does even for a page of one.
     */
    @Test
    void theProgrammesFiguresAloneAreReadWithoutCountingAnyOverdueReport() {
        LocalDate day = LocalDate.of(2024, 8, 1);
        Clock clock = clockOn(day);
        List<String> counted = new java.util.ArrayList<>();
        VisibleProjects counting = new VisibleProjects(generations, views, programme, clock) {
            @Override
            public OverdueReports overdueReports(Generation generation, List<DefinedPeriod> defined) {
                counted.add("a count over the generation's reports");
                return new OverdueReports(ProgrammeCalendar.all(programme, defined), ids -> {
                    counted.addAll(ids);
                    return reports(generation).ofProjects(ids);
                });
            }
        };
        VisiblePortfolio portfolio = new VisiblePortfolio(generations, new PortfolioViews(programme), counting, clock);

        PortfolioViews.PortfolioTotals figures = portfolio.totals();
        List<PortfolioViews.PlaceTotals> municipalities = portfolio.municipalities().municipalities();

        assertThat(counted).isEmpty();
        PortfolioViews.PortfolioView ranked = portfolio.portfolio(0, 1);
        assertThat(counted).as("the ranking's, which the double sees")
                .containsExactly("a count over the generation's reports", KEC);
        assertThat(figures).isEqualTo(new PortfolioViews.PortfolioTotals(ranked.scope(), ranked.projects(),
                ranked.totals(), ranked.byMunicipality(), ranked.byPeriod()));
        assertThat(municipalities).extracting(PortfolioViews.PlaceTotals::municipality).contains("Gjilan")
                .hasSize(programme.municipalities().size());
    }

    /**
     * Each ranked project's status and overdue reports ("ended 2"), by project id, as the portfolio's ranking and the
     * municipality's first page (the API's and its dashboard page's) read them on the day: both alike.
     */
    private Map<String, String> standing(LocalDate day) {
        VisiblePortfolio portfolio = portfolioOn(day);
        Map<String, String> ranked = lines(portfolio.portfolio(0, 20).ranking().items());
        assertThat(lines(portfolio.municipality("Gjilan", 0, 20).ranking().items())).as("the municipality's")
                .isEqualTo(ranked);
        return ranked;
    }

    private Map<String, String> statuses(LocalDate day) {
        Map<String, String> statuses = new HashMap<>();
        standing(day).forEach((project, line) -> statuses.put(project, line.split(" ")[0]));
        return statuses;
    }

    private static Map<String, String> lines(List<PortfolioViews.RankedProject> ranked) {
        Map<String, String> lines = new HashMap<>();
        ranked.forEach(p -> lines.put(p.projectId(), p.status() + " " + p.overdueReports()));
        return lines;
    }

    /** How many reports of each project the programme's list of overdue reports lists on the day. */
    private Map<String, Long> overdue(LocalDate day) {
        var list = new ReportList(new VisibleProjects(generations, views, programme, clockOn(day)), clockOn(day));
        Map<String, Long> counted = new HashMap<>();
        for (ReportListEntry entry : list.page(ReportList.OVERDUE, null, null, null, 100).reports()) {
            counted.merge(entry.projectId(), 1L, Long::sum);
        }
        return counted;
    }

    private VisiblePortfolio portfolioOn(LocalDate day) {
        Clock clock = clockOn(day);
        return new VisiblePortfolio(generations, new PortfolioViews(programme),
                new VisibleProjects(generations, views, programme, clock), clock);
    }

    /** The portfolio's API as it answers on the day, its refusals as the service words them. */
    private MockMvc apiOn(LocalDate day) {
        return MockMvcBuilders.standaloneSetup(new PortfolioController(portfolioOn(day)))
                .setControllerAdvice(new QueryProblems()).build();
    }

    /** Noon of the day in the programme's time zone. */
    private Clock clockOn(LocalDate day) {
        return Clock.fixed(day.atTime(12, 0).atZone(programme.timeZone()).toInstant(), ZoneOffset.UTC);
    }

    private void record(ProjectEvent event) {
        events.record(event);
    }

    private static ProjectRegistered registered(String projectId, String organisation) {
        return ProjectedEvents.registered(projectId, organisation, LocalDate.of(2024, 6, 30));
    }

    private static void signedIn(String role, String organisation) {
        ProjectedEvents.signedIn(role, organisation);
    }
}
