package org.kronika.query.report;

import org.kronika.events.PeriodTarget;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.indicator.IndicatorProgress;
import org.kronika.query.indicator.ProgressView;
import org.kronika.query.programme.Programme;
import org.kronika.query.project.Indicator;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.tally.PeriodTallies;
import org.kronika.query.tally.TallyView;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A project's figures for one period as a reviewer reads them: each indicator's target, what was achieved in the
 * period (with its own breakdowns by municipality and, for participants, by sex, age band and community) and by its
 * end, and the period's activities and participants with their breakdowns (by sex, age band,
 * community, type and municipality). Composed from the months the summary counts, so it is exact for a period of
 * any calendar.
 *
 * @param version the summary version these figures are of: the last event they include
 */
public record PeriodFigures(String periodId, LocalDate start, LocalDate end, long version, TallyView totals,
                            List<PlaceTally> byMunicipality, List<IndicatorFigures> indicators) {

    public record PlaceTally(String municipality, long activities, long participants) {
    }

    /**
     * @param target        the indicator's overall target
     * @param periodTarget  the target for this period, if one is set: to be reached by its end
     * @param achieved      in the period
     * @param cumulative    by the period's end
     * @param nothingMeasuredByEnd whether {@code cumulative} is no figure: an average or latest value of nothing
     *                        counted by the period's end, whose 0 is none (as {@code contributionsByEnd} 0 says of a
     *                        period of the indicator's progress); false for a sum, whose 0 is a figure. Null in figures
     *                        as approved stored before Kronika kept it (read models schema 10): not known, so their
     *                        {@code cumulative} reads as given, as the approver saw it
     * @param percentOfTarget cumulative against the period's target, or against the overall target without one, as
     *                        {@link ProgressView#percent} reckons it (a reduction from the baseline down); none where
     *                        {@code nothingMeasuredByEnd}
     * @param byMunicipality  what was achieved in the period per municipality ({@code (none)}: national level)
     * @param bySex           for an indicator counting participants, those counted in the period per sex; the
     *                        same per age band and community; empty for other indicators
     */
    // Each "nothing measured" beside the figure it speaks of.
    @com.fasterxml.jackson.annotation.JsonPropertyOrder({"indicatorId", "name", "unit", "aggregation", "target",
            "periodTarget", "achieved", "nothingMeasured", "cumulative", "nothingMeasuredByEnd"})
    public record IndicatorFigures(String indicatorId, String name, String unit, String aggregation, double target,
                                   Double periodTarget, double achieved, double cumulative,
                                   Boolean nothingMeasuredByEnd, Double percentOfTarget,
                                   SortedMap<String, Double> byMunicipality, SortedMap<String, Long> bySex,
                                   SortedMap<String, Long> byAgeBand, SortedMap<String, Long> byCommunity) {

        /**
         * Whether {@code achieved} is no figure: the mean or latest value of nothing counted in the period. Every
         * contribution counts at a place ({@code (none)}: national level), so nothing in the period leaves
         * {@code byMunicipality} empty: read from the figures alone, as approved figures keep no count and must
         * stay as the approver saw them. Nothing counted by the period's end is {@code nothingMeasuredByEnd}.
         * Given in the report's JSON beside {@code achieved}, whose 0 it says is none, for figures approved before
         * it was given too: derived, it needs no rebuild.
         */
        @com.fasterxml.jackson.annotation.JsonProperty("nothingMeasured")
        public boolean nothingMeasured() {
            return byMunicipality != null && byMunicipality.isEmpty()
                    && IndicatorDefinition.nothingMeasured(aggregation, 0);
        }
    }

    public static PeriodFigures of(ProjectSummary summary, String periodId, LocalDate start, LocalDate end) {
        Programme.Period period = new Programme.Period(periodId, start, end);
        List<PlaceTally> places = new ArrayList<>();
        summary.byMunicipality().forEach((place, tallies) -> {
            var tally = tallies.in(period);
            if (!tally.isEmpty()) {
                places.add(new PlaceTally(place, tally.activities(), tally.participants()));
            }
        });
        List<IndicatorFigures> indicators = new ArrayList<>();
        for (Indicator indicator : summary.indicators()) {
            var definition = indicator.definition();
            Double periodTarget = definition.periodTargets().stream().filter(t -> t.periodId().equals(periodId))
                    .map(PeriodTarget::target).findFirst().orElse(null);
            IndicatorProgress progress = indicator.progress();
            double achieved = progress.in(period).value(definition.aggregation()).doubleValue();
            var byEnd = progress.until(end);
            double cumulative = byEnd.value(definition.aggregation()).doubleValue();
            SortedMap<String, Double> byPlace = new TreeMap<>();
            progress.byMunicipalityIn(period).forEach((place, bucket) ->
                    byPlace.put(place, bucket.value(definition.aggregation()).doubleValue()));
            var participants = progress.participantsIn(period);
            indicators.add(new IndicatorFigures(indicator.indicatorId(), definition.name(), definition.unit(),
                    definition.aggregation(), definition.target(), periodTarget, achieved, cumulative,
                    definition.nothingMeasured(byEnd.count()),
                    ProgressView.percent(definition, periodTarget != null ? periodTarget : definition.target(),
                            cumulative, byEnd.count()),
                    byPlace, participants.bySex(), participants.byAgeBand(), participants.byCommunity()));
        }
        PeriodTallies totals = summary.totals();
        return new PeriodFigures(periodId, start, end, summary.version(), TallyView.of(totals.in(period)), places,
                indicators);
    }
}
