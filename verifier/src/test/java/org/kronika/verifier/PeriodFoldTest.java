package org.kronika.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kronika.events.chain.ChainLink;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The verifier's own reckoning of a period's figures, worked out by hand here: a reduction (target below baseline,
 * the share of children out of school from 60 to 10) is measured from the baseline down, as the query service
 * reports it (docs/vocabulary.md), or every approved report of one would show a mismatch.
 */
class PeriodFoldTest {

    private static final String P = "p-r";

    @Test
    void aReductionsPercentOfTargetIsTheWayFromItsBaselineDownToThePeriodsTargetOrTheOverallOne() throws Exception {
        List<Map<String, Object>> events = registered();
        Copies.append(events, P, "indicator-defined", map("projectId", P, "indicatorId", "out", "name",
                "Children out of school", "unit", "percent", "counts", "measured", "aggregation", "latest",
                "baseline", 60, "target", 10, "periodTargets", List.of(map("periodId", "2024-Q2", "target", 40)),
                "dimensions", List.of()));
        Copies.append(events, P, "indicator-defined", map("projectId", P, "indicatorId", "gone", "name",
                "Children who dropped out", "unit", "percent", "counts", "measured", "aggregation", "latest",
                "baseline", 30, "target", 0, "periodTargets", List.of(), "dimensions", List.of()));
        measured(events, "out", "m-1", "2024-02-15", 50);
        measured(events, "out", "m-2", "2024-05-15", 45);
        measured(events, "gone", "m-3", "2024-05-20", 12);
        PeriodFold fold = fold(events);

        // Q1: no period target, so the overall one: (60 - 50) / (60 - 10); nothing measured yet for "gone".
        assertThat(percents(fold, "2024-Q1", "2024-01-01", "2024-03-31")).containsExactly(20.0, null);
        // Q2 against its own target: (60 - 45) / (60 - 40); a target of 0 is "eliminate": (30 - 12) / 30.
        assertThat(percents(fold, "2024-Q2", "2024-04-01", "2024-06-30")).containsExactly(75.0, 60.0);
    }

    /**
     * In decimals, as the query service: 10.09 of 20 is 50.45 %, 50.5 (binary floating point gave 50.4); and none
     * for a latest value with nothing measured yet, as the query service reckons it.
     */
    @Test
    void aPercentOfTargetIsRoundedHalfUpAsItsDecimalsSay() throws Exception {
        List<Map<String, Object>> events = registered();
        readingScore(events);
        measured(events, "score", "m-1", "2024-05-15", 10.09);

        PeriodFold fold = fold(events);
        assertThat(percents(fold, "2024-Q2", "2024-04-01", "2024-06-30")).containsExactly(50.5);
        // Nothing measured by the end of Q1: a latest value of nothing is no 0 %.
        assertThat(percents(fold, "2024-Q1", "2024-01-01", "2024-03-31")).containsExactly((Double) null);
    }

    /**
     * A latest value measured only after a period has none in it nor by its end: its achieved and cumulative 0 are
     * flagged, as the query service flags them; a sum with nothing counted has 0s that are figures.
     */
    @Test
    void aLatestValueMeasuredOnlyAfterThePeriodIsNothingByItsEndWhereASumsZeroIsAFigure() throws Exception {
        List<Map<String, Object>> events = registered();
        readingScore(events);
        Copies.append(events, P, "indicator-defined", map("projectId", P, "indicatorId", "kits", "name", "Kits",
                "unit", "count", "counts", "measured", "aggregation", "sum", "baseline", 0, "target", 60,
                "periodTargets", List.of(), "dimensions", List.of()));
        measured(events, "score", "m-1", "2024-05-15", 12);
        PeriodFold fold = fold(events);

        assertThat(byEnd(fold, "2024-Q1", "2024-01-01", "2024-03-31"))
                .containsExactly(tuple("score", 0.0, true, 0.0, true), tuple("kits", 0.0, false, 0.0, false));
        assertThat(byEnd(fold, "2024-Q2", "2024-04-01", "2024-06-30"))
                .containsExactly(tuple("score", 12.0, false, 12.0, false), tuple("kits", 0.0, false, 0.0, false));
        // Measured before the period but not in it: nothing in it, a figure by its end.
        assertThat(byEnd(fold, "2024-Q3", "2024-07-01", "2024-09-30"))
                .containsExactly(tuple("score", 0.0, true, 12.0, false), tuple("kits", 0.0, false, 0.0, false));
    }

