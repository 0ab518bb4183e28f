package org.kronika.query.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A period's indicator figures as approved beside as corrected since, one line per figure, for the project's page
 * and the audit report. Indicators are matched by id, never by place in the list: one defined after the approval
 * has a line of its own (nothing as approved), as has one whose figures are all gone. A part of a breakdown that an
 * indicator no longer has on one side is 0 there where what it counts adds up (people, or a summed indicator's
 * values by place), and nothing where it does not (an average or latest value of a place with no value left).
 */
public final class ApprovedBesideNow {

    /**
     * @param dimension null for the indicator's own line; else {@code municipality}, {@code sex}, {@code ageBand}
     *                  or {@code community}, and {@code category} the part
     * @param unit      the values' unit; null for the people a part counts
     * @param nothingApproved for the indicator's line: an average or latest value of nothing measured in the period,
     *                  whose 0 as approved is no value ({@link PeriodFigures.IndicatorFigures#nothingMeasured}); the
     *                  same for {@code nothingNow}
     * @param nothingApprovedByEnd the same of the cumulative figure as approved: nothing measured by the period's
     *                  end ({@link PeriodFigures.IndicatorFigures#nothingMeasuredByEnd}, not known in figures
     *                  approved before it was kept, whose cumulative reads as given); the same for
     *                  {@code nothingNowByEnd}
     * @param periodTarget the indicator's target for the period as approved (today's, if it has none approved);
     *                  {@code periodTargetNow} today's: a redefinition since the approval shows as both
     * @param target    the indicator's target for the whole project as approved (today's, if it has none approved),
     *                  {@code targetNow} today's
     */
    public record Line(String indicatorId, String name, String unit, String dimension, String category,
                       Number approved, Number approvedCumulative, Number now, Number nowCumulative,
                       Number periodTarget, Number periodTargetNow, Number target, Number targetNow,
                       boolean nothingApproved, boolean nothingNow, boolean nothingApprovedByEnd,
                       boolean nothingNowByEnd) {

        public boolean isIndicator() {
            return dimension == null;
        }
    }

    private ApprovedBesideNow() {
    }

    public static List<Line> of(PeriodReportView report) {
        return of(report.asApproved(), report.asCorrectedSince());
    }

    /** @param approved figures an approval saw, its last or an earlier one; {@code today} the same figures today */
    public static List<Line> of(PeriodFigures approved, PeriodFigures today) {
        List<PeriodFigures.IndicatorFigures> then = approved == null ? List.of() : approved.indicators();
        List<PeriodFigures.IndicatorFigures> now = today == null ? List.of() : today.indicators();
        List<String> ids = new ArrayList<>();
        then.forEach(i -> ids.add(i.indicatorId()));
        now.stream().map(PeriodFigures.IndicatorFigures::indicatorId).filter(id -> !ids.contains(id)).forEach(ids::add);
        List<Line> lines = new ArrayList<>();
        for (String id : ids) {
            PeriodFigures.IndicatorFigures was = find(then, id);
            PeriodFigures.IndicatorFigures is = find(now, id);
            PeriodFigures.IndicatorFigures named = is != null ? is : was;
            lines.add(new Line(id, named.name(), named.unit(), null, null,
                    was == null ? null : was.achieved(), was == null ? null : was.cumulative(),
                    is == null ? null : is.achieved(), is == null ? null : is.cumulative(),
                    (was != null ? was : is).periodTarget(), is == null ? null : is.periodTarget(),
                    (was != null ? was : is).target(), is == null ? null : is.target(), was != null && was.nothingMeasured(),
                    is != null && is.nothingMeasured(), nothingByEnd(was), nothingByEnd(is)));
            boolean placesAddUp = "sum".equals(named.aggregation());
            parts(lines, named, "municipality", was, is, PeriodFigures.IndicatorFigures::byMunicipality, placesAddUp);
            parts(lines, named, "sex", was, is, PeriodFigures.IndicatorFigures::bySex, true);
            parts(lines, named, "ageBand", was, is, PeriodFigures.IndicatorFigures::byAgeBand, true);
            parts(lines, named, "community", was, is, PeriodFigures.IndicatorFigures::byCommunity, true);
        }
        return lines;
    }

    private static void parts(List<Line> lines, PeriodFigures.IndicatorFigures named, String dimension,
                              PeriodFigures.IndicatorFigures was, PeriodFigures.IndicatorFigures is,
                              Function<PeriodFigures.IndicatorFigures, SortedMap<String, ? extends Number>> parts,
                              boolean addsUp) {
        Map<String, ? extends Number> before = was == null ? Map.of() : parts.apply(was);
        Map<String, ? extends Number> after = is == null ? Map.of() : parts.apply(is);
        TreeSet<String> categories = new TreeSet<>(before.keySet());
        categories.addAll(after.keySet());
        // People are counted by category; values are in the indicator's unit only by place.
        String unit = dimension.equals("municipality") ? named.unit() : null;
        for (String category : categories) {
            lines.add(new Line(named.indicatorId(), named.name(), unit, dimension, category,
                    part(was, before, category, addsUp), null, part(is, after, category, addsUp), null, null, null,
                    null, null, false, false, false, false));
        }
    }

    /** Nothing where the indicator is not on that side at all, or where a part left says nothing of its value. */
    private static Number part(PeriodFigures.IndicatorFigures side, Map<String, ? extends Number> parts,
                               String category, boolean addsUp) {
        if (side == null) {
            return null;
        }
        Number value = parts.get(category);
        return value != null ? value : addsUp ? 0 : null;
    }

    private static boolean nothingByEnd(PeriodFigures.IndicatorFigures side) {
        return side != null && Boolean.TRUE.equals(side.nothingMeasuredByEnd());
    }

    private static PeriodFigures.IndicatorFigures find(List<PeriodFigures.IndicatorFigures> figures, String id) {
        return figures.stream().filter(i -> i.indicatorId().equals(id)).findFirst().orElse(null);
    }
}
