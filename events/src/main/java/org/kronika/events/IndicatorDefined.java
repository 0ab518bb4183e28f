package org.kronika.events;

import java.util.List;

/**
 * An indicator of the project's logframe was defined.
 *
 * @param indicatorId   unique within the project
 * @param name          what it measures
 * @param unit          count, percent, yes-no or score
 * @param counts        what activities add to it: participants, activities or items; {@code measured} when only
 *                      direct measurements feed it
 * @param aggregation   how values combine: sum, average or latest
 * @param baseline      value at the start
 * @param target        life-of-project target
 * @param periodTargets optional targets per reporting period
 * @param dimensions    breakdowns reported: sex, age-band, community, municipality
 * @param municipalityTargets optional targets per municipality of the project, each at most once; added to version
 *                      1 after it was published, so absent from earlier events, where it means none
 */
public record IndicatorDefined(
        String projectId,
        String indicatorId,
        String name,
        String unit,
        String counts,
        String aggregation,
        double baseline,
        double target,
        List<PeriodTarget> periodTargets,
        List<String> dimensions,
        List<MunicipalityTarget> municipalityTargets) implements ProjectEvent {

    public IndicatorDefined {
        periodTargets = periodTargets == null ? List.of() : List.copyOf(periodTargets);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        municipalityTargets = municipalityTargets == null ? List.of() : List.copyOf(municipalityTargets);
    }

    /** An indicator without targets per municipality. */
    public IndicatorDefined(String projectId, String indicatorId, String name, String unit, String counts,
                            String aggregation, double baseline, double target, List<PeriodTarget> periodTargets,
                            List<String> dimensions) {
        this(projectId, indicatorId, name, unit, counts, aggregation, baseline, target, periodTargets, dimensions,
                List.of());
    }
}