    /**
     * Each indicator's figure in the period and whether nothing counted in it, and its cumulative figure by the
     * period's end and whether nothing counted by then.
     */
    private static List<org.assertj.core.groups.Tuple> byEnd(PeriodFold fold, String periodId, String start,
                                                             String end) {
        List<org.assertj.core.groups.Tuple> figures = new ArrayList<>();
        for (JsonNode indicator : fold.figures(periodId, LocalDate.parse(start), LocalDate.parse(end))
                .path("indicators")) {
            figures.add(tuple(indicator.path("indicatorId").asText(), indicator.path("achieved").asDouble(),
                    indicator.path("nothingMeasured").asBoolean(), indicator.path("cumulative").asDouble(),
                    indicator.path("nothingMeasuredByEnd").asBoolean()));
        }
        return figures;
    }

    /**
     * Targets per municipality are no figure of a period report: a history that sets them, and redefines them alone,
     * is reckoned exactly as one that never had them, its other targets kept through the redefinition.
     */
    @Test
    void targetsPerMunicipalityLeaveAPeriodsFiguresAsWithoutThemAndTheirRedefinitionKeepsTheOtherTargets()
            throws Exception {
        Map<String, Object> perPlace = map("municipalityTargets", List.of(map("municipality", "Prizren", "target", 30)));
        assertThat(kitFigures(perPlace, true)).isEqualTo(kitFigures(Map.of(), false));
    }

    private static JsonNode kitFigures(Map<String, Object> municipalityTargets, boolean redefinedAlone)
            throws Exception {
        List<Map<String, Object>> events = new ArrayList<>();
        Copies.append(events, P, "project-registered", map("projectId", P, "organisationId", "kec", "title", "Kits",
                "municipalities", List.of("Prizren"), "startDate", "2024-01-01", "endDate", "2025-12-31"));
        Map<String, Object> defined = map("projectId", P, "indicatorId", "kits", "name", "Kits", "unit", "count",
                "counts", "measured", "aggregation", "sum", "baseline", 0, "target", 60, "periodTargets",
                List.of(map("periodId", "2024-Q2", "target", 40)), "dimensions", List.of());
        defined.putAll(municipalityTargets);
        Copies.append(events, P, "indicator-defined", defined);
        if (redefinedAlone) {
            Map<String, Object> redefined = map("projectId", P, "indicatorId", "kits", "name", null, "target", null,
                    "periodTargets", null, "dimensions", null, "reason", "Per place");
            redefined.putAll(municipalityTargets);
            Copies.append(events, P, "indicator-redefined", redefined);
        }
        Copies.append(events, P, "indicator-measured", map("projectId", P, "indicatorId", "kits",
                "measurementId", "m-1", "measuredOn", "2024-05-15", "value", 20, "municipality", "Prizren"));
        return fold(events).figures("2024-Q2", LocalDate.parse("2024-04-01"),
                LocalDate.parse("2024-06-30"));
    }

    /** A history that registers the project, to which each test adds its own events. */
    private static List<Map<String, Object>> registered() {
        List<Map<String, Object>> events = new ArrayList<>();
        Copies.append(events, P, "project-registered", map("projectId", P, "organisationId", "kec", "title", "Schools",
                "municipalities", List.of("Prizren"), "startDate", "2024-01-01", "endDate", "2025-12-31"));
        return events;
    }

    /** A reading score taking its latest value, with a target of 20 and no period targets. */
    private static void readingScore(List<Map<String, Object>> events) {
        Copies.append(events, P, "indicator-defined", map("projectId", P, "indicatorId", "score", "name",
                "Reading score", "unit", "score", "counts", "measured", "aggregation", "latest",
                "baseline", 0, "target", 20, "periodTargets", List.of(), "dimensions", List.of()));
    }

    /** The events, chained, folded up to the last. */
    private static PeriodFold fold(List<Map<String, Object>> events) throws Exception {
        List<ChainLink> links = new ArrayList<>();
        for (Map<String, Object> event : events) {
            links.add(ExportFiles.link(event, P));
        }
        return PeriodFold.upTo(links, events.size() - 1);
    }

    private static List<Double> percents(PeriodFold fold, String periodId, String start, String end) {
        List<Double> percents = new ArrayList<>();
        for (JsonNode indicator : fold.figures(periodId, LocalDate.parse(start), LocalDate.parse(end))
                .path("indicators")) {
            percents.add(indicator.path("percentOfTarget").isNull() ? null
                    : indicator.path("percentOfTarget").asDouble());
        }
        return percents;
    }

    private static void measured(List<Map<String, Object>> events, String indicatorId, String id, String on,
                                 double value) {
        Copies.append(events, P, "indicator-measured", map("projectId", P, "indicatorId", indicatorId,
                "measurementId", id, "measuredOn", on, "value", value));
    }

    private static Map<String, Object> map(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
