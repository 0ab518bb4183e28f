package org.kronika.query.indicator;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.PeriodTarget;

import java.util.List;
import java.util.Optional;

/**
 * An indicator of a project's logframe as currently defined. What it counts and how values combine never change
 * after definition; its name, targets and reported breakdowns may.
 *
 * @param municipalityTargets what to reach in some of the project's municipalities by its end, each place once;
 *                            none for an indicator defined (or a summary stored) before they existed
 */
public record IndicatorDefinition(String indicatorId, String name, String unit, String counts, String aggregation,
                                  double baseline, double target, List<PeriodTarget> periodTargets,
                                  List<String> dimensions, List<MunicipalityTarget> municipalityTargets) {

    public IndicatorDefinition {
        periodTargets = periodTargets == null ? List.of() : List.copyOf(periodTargets);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        municipalityTargets = municipalityTargets == null ? List.of() : List.copyOf(municipalityTargets);
    }

    public static IndicatorDefinition of(IndicatorDefined event) {
        return new IndicatorDefinition(event.indicatorId(), event.name(), event.unit(), event.counts(),
                event.aggregation(), event.baseline(), event.target(), event.periodTargets(), event.dimensions(),
                event.municipalityTargets());
    }

    public IndicatorDefinition redefined(IndicatorRedefined event) {
        return new IndicatorDefinition(indicatorId, event.name() != null ? event.name() : name, unit, counts,
                aggregation, baseline, event.target() != null ? event.target() : target,
                event.periodTargets() != null ? event.periodTargets() : periodTargets,
                event.dimensions() != null ? event.dimensions() : dimensions,
                event.municipalityTargets() != null ? event.municipalityTargets() : municipalityTargets);
    }

    /** Its target in {@code municipality}, if it has one there. */
    public Optional<Double> targetIn(String municipality) {
        return municipalityTargets.stream().filter(t -> t.municipality().equals(municipality))
                .map(MunicipalityTarget::target).findFirst();
    }

    public boolean isLatest() {
        return "latest".equals(aggregation);
    }

    /**
     * Whether a figure made of {@code contributions} is no figure at all: a mean or a latest value of nothing is not
     * 0, as a sum of nothing is (docs/vocabulary.md).
     */
    public boolean nothingMeasured(long contributions) {
        return nothingMeasured(aggregation, contributions);
    }

    /** {@link #nothingMeasured(long)} of an indicator aggregated as {@code aggregation}. */
    public static boolean nothingMeasured(String aggregation, long contributions) {
        return contributions == 0 && ("latest".equals(aggregation) || "average".equals(aggregation));
    }

    public boolean countsParticipants() {
        return "participants".equals(counts);
    }

    /**
     * A reduction: the target lies below the baseline (the share of children out of school, from 60 to 10), what
     * IATI marks {@code ascending="0"}. Decided by the life-of-project target, for its period targets too.
     */
    public boolean descending() {
        return target < baseline;
    }

    /**
     * How much of the way to {@code goal} (the target, or a period's) {@code achieved} has come, 1 at the goal; null
     * where that is not defined. Ascending, achieved/goal as ever, null for a goal of 0. Descending, the way from the
     * baseline down: (baseline - achieved) / (baseline - goal), beyond 1 past the goal, negative worse than the
     * baseline; a goal of 0 means "eliminate" and is well defined; null with nothing counted yet (an achieved 0
     * would read as past the goal), or for a goal not below the baseline (no reduction asked for). An average or
     * latest value with nothing measured yet has none either way ({@link #nothingMeasured(long)}).
     *
     * @param contributions how many contributions {@code achieved} is made of
     */
    public Double shareOfGoal(double goal, double achieved, long contributions) {
        if (!reckonable(goal, contributions)) {
            return null;
        }
        // The way from where it starts, 0 or the baseline: (baseline - achieved) / (baseline - goal) for a reduction.
        double from = descending() ? baseline : 0;
        return (achieved - from) / (goal - from);
    }

    /** Whether {@link #shareOfGoal} is defined for {@code goal} with {@code contributions} counted. */
    private boolean reckonable(double goal, long contributions) {
        if (!descending()) {
            // An average or latest value of nothing is no 0 % of the way: counted as 0, it pulled the project's
            // progress down for an indicator nobody had measured yet.
            return goal > 0 && !nothingMeasured(contributions);
        }
        return contributions > 0 && goal < baseline;
    }

    /**
     * {@link #shareOfGoal} in percent, rounded half up to one decimal, reckoned in decimals as docs/audit says: 10.09
     * of 20 is 50.45 %, shown 50.5, where binary floating point makes it 50.4499... and rounds it down.
     */
    public Double percentOfGoal(double goal, double achieved, long contributions) {
        if (!reckonable(goal, contributions)) {
            return null;
        }
        BigDecimal from = descending() ? BigDecimal.valueOf(baseline) : BigDecimal.ZERO;
        return BigDecimal.valueOf(achieved).subtract(from).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(goal).subtract(from), MathContext.DECIMAL128)
                .setScale(1, RoundingMode.HALF_UP).doubleValue();
    }

    /** Activities feed every kind of indicator except those fed by direct measurements only. */
    public boolean fedByActivities() {
        return !"measured".equals(counts);
    }
}
