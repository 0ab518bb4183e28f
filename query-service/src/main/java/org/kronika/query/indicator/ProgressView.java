package org.kronika.query.indicator;

import org.kronika.events.PeriodTarget;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An indicator's progress as shown: what has been achieved against baseline and target, per municipality, per
 * participant category (with what the breakdowns leave unspecified) and per reporting period with the cumulative
 * figure at each period's end.
 *
 * @param byPeriod      the default calendar's periods and the months outside all of them, which together hold every
 *                      figure once, and beside them, marked with their own calendar, the other periods a target names
 *                      (a donor's fiscal year, say), which overlap them; in order of their start
 * @param contributions how many activities and measurements count towards it
 * @param bySex         participants per sex category and "unspecified"; empty unless the indicator counts
 *                      participants
 * @param byMunicipalityTargets each municipality the indicator has a target in, with what was achieved there against
 *                      it; beside {@code byMunicipality}, which keeps every place's figure alone
 */
public record ProgressView(double achieved, double baseline, double target, Double percentOfTarget,
                           long contributions, SortedMap<String, Double> byMunicipality, Map<String, Long> bySex,
                           Map<String, Long> byAgeBand, Map<String, Long> byCommunity, List<PeriodProgress> byPeriod,
                           SortedMap<String, AgainstTarget> byMunicipalityTargets) {

    /**
     * What was achieved in one place against the target there, under the indicator's aggregation.
     *
     * @param percentOfTarget as the project-wide {@code percentOfTarget} reckons it ({@link #percent}), of the
     *                        contributions recorded there
     * @param nothingMeasured an average or latest indicator with nothing measured there: its {@code achieved} 0 is
     *                        no value
     */
    public record AgainstTarget(double target, double achieved, Double percentOfTarget, boolean nothingMeasured) {
    }

    /** The indicator's figure in {@code municipality} against its target there; empty where it has none there. */
    public static java.util.Optional<AgainstTarget> againstTarget(IndicatorDefinition definition, String municipality,
                                                                  Bucket there) {
        Bucket bucket = there == null ? Bucket.EMPTY : there;
        double achieved = number(bucket.value(definition.aggregation()));
        return definition.targetIn(municipality).map(target -> new AgainstTarget(target, achieved,
                percent(definition, target, achieved, bucket.count()), definition.nothingMeasured(bucket.count())));
    }

    private static SortedMap<String, AgainstTarget> byMunicipalityTargets(IndicatorDefinition definition,
                                                                          IndicatorProgress progress) {
        SortedMap<String, AgainstTarget> places = new TreeMap<>();
        definition.municipalityTargets().forEach(t -> againstTarget(definition, t.municipality(),
                progress.byMunicipality().get(t.municipality())).ifPresent(p -> places.put(t.municipality(), p)));
        return places;
    }

    /**
     * @param periodId   a defined period, or a month no period of the default calendar covers ({@code outside:2021-11})
     * @param calendar   {@value ReportingPeriods#DEFAULT_CALENDAR} for the default calendar's periods and the months
     *                   outside them: those rows never overlap, so their {@code achieved} add up to the indicator's;
     *                   another calendar's name (e.g. {@code fiscal-years}) for a period that overlaps them
     * @param achieved   in the period; 0 also where nothing counts in it, which for an indicator that is not added
     *                   up is no measurement ({@code contributions} tells them apart)
     * @param cumulative by the period's end; likewise 0 where nothing counts by then ({@code contributionsByEnd})
     * @param target     the period's target, if it has one
     * @param contributions      how many activities and measurements count in the period
     * @param contributionsByEnd how many count by the period's end, those before it included
     */
    public record PeriodProgress(String periodId, String calendar, LocalDate start, LocalDate end, double achieved,
                                 double cumulative, Double target, long contributions, long contributionsByEnd) {

        /** Nothing counts in the period and the indicator is averaged or takes the latest: its 0 is no figure. */
        public boolean nothingMeasured(IndicatorDefinition definition) {
            return definition.nothingMeasured(contributions);
        }

        /** Nothing counts by the period's end and the indicator is averaged or takes the latest. */
        public boolean nothingMeasuredByEnd(IndicatorDefinition definition) {
            return definition.nothingMeasured(contributionsByEnd);
        }
    }

    public static ProgressView of(IndicatorDefinition definition, IndicatorProgress progress,
                                  ReportingPeriods periods) {
        String aggregation = definition.aggregation();
        double achieved = number(progress.overall().value(aggregation));
        SortedMap<String, Double> places = new TreeMap<>();
        progress.byMunicipality().forEach((place, bucket) -> places.put(place, number(bucket.value(aggregation))));
        return new ProgressView(achieved, definition.baseline(), definition.target(),
                percent(definition, definition.target(), achieved, progress.overall().count()),
                progress.overall().count(), places,
                categories(definition, progress, progress.bySex()), categories(definition, progress, progress.byAgeBand()),
                categories(definition, progress, progress.byCommunity()), byPeriod(definition, progress, periods),
                byMunicipalityTargets(definition, progress));
    }

    /**
     * {@link IndicatorDefinition#percentOfGoal}: what every percent of target shows, the project list's, the period
     * reports' and the dashboards'.
     */
    public static Double percent(IndicatorDefinition definition, double goal, double achieved, long contributions) {
        return definition.percentOfGoal(goal, achieved, contributions);
    }

    private static Map<String, Long> categories(IndicatorDefinition definition, IndicatorProgress progress,
                                                SortedMap<String, Long> counts) {
        Map<String, Long> result = new LinkedHashMap<>();
        if (!definition.countsParticipants() || progress.withParticipants() == 0) {
            return result;
        }
        long covered = 0;
        for (var entry : counts.entrySet()) {
            result.put(entry.getKey(), entry.getValue());
            covered += entry.getValue();
        }
        result.put("unspecified", progress.participants() - covered);
        return result;
    }

    /**
     * Every period of the default calendar with figures or a target, every month with figures outside all of them
     * (a project that began before the first quarter, say: left out, its figures were in no row although the
     * cumulative counted them), and every other period a target names (a donor's fiscal year, say), each composed
     * from its months.
     */
    private static List<PeriodProgress> byPeriod(IndicatorDefinition definition, IndicatorProgress progress,
                                                 ReportingPeriods periods) {
        Map<String, Double> targets = new LinkedHashMap<>();
        for (PeriodTarget target : definition.periodTargets()) {
            targets.put(target.periodId(), target.target());
        }
        List<Programme.Period> shown = new ArrayList<>();
        for (Programme.Period period : periods.periods()) {
            if (targets.containsKey(period.periodId())
                    || !ReportingPeriods.within(progress.byPeriod(), period).isEmpty()) {
                shown.add(period);
            }
        }
        for (String periodId : targets.keySet()) {
            periods.byId(periodId).filter(p -> !shown.contains(p)).ifPresent(shown::add);
        }
        for (String month : periods.outsideMonths(progress.byPeriod())) {
            shown.add(periods.range(ReportingPeriods.outside(month)));
        }
        shown.sort(java.util.Comparator.comparing(Programme.Period::start).thenComparing(Programme.Period::end));
        List<PeriodProgress> result = new ArrayList<>();
        for (Programme.Period period : shown) {
            result.add(period(definition, progress, periods, period, targets.get(period.periodId())));
        }
        return result;
    }

    /** One period's progress, of any calendar. */
    public static PeriodProgress period(IndicatorDefinition definition, IndicatorProgress progress,
                                        ReportingPeriods periods, Programme.Period period, Double target) {
        Bucket in = progress.in(period);
        Bucket byEnd = progress.until(period.end(), periods);
        return new PeriodProgress(period.periodId(), periods.calendarOf(period.periodId()), period.start(),
                period.end(), number(in.value(definition.aggregation())),
                number(byEnd.value(definition.aggregation())), target, in.count(), byEnd.count());
    }

    static double number(BigDecimal value) {
        return value.doubleValue();
    }
}
