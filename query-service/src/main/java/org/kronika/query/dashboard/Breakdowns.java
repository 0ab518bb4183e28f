package org.kronika.query.dashboard;

import org.kronika.query.i18n.Collation;
import org.kronika.query.i18n.Formats;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.indicator.ProgressView;
import org.kronika.query.programme.Programme;
import org.kronika.query.tally.PeriodView;
import org.kronika.query.tally.TallyView;
import org.kronika.query.trace.Figure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The tables of a page, in its language: the read models' views broken down by period, place, category and type,
 * each figure with its trace. A figure's trace is the same figure narrowed by the row, so following it shows the
 * facts that add up to exactly that cell.
 *
 * @param trace where a figure's trace is; null for a page whose figures are not traced
 */
public record Breakdowns(Programme programme, Formats fmt, Figure base, Function<Figure, String> trace) {

    public static final String ACTIVITIES = "activities";
    public static final String PARTICIPANTS = "participants";

    /**
     * Participants per category of one dimension, in the programme's order, with those no breakdown names as "not
     * stated". Categories nobody was counted in are left out, as the API leaves them out.
     */
    public Breakdown participants(String dimension, Map<String, Long> counts, long total) {
        Map<String, Long> ordered = new LinkedHashMap<>();
        categories(dimension).stream().filter(counts::containsKey).forEach(c -> ordered.put(c, counts.get(c)));
        counts.forEach(ordered::putIfAbsent);
        ordered.values().removeIf(count -> count == 0);
        if (!ordered.containsKey(Figure.UNSPECIFIED)) {
            long stated = ordered.values().stream().mapToLong(Long::longValue).sum();
            if (total - stated > 0) {
                ordered.put(Figure.UNSPECIFIED, total - stated);
            }
        }
        List<Breakdown.Row> rows = new ArrayList<>();
        ordered.forEach((category, count) -> rows.add(row(category, fmt.label(dimension, category), null,
                List.of(count), base.withCategory(dimension, category), 0)));
        return new Breakdown(dimension, fmt.message("breakdown." + dimension),
                columns(PARTICIPANTS, "figures.participants"), rows);
    }

    public Breakdown types(Map<String, TallyView.TypeView> byType) {
        List<Breakdown.Row> rows = new ArrayList<>();
        byType.forEach((type, figures) -> rows.add(row(type, fmt.label("type", type), null,
                List.of(figures.activities(), figures.participants()), base.withCategory("type", type), 0, 1)));
        return new Breakdown("type", fmt.message("breakdown.type"), activitiesAndParticipants(), collated(rows));
    }

    /** Per reporting period, from the first with figures to the last: the quiet years around them say nothing. */
    public Breakdown periods(List<PeriodView> periods) {
        int first = 0;
        int last = periods.size() - 1;
        while (first <= last && quiet(periods.get(first))) {
            first++;
        }
        while (last >= first && quiet(periods.get(last))) {
            last--;
        }
        List<Breakdown.Row> rows = new ArrayList<>();
        for (PeriodView period : periods.subList(first, last + 1)) {
            rows.add(row(period.periodId(), fmt.period(period.periodId()), null,
                    List.of(period.tally().activities(), period.tally().participants().total()),
                    base.withPeriod(period.periodId()), 0, 1));
        }
        return new Breakdown("period", fmt.message("breakdown.period"), activitiesAndParticipants(), rows);
    }

    /**
     * @param figures activities and participants per municipality; {@code (none)} is national level
     * @param pages   where each municipality's own page is, or null for none
     */
    public Breakdown places(Map<String, long[]> figures, Function<String, String> pages) {
        List<Breakdown.Row> rows = new ArrayList<>();
        figures.forEach((place, values) -> rows.add(row(place, fmt.place(place),
                pages == null || IndicatorProgress.NATIONAL.equals(place) ? null : pages.apply(place),
                Arrays.stream(values).boxed().map(Number.class::cast).toList(), base.withMunicipality(place), 0, 1)));
        return new Breakdown("municipality", fmt.message("breakdown.municipality"), activitiesAndParticipants(),
                collated(rows));
    }

    /**
     * An indicator per reporting period: what was achieved in it (traced), by its end, and its target, in its unit.
     * The mean or latest value of nothing is no figure: "nothing measured" in the table, no point in the chart,
     * where the read model's 0 would read as a measurement.
     */
    public Breakdown indicatorPeriods(IndicatorDefinition definition, ProgressView progress) {
        List<Breakdown.Row> rows = new ArrayList<>();
        String nothing = fmt.message("indicator.nothingMeasured");
        for (ProgressView.PeriodProgress period : progress.byPeriod()) {
            boolean inPeriod = period.nothingMeasured(definition);
            boolean byEnd = period.nothingMeasuredByEnd(definition);
            rows.add(row(period.periodId(), fmt.period(period.periodId()), null,
                    Arrays.asList(inPeriod ? null : period.achieved(), byEnd ? null : period.cumulative(),
                            period.target()), Arrays.asList(inPeriod ? nothing : null, byEnd ? nothing : null, null),
                    base.withPeriod(period.periodId()), 0));
        }
        String indicatorId = definition.indicatorId();
        String unit = definition.unit();
        return new Breakdown("indicator-period-" + indicatorId, fmt.message("indicator.byPeriod"),
                List.of(new Breakdown.Column("achieved", fmt.message("indicator.achieved"), unit),
                        new Breakdown.Column("cumulative", fmt.message("indicator.cumulative"), unit),
                        new Breakdown.Column("target", fmt.message("indicator.periodTarget"), unit)), rows);
    }

