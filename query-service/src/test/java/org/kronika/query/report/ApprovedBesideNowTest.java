package org.kronika.query.report;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** A period's figures as approved beside as corrected since, as the project's page and the audit report show them. */
class ApprovedBesideNowTest {

    @Test
    void indicatorsAreMatchedByIdAndOneDefinedSinceTheApprovalHasNothingAsApproved() {
        var lines = ApprovedBesideNow.of(report(
                List.of(indicator("a", "sum", 10, Map.of(), Map.of()), indicator("c", "sum", 30, Map.of(), Map.of())),
                List.of(indicator("b", "latest", 7, Map.of(), Map.of()), indicator("a", "sum", 11, Map.of(), Map.of()),
                        indicator("c", "sum", 31, Map.of(), Map.of()))));

        assertThat(lines).filteredOn(ApprovedBesideNow.Line::isIndicator)
                .extracting(ApprovedBesideNow.Line::indicatorId, ApprovedBesideNow.Line::approved,
                        ApprovedBesideNow.Line::now)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", 10.0, 11.0),
                        org.assertj.core.groups.Tuple.tuple("c", 30.0, 31.0),
                        org.assertj.core.groups.Tuple.tuple("b", null, 7.0));
    }

    @Test
    void aPartGoneSinceIsZeroWhereItAddsUpAndNothingWhereItHasNoValueLeft() {
        var lines = ApprovedBesideNow.of(report(
                List.of(indicator("people", "sum", 10, Map.of("Gjilan", 10.0), Map.of("female", 4L, "male", 6L)),
                        indicator("score", "average", 5, Map.of("Gjilan", 5.0), Map.of())),
                List.of(indicator("people", "sum", 6, Map.of(), Map.of("male", 6L)),
                        indicator("score", "average", 0, Map.of(), Map.of()))));

        assertThat(part(lines, "people", "sex", "female").now()).isEqualTo(0);
        assertThat(part(lines, "people", "municipality", "Gjilan").now()).isEqualTo(0);
        assertThat(part(lines, "score", "municipality", "Gjilan").approved()).isEqualTo(5.0);
        assertThat(part(lines, "score", "municipality", "Gjilan").now()).as("no value left there, not 0").isNull();
    }

    /** A target redefined since the approval is on the line twice, as approved and today: the change it was flagged as. */
    @Test
    void aTargetRedefinedSinceTheApprovalIsOnTheLineAsApprovedAndAsToday() {
        var approved = indicator("a", "sum", 10, Map.of(), Map.of());
        var now = new PeriodFigures.IndicatorFigures("a", "a", "count", "sum", 120, 50.0, 10, 10, false, null,
                new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>());

        var line = ApprovedBesideNow.of(report(List.of(approved), List.of(now))).get(0);

        assertThat(line.periodTarget()).as("none as approved").isNull();
        assertThat(line.periodTargetNow()).isEqualTo(50.0);
        assertThat(line.target()).isEqualTo(100.0);
        assertThat(line.targetNow()).isEqualTo(120.0);
    }

    private static ApprovedBesideNow.Line part(List<ApprovedBesideNow.Line> lines, String indicator, String dimension,
                                               String category) {
        return lines.stream().filter(l -> indicator.equals(l.indicatorId()) && dimension.equals(l.dimension())
                && category.equals(l.category())).findFirst().orElseThrow();
    }

    private static PeriodFigures.IndicatorFigures indicator(String id, String aggregation, double achieved,
                                                            Map<String, Double> places, Map<String, Long> bySex) {
        return new PeriodFigures.IndicatorFigures(id, id, "count", aggregation, 100, null, achieved, achieved, false,
                null,
                new TreeMap<>(places), new TreeMap<>(bySex), new TreeMap<>(), new TreeMap<>());
    }

    private static PeriodReportView report(List<PeriodFigures.IndicatorFigures> approved,
                                           List<PeriodFigures.IndicatorFigures> now) {
        LocalDate start = LocalDate.parse("2024-01-01");
        LocalDate end = LocalDate.parse("2024-03-31");
        return new PeriodReportView("p", "2024-Q1", "quarters", "Q1 2024", start, end, null, "approved", List.of(),
                null, new PeriodFigures("2024-Q1", start, end, 3, null, List.of(), approved),
                new PeriodFigures("2024-Q1", start, end, 9, null, List.of(), now), List.of(), true, null, List.of(), 12);
    }
}
