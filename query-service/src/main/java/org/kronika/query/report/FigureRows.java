package org.kronika.query.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A period report's figures one per row, "as approved" beside "as corrected since", each named by where it stands in
 * the report's JSON ({@code indicators.people.bySex.female}): the names the verifier prints, so a spreadsheet row and
 * the verifier's line for the same figure can be matched by eye. See docs/audit/README.md.
 */
public final class FigureRows {

    /** One figure; {@code asApproved} is empty when the period was never approved, either is empty where absent. */
    public record Row(String figure, String asApproved, String asCorrectedSince) {
    }

    private FigureRows() {
    }

    public static List<Row> of(PeriodReportView report) {
        Map<String, String> approved = report.asApproved() == null ? Map.of() : named(report.asApproved());
        Map<String, String> corrected = report.asCorrectedSince() == null ? Map.of() : named(report.asCorrectedSince());
        Set<String> figures = new LinkedHashSet<>(approved.keySet());
        figures.addAll(corrected.keySet());
        List<Row> rows = new ArrayList<>();
        for (String figure : figures) {
            rows.add(new Row(figure, approved.getOrDefault(figure, ""), corrected.getOrDefault(figure, "")));
        }
        return rows;
    }

    static Map<String, String> named(PeriodFigures figures) {
        Map<String, String> named = new LinkedHashMap<>();
        var totals = figures.totals();
        named.put("totals.activities", number(totals.activities()));
        named.put("totals.participants.total", number(totals.participants().total()));
        counts(named, "totals.participants.bySex.", totals.participants().bySex());
        counts(named, "totals.participants.byAgeBand.", totals.participants().byAgeBand());
        counts(named, "totals.participants.byCommunity.", totals.participants().byCommunity());
        totals.byType().forEach((type, tally) -> {
            named.put("totals.byType." + type + ".activities", number(tally.activities()));
            named.put("totals.byType." + type + ".participants", number(tally.participants()));
        });
        for (PeriodFigures.PlaceTally place : figures.byMunicipality()) {
            named.put("byMunicipality." + place.municipality() + ".activities", number(place.activities()));
            named.put("byMunicipality." + place.municipality() + ".participants", number(place.participants()));
        }
        for (PeriodFigures.IndicatorFigures indicator : figures.indicators()) {
            String at = "indicators." + indicator.indicatorId() + ".";
            named.put(at + "name", indicator.name());
            named.put(at + "unit", indicator.unit());
            named.put(at + "aggregation", indicator.aggregation());
            named.put(at + "target", number(indicator.target()));
            named.put(at + "periodTarget", number(indicator.periodTarget()));
            named.put(at + "achieved", number(indicator.achieved()));
            named.put(at + "nothingMeasured", Boolean.toString(indicator.nothingMeasured()));
            named.put(at + "cumulative", number(indicator.cumulative()));
            // As the report says it and the verifier prints it; empty in figures approved before it was kept.
            named.put(at + "nothingMeasuredByEnd", Objects.toString(indicator.nothingMeasuredByEnd(), ""));
            named.put(at + "percentOfTarget", number(indicator.percentOfTarget()));
            counts(named, at + "byMunicipality.", indicator.byMunicipality());
            counts(named, at + "bySex.", indicator.bySex());
            counts(named, at + "byAgeBand.", indicator.byAgeBand());
            counts(named, at + "byCommunity.", indicator.byCommunity());
        }
        return named;
    }

    private static void counts(Map<String, String> named, String prefix, Map<String, ? extends Number> counts) {
        counts.forEach((key, value) -> named.put(prefix + key, number(value)));
    }

    /** As the verifier prints it: 35, 62.5, 0.000001; empty for none. */
    private static String number(Number value) {
        if (value == null) {
            return "";
        }
        BigDecimal number = BigDecimal.valueOf(value.doubleValue()).stripTrailingZeros();
        return number.scale() <= 0 ? number.toBigInteger().toString() : number.toPlainString();
    }
}