    public Breakdown indicatorPlaces(String indicatorId, String unit, ProgressView progress) {
        if (!progress.byMunicipalityTargets().isEmpty()) {
            return indicatorPlacesAgainstTargets(indicatorId, unit, progress);
        }
        List<Breakdown.Row> rows = new ArrayList<>();
        progress.byMunicipality().forEach((place, value) -> rows.add(row(place, fmt.place(place), null, List.of(value),
                base.withMunicipality(place), 0)));
        return new Breakdown("indicator-municipality-" + indicatorId, fmt.message("indicator.byMunicipality"),
                List.of(new Breakdown.Column("achieved", fmt.message("indicator.achieved"), unit)), collated(rows));
    }

    /**
     * An indicator with targets per municipality: what was achieved in each place (traced), the target there and the
     * percent of it, every targeted place listed even with nothing achieved there yet; a place without a target, and
     * national level, with its figure only.
     */
    private Breakdown indicatorPlacesAgainstTargets(String indicatorId, String unit, ProgressView progress) {
        java.util.Set<String> places = new java.util.HashSet<>(progress.byMunicipality().keySet());
        places.addAll(progress.byMunicipalityTargets().keySet());
        List<Breakdown.Row> rows = new ArrayList<>();
        String nothing = fmt.message("indicator.nothingMeasured");
        for (String place : places) {
            ProgressView.AgainstTarget there = progress.byMunicipalityTargets().get(place);
            // A targeted place where an average or latest indicator measured nothing: no 0 beside its target.
            boolean none = there != null && there.nothingMeasured();
            rows.add(row(place, fmt.place(place), null, Arrays.asList(
                            none ? null : progress.byMunicipality().getOrDefault(place, 0.0),
                            there == null ? null : there.target(), there == null ? null : there.percentOfTarget()),
                    Arrays.asList(none ? nothing : null, null, none ? nothing : null), base.withMunicipality(place), 0));
        }
        return new Breakdown("indicator-municipality-" + indicatorId, fmt.message("indicator.byMunicipalityTargets"),
                List.of(new Breakdown.Column("achieved", fmt.message("indicator.achieved"), unit),
                        new Breakdown.Column("target", fmt.message("indicator.municipalityTarget"), unit),
                        new Breakdown.Column("percent", fmt.message("indicator.percent"), PERCENT)), collated(rows));
    }

    /** The unit a share of a target is written in: "75%". */
    private static final String PERCENT = "percent";

    /**
     * Rows of places or types in the reader's order of what they read ({@link Collation}: in Albanian Gjilan after
     * Gjakovë and Graçanicë, Shtërpcë after Skënderaj), not the read models' order of their keys; national level,
     * which is no place, last.
     */
    private List<Breakdown.Row> collated(List<Breakdown.Row> rows) {
        Collation collation = Collation.keys(fmt.locale());
        Map<Breakdown.Row, java.text.CollationKey> keys = new java.util.IdentityHashMap<>();
        rows.forEach(row -> keys.put(row, collation.of(row.label())));
        List<Breakdown.Row> sorted = new ArrayList<>(rows);
        sorted.sort(java.util.Comparator.<Breakdown.Row, Boolean>comparing(row -> IndicatorProgress.NATIONAL.equals(row.key()))
                .thenComparing(keys::get));
        return sorted;
    }

    private static boolean quiet(PeriodView period) {
        return period.tally().activities() == 0 && period.tally().participants().total() == 0;
    }

    private List<String> categories(String dimension) {
        return switch (dimension) {
            case "sex" -> programme.sexCategories();
            case "ageBand" -> programme.ageBands();
            case "community" -> programme.communities();
            default -> List.of();
        };
    }

    private List<Breakdown.Column> activitiesAndParticipants() {
        return List.of(new Breakdown.Column(ACTIVITIES, fmt.message("figures.activities")),
                new Breakdown.Column(PARTICIPANTS, fmt.message("figures.participants")));
    }

    private List<Breakdown.Column> columns(String key, String heading) {
        return List.of(new Breakdown.Column(key, fmt.message(heading)));
    }

    /** A row whose figures in the {@code traced} columns lead to the trace of {@code figure}. */
    private Breakdown.Row row(String key, String label, String href, List<? extends Number> values, Figure figure,
                              int... traced) {
        return row(key, label, href, values, java.util.Collections.nCopies(values.size(), null), figure, traced);
    }

    /** @param missing why a column has no figure, as {@link Breakdown.Row#missing} */
    private Breakdown.Row row(String key, String label, String href, List<? extends Number> values,
                              List<String> missing, Figure figure, int... traced) {
        List<String> traces = new ArrayList<>();
        values.forEach(v -> traces.add(null));
        if (trace != null) {
            for (int column : traced) {
                traces.set(column, trace.apply(figure));
            }
        }
        return new Breakdown.Row(key, label, href, new ArrayList<Number>(values), traces, missing);
    }
}
