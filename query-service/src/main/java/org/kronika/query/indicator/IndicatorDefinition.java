package org.kronika.query.indicator;

import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.PeriodTarget;

import java.util.List;

/**
 * An indicator of a project's logframe as currently defined. What it counts and how values combine never change
 * after definition; its name, targets and reported breakdowns may.
 */
public record IndicatorDefinition(String indicatorId, String name, String unit, String counts, String aggregation,
                                  double baseline, double target, List<PeriodTarget> periodTargets,
                                  List<String> dimensions) {

    public IndicatorDefinition {
        periodTargets = periodTargets == null ? List.of() : List.copyOf(periodTargets);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
    }

    public static IndicatorDefinition of(IndicatorDefined event) {
        return new IndicatorDefinition(event.indicatorId(), event.name(), event.unit(), event.counts(),
                event.aggregation(), event.baseline(), event.target(), event.periodTargets(), event.dimensions());
    }

    public IndicatorDefinition redefined(IndicatorRedefined event) {
        return new IndicatorDefinition(indicatorId, event.name() != null ? event.name() : name, unit, counts,
                aggregation, baseline, event.target() != null ? event.target() : target,
                event.periodTargets() != null ? event.periodTargets() : periodTargets,
                event.dimensions() != null ? event.dimensions() : dimensions);
    }

    public boolean isLatest() {
        return "latest".equals(aggregation);
    }

    public boolean countsParticipants() {
        return "participants".equals(counts);
    }

    /** Activities feed every kind of indicator except those fed by direct measurements only. */
    public boolean fedByActivities() {
        return !"measured".equals(counts);
    }
}
