package org.kronika.command.project;

import org.kronika.events.ActivityPlanned;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.PeriodTarget;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A project's logframe as its rules need it: which indicators and planned activities it has. Ids, each indicator's
 * unit (which bounds its numbers), and fingerprints of what a redefinition may change, never the definitions
 * themselves, which the read side keeps. The measurements taken for its indicators grow with the project's history
 * and are kept outside the aggregate, by the {@link MeasurementLedger}.
 */
final class Logframe {

    /** Indicator id → what it counts. */
    private Map<String, String> indicators = new HashMap<>();
    /** Indicator id → its unit, never redefined, which bounds the numbers measured for it and its target. */
    private Map<String, String> units = new HashMap<>();
    /** Planned activity id → the activity type that implements it. */
    private Map<String, String> plannedActivities = new HashMap<>();
    /** Indicator id → how often it was redefined; only indicators redefined at least once. */
    private Map<String, Integer> redefinitions = new HashMap<>();
    /**
     * Indicator id → what a redefinition may change, by field, as {@link Changes} fingerprints: enough to see one
     * change nothing, at a few dozen bytes per field whatever the name or the period targets hold.
     */
    private Map<String, Map<String, String>> definitions = new HashMap<>();
    /**
     * Indicator id → the periods its targets name, as they stand; only indicators with period targets. An end date
     * moved before one of them would leave a target the project cannot reach in its own dates.
     */
    private Map<String, List<String>> targetedPeriods = new HashMap<>();

    void defined(IndicatorDefined event) {
        indicators.put(event.indicatorId(), event.counts());
        units.put(event.indicatorId(), event.unit());
        targeting(event.indicatorId(), event.periodTargets());
        Map<String, String> definition = new HashMap<>();
        definitions.put(event.indicatorId(), definition);
        definition(definition, event.name(), event.target(), event.periodTargets(), event.dimensions(),
                event.municipalityTargets());
    }

    void redefined(IndicatorRedefined event) {
        redefinitions.merge(event.indicatorId(), 1, Integer::sum);
        if (event.periodTargets() != null) {
            targeting(event.indicatorId(), event.periodTargets());
        }
        definition(definitions.get(event.indicatorId()), event.name(), event.target(), event.periodTargets(),
                event.dimensions(), event.municipalityTargets());
    }

    private void targeting(String indicatorId, List<PeriodTarget> periodTargets) {
        if (periodTargets.isEmpty()) {
            targetedPeriods.remove(indicatorId);
        } else {
            targetedPeriods.put(indicatorId, periodTargets.stream().map(PeriodTarget::periodId).sorted().toList());
        }
    }

    /**
     * The periods some indicator targets that begin after {@code end}, by indicator, each in id order: an end date
     * moved before them would leave targets outside the project, which it never reaches and which are published all
     * the same.
     */
    Map<String, List<String>> targetedAfter(LocalDate end, ReportingPeriods periods) {
        Map<String, List<String>> after = new TreeMap<>();
        targetedPeriods.forEach((indicatorId, periodIds) -> {
            List<String> beyond = periodIds.stream().filter(periodId -> periods.find(periodId)
                    .filter(period -> period.start().isAfter(end)).isPresent()).toList();
            if (!beyond.isEmpty()) {
                after.put(indicatorId, beyond);
            }
        });
        return after;
    }

    /** A redefinition's changes: which of the values it sets differ from the indicator's. */
    Changes redefinition(String indicatorId) {
        return new Changes(definitions.get(indicatorId), "a redefinition");
    }

    /** The fields a redefinition may change, null where left as they are. */
    private static void definition(Map<String, String> definition, String name, Double target,
                                   List<PeriodTarget> periodTargets, List<String> dimensions,
                                   List<MunicipalityTarget> municipalityTargets) {
        Changes.record(definition, "name", name);
        Changes.record(definition, "target", target);
        Changes.record(definition, "periodTargets", periodTargets);
        Changes.record(definition, "dimensions", dimensions);
        Changes.record(definition, "municipalityTargets", municipalityTargets);
    }

    void planned(ActivityPlanned event) {
        plannedActivities.put(event.plannedActivityId(), event.activityType());
    }

    void requireNewIndicator(String projectId, String indicatorId) {
        Rules.requireNewId("indicatorId", indicatorId, indicators::containsKey, projectId);
        Rules.roomForOneMore("indicatorId", indicators.size(), Limits.INDICATORS_PER_PROJECT,
                "indicators in this project");
    }

    /** The indicator a command's path names: one the project does not have is not found, rather than invalid. */
    void requireIndicatorOfPath(String projectId, String indicatorId) {
        if (indicatorId == null || !indicators.containsKey(indicatorId)) {
            throw new UnknownIndicator(projectId, indicatorId);
        }
    }

    /** The unit of an indicator the project has ({@link #requireIndicatorOfPath}). */
    String unit(String indicatorId) {
        return units.get(indicatorId);
    }

    void requireRoomForRedefinition(String indicatorId) {
        Rules.roomForOneMore("indicatorId", redefinitions.getOrDefault(indicatorId, 0),
                Limits.REDEFINITIONS_PER_INDICATOR, "redefinitions of indicator " + indicatorId);
    }

    /** Each at most once: naming an indicator again adds nothing but size, and no reader should have to dedupe. */
    void requireIndicators(String field, List<String> indicatorIds) {
        if (indicatorIds == null) {
            return;
        }
        Rules.atMost(field, indicatorIds.size(), Limits.INDICATORS_PER_ACTIVITY);
        Set<String> named = new HashSet<>();
        for (int i = 0; i < indicatorIds.size(); i++) {
            String indicatorId = indicatorIds.get(i);
            if (indicatorId == null || !indicators.containsKey(indicatorId)) {
                throw new ProjectRuleViolation(field + "[" + i + "]", "'" + indicatorId
                        + "' is not an indicator of this project");
            }
            if (!named.add(indicatorId)) {
                throw new ProjectRuleViolation(field + "[" + i + "]", "names '" + indicatorId
                        + "' again: each indicator at most once");
            }
        }
    }

    void requireNewPlannedActivity(String projectId, String plannedActivityId) {
        Rules.requireNewId("plannedActivityId", plannedActivityId, plannedActivities::containsKey, projectId);
        Rules.roomForOneMore("plannedActivityId", plannedActivities.size(), Limits.PLANNED_ACTIVITIES_PER_PROJECT,
                "planned activities in this project");
    }

    /** An activity that implements a planned one must be of the type it was planned as. */
    void requirePlannedAs(String plannedActivityId, String activityType) {
        String plannedType = plannedActivities.get(plannedActivityId);
        if (plannedType == null) {
            throw new ProjectRuleViolation("plannedActivityId", "'" + plannedActivityId
                    + "' is not a planned activity of this project");
        }
        if (!plannedType.equals(activityType)) {
            throw new ProjectRuleViolation("plannedActivityId", "'" + plannedActivityId
                    + "' is planned as " + plannedType + ", not " + activityType);
        }
    }
}
