package org.kronika.query.trace;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.Participants;
import org.kronika.events.ProjectRegistered;
import org.kronika.events.TrainingDelivered;
import org.kronika.query.fixtures.FactReads;
import org.kronika.query.fixtures.FoldedProject;
import org.kronika.query.fixtures.ProjectStory;
import org.kronika.query.fixtures.StoryGenerator;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.project.ProjectSummary;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Traces read from the store as a page is asked for, against the same figures traced from every fact of the
 * project judged whole (what a trace did before it read only its period and page): the same totals, the same items
 * in the same order, and a cost that follows the page and the period, not the project's history.
 */
class TracesTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final ReportingPeriods periods = Programme.ofContract().periods();
    private final Traces traces = new Traces(periods);
    private final FactReads factReads = new FactReads("traces");

    @ParameterizedTest
    @ValueSource(longs = {7, 23, 41})
    void everyFigureOfAStoryPagesTheSameTotalsAndItemsAsItsFactsJudgedWhole(long seed) {
        StoryGenerator generator = new StoryGenerator(seed).withPeriods();
        String id = "story-" + seed;
        ProjectStory story = generator.story(id, 400, START);
        // Indicators fed by activities measured too, some on the days of their activities, which come first.
        List<LocalDate> days = StoryGenerator.typed(story).stream()
                .filter(e -> e instanceof org.kronika.events.ActivityEvent)
                .map(e -> ((org.kronika.events.ActivityEvent) e).occurredOn()).toList();
        java.util.Random random = generator.random();
        for (int i = 0; i < 60; i++) {
            story.then(new IndicatorMeasured(id, List.of("reached", "group", "sessions", "kits").get(random.nextInt(4)),
                    "mp-" + i,
                    days.get(random.nextInt(days.size())), random.nextInt(30),
                    random.nextBoolean() ? null : "Gjilan", Map.of(), null));
        }
        FactReads.Stored stored = factReads.store(new FoldedProject(id, periods).apply(story.events()));
        List<Figure> figures = new ArrayList<>();
        List<String> indicators = new ArrayList<>();
        indicators.add(null);
        stored.summary().indicators().forEach(i -> indicators.add(i.indicatorId()));
        List<String> categories = java.util.Arrays.asList(null, "type:training-delivered", "type:media-produced",
                "sex:female", "ageBand:unspecified", "community:serb");
        List<String> places = java.util.Arrays.asList(null, IndicatorProgress.NATIONAL, "Gjilan");
        for (String indicator : indicators) {
            for (String category : categories) {
                for (String place : places) {
                    for (String period : java.util.Arrays.asList(null, "2024-Q2", "outside:2021-03")) {
                        figures.add(new Figure(indicator, period, place, category));
                    }
                }
            }
        }
        int checked = 0;
        for (Figure figure : figures) {
            Trace whole = traces.trace(stored.summary(), figure, stored.facts().activities(),
                    stored.facts().measurements());
            for (int size : new int[]{3, 50}) {
                long pages = (whole.items().size() + size - 1) / size;
                // Every page of 3, so that pages start at every place in a month.
                long[] asked = size == 3 ? java.util.stream.LongStream.rangeClosed(0, pages).toArray()
                        : java.util.stream.LongStream.of(0, 1, pages - 1, pages).filter(p -> p >= 0).distinct().toArray();
                for (long page : asked) {
                    assertThat(traces.trace(stored.summary(), figure, stored.activities(), stored.measurements(),
                            (int) page, size)).as("%s, page %d of %d", figure, page, size)
                            .isEqualTo(PagedTrace.of(whole, (int) page, size));
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    /**
     * The same figures in a project of 100 activities and in one of 1,000, the others on other days: the first and
     * the last page of a quarter's figure read as many documents, and of a figure over all time (whose totals the
     * tallies or the indicator's progress hold: every figure but an indicator's narrowed to a category of
     * participants) a page and the facts of its first month the other kind may put before it.
     */
    @Test
    void aPageReadsAsManyDocumentsForTenTimesTheActivitiesOnOtherDays() {
        List<Figure> quarter = List.of(Figure.whole().withPeriod("2024-Q2"),
                Figure.whole().withPeriod("2024-Q2").withMunicipality("Gjilan"),
                new Figure("reached", "2024-Q2", null, null), new Figure("aware", "2024-Q2", null, null),
                new Figure("reached", "2024-Q2", "Gjilan", "sex:female"),
                Figure.whole().withPeriod("2024-Q2").withCategory("sex", "female"));
        List<Figure> allTime = List.of(Figure.whole(),
                Figure.whole().withCategory("type", "training-delivered").withMunicipality("Gjilan"),
                new Figure("reached", null, null, null), new Figure("reached", null, "Ferizaj", null),
                new Figure("aware", null, null, null), new Figure("sessions", null, null, null),
                new Figure("kits", null, "Gjilan", null), Figure.whole().withCategory("sex", "female"),
                Figure.whole().withCategory("ageBand", Figure.UNSPECIFIED).withMunicipality("Gjilan"));
        assertThat(documentsRead(1000, quarter)).as("documents read per page of %s", quarter)
                .isEqualTo(documentsRead(100, quarter))
                // The quarter's 30 activities and 3 measurements at most: a category's are added up.
                .allSatisfy(read -> assertThat(read).isLessThanOrEqualTo(33));
        for (int elsewhere : new int[]{100, 1000}) {
            assertThat(documentsRead(elsewhere, allTime)).as("documents read per page of %s", allTime)
                    .allSatisfy(read -> assertThat(read).isBetween(1L, 11L));
        }
    }

    /** Documents read by the first and the last page of 10 of each figure; each page checked against the facts. */
    private List<Long> documentsRead(int elsewhere, List<Figure> figures) {
        String id = "long-" + elsewhere;
        ProjectStory story = new ProjectStory(START).then(
                new ProjectRegistered(id, "org", "Org", false, "Project " + id, null, null, null, null,
                        List.of("Gjilan", "Ferizaj"), LocalDate.of(2021, 1, 1), LocalDate.of(2026, 12, 31)),
                new IndicatorDefined(id, "reached", "People reached", "count", "participants", "sum", 0, 500,
                        List.of(), List.of()),
                new IndicatorDefined(id, "aware", "Aware", "percent", "measured", "latest", 10, 60, List.of(),
                        List.of()),
                new IndicatorDefined(id, "sessions", "Sessions held", "count", "activities", "sum", 0, 40, List.of(),
                        List.of()),
                new IndicatorDefined(id, "kits", "Kits", "count", "items", "sum", 0, 1000, List.of(), List.of()));
        for (int i = 0; i < elsewhere; i++) {
            // Over the same days outside the quarter however many there are.
            LocalDate on = LocalDate.of(2022, 1, 1).plusDays(i * 730L / elsewhere);
            story.then(training(id, "t-" + i, on.isBefore(LocalDate.of(2023, 1, 1)) ? on : on.plusYears(2), i));
        }
        for (int i = 0; i < 30; i++) {
            story.then(training(id, "q-" + i, LocalDate.of(2024, 4, 1).plusDays(i * 3), i));
        }
        for (int i = 0; i < 3; i++) {
            story.then(new IndicatorMeasured(id, "aware", "m-q-" + i, LocalDate.of(2024, 5, 1 + i), 40 + i, null,
                    Map.of(), null), new IndicatorMeasured(id, "aware", "m-" + i, LocalDate.of(2022, 5, 1 + i),
                    20 + i, null, Map.of(), null));
        }
        FactReads.Stored stored = factReads.store(new FoldedProject(id, periods).apply(story.events()));
        long[] reads = new long[figures.size() * 2];
        for (int i = 0; i < figures.size(); i++) {
            Trace whole = traces.trace(stored.summary(), figures.get(i), stored.facts().activities(),
                    stored.facts().measurements());
            int[] pages = {0, Math.max(0, (whole.items().size() - 1) / 10)};
            for (int p = 0; p < 2; p++) {
                int page = pages[p];
                factReads.reset();
                PagedTrace paged = traces.trace(stored.summary(), figures.get(i), stored.activities(),
                        stored.measurements(), page, 10);
                reads[2 * i + p] = factReads.read();
                assertThat(paged).isEqualTo(PagedTrace.of(whole, page, 10));
            }
        }
        return java.util.Arrays.stream(reads).boxed().toList();
    }

    /**
     * A measurement's correction or retraction is in the store before the summary that counts it is written (the next
     * flush): a trace asked in between reads a page ahead of its totals, as documented, but never counts activities
     * of an indicator no activity feeds, nor fails on a fraction the two disagree by.
     */
    @Test
    void aTraceAskedBetweenAMeasurementsChangeAndTheSummaryThatCountsItCountsNoActivitiesAndAnswers() {
        String id = "gap";
        ProjectStory story = new ProjectStory(START).then(
                new ProjectRegistered(id, "org", "Org", false, "Project gap", null, null, null, null,
                        List.of("Gjilan"), LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                new IndicatorDefined(id, "aware", "Aware", "percent", "measured", "latest", 10, 60, List.of(),
                        List.of()),
                new IndicatorMeasured(id, "aware", "m-1", LocalDate.of(2024, 5, 1), 72.5, null, Map.of(), null));
        ProjectSummary before = new FoldedProject(id, periods).apply(story.events()).summary();
        story.then(new org.kronika.events.MeasurementRetracted(id, "aware", "m-1", "Measured in another project"));
        FactReads.Stored after = factReads.store(new FoldedProject(id, periods).apply(story.events()));

        for (Figure figure : List.of(new Figure("aware", null, null, null), new Figure("aware", "2024-Q2", null, null))) {
            PagedTrace paged = traces.trace(before, figure, after.activities(), after.measurements(), 0, 10);
            assertThat(paged.activities()).as("%s", figure).isZero();
            assertThat(paged.participants()).as("%s", figure).isZero();
        }
    }

    private static TrainingDelivered training(String projectId, String activityId, LocalDate on, int i) {
        return new TrainingDelivered(projectId, activityId, "Training", on, i % 3 == 0 ? "Ferizaj" : "Gjilan",
                Participants.bySex(10 + i % 7, i % 5, 3), null, List.of("reached", "sessions", "kits"), null,
                1 + i % 4);
    }
}
