package org.kronika.command.project;

import org.kronika.events.ActivityPlanned;
import org.kronika.events.IndicatorDefined;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.IndicatorRedefined;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.MunicipalityTarget;
import org.kronika.events.PeriodTarget;
import org.kronika.events.DocumentReference;
import org.kronika.events.chain.EventData;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A project's logframe as its rules need it: which indicators and planned activities it has, which measurements
 * it took. Ids, each indicator's unit (which bounds its numbers), and fingerprints of what a redefinition or a
 * correction may change, never the definitions or values themselves, which the read side keeps.
 */
final class Logframe {

    /** Indicator id → what it counts. */
    private Map<String, String> indicators = new HashMap<>();
    /** Indicator id → its unit, never redefined, which bounds the numbers measured for it and its target. */
    private Map<String, String> units = new HashMap<>();
    /** Planned activity id → the activity type that implements it. */
    private Map<String, String> plannedActivities = new HashMap<>();
    /** Measurement id → its indicator, day, state and the fingerprint of its facts. */
    private Map<String, RecordedMeasurement> measurements = new HashMap<>();
    /**
     * The days of the measurements standing (not retracted), as ISO dates (four-digit years sort as dates), with how
     * many stand on each: the latest bounds an earlier end date, and a correction or retraction can move it back.
     */
    private TreeMap<String, Integer> measuredDays = new TreeMap<>();
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

    void measured(IndicatorMeasured event) {
        measurements.put(event.measurementId(), new RecordedMeasurement(event.indicatorId(), event.measuredOn(), false,
                0, facts(event)));
        standing(event.measuredOn(), 1);
    }

    void corrected(MeasurementCorrected event) {
        RecordedMeasurement was = measurements.get(event.measurementId());
        standing(was.measuredOn(), -1);
        standing(event.measuredOn(), 1);
        measurements.put(event.measurementId(), new RecordedMeasurement(was.indicatorId(), event.measuredOn(), false,
                was.corrections() + 1, facts(event.measuredOn(), event.value(), event.municipality(),
                event.breakdown(), event.source())));
    }

    void retracted(MeasurementRetracted event) {
        RecordedMeasurement was = measurements.get(event.measurementId());
        standing(was.measuredOn(), -1);
        measurements.put(event.measurementId(), new RecordedMeasurement(was.indicatorId(), was.measuredOn(), true,
                was.corrections(), was.facts()));
    }

    private void standing(LocalDate day, int change) {
        measuredDays.merge(day.toString(), change, (a, b) -> a + b == 0 ? null : a + b);
    }

    /** The day of the latest measurement standing: what was measured stays inside the project. */
    Optional<LocalDate> lastMeasuredOn() {
        return measuredDays.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(measuredDays.lastKey()));
    }

    /**
     * A measurement recorded for the indicator the path names and not retracted: only such a measurement can change.
     * One of another indicator is not found there, as an indicator the project does not have.
     */
    RecordedMeasurement requireActiveMeasurement(String projectId, String indicatorId, String measurementId) {
        RecordedMeasurement measurement = Rules.isId(measurementId) ? measurements.get(measurementId) : null;
        if (measurement == null || !measurement.indicatorId().equals(indicatorId)) {
            throw new UnknownMeasurement(projectId, indicatorId, measurementId);
        }
        if (measurement.retracted()) {
            throw new ProjectRuleViolation("measurementId", "measurement " + measurementId + " is already retracted: "
                    + "it cannot be corrected or retracted again");
        }
        return measurement;
    }

    static void requireRoomForCorrection(String measurementId, RecordedMeasurement measurement) {
        Rules.roomForOneMore("measurementId", measurement.corrections(), Limits.CORRECTIONS_PER_MEASUREMENT,
                "corrections of measurement " + measurementId);
    }

    /** {@link #facts(LocalDate, double, String, Map, DocumentReference)} of a measurement as its event states it. */
    static String facts(IndicatorMeasured measured) {
        return facts(measured.measuredOn(), measured.value(), measured.municipality(), measured.breakdown(),
                measured.source());
    }

    /**
     * The fingerprint of a measurement's facts ({@link Changes#ofFacts}), the same for the same facts whether first
     * recorded or stated by a correction: an empty breakdown is none.
     */
    static String facts(LocalDate measuredOn, double value, String municipality, Map<String, Double> breakdown,
                        DocumentReference source) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("measuredOn", measuredOn.toString());
        facts.put("value", value);
        facts.put("municipality", municipality);
        facts.put("breakdown", breakdown == null || breakdown.isEmpty() ? null : breakdown);
        facts.put("source", source == null ? null : EventData.of(source));
        return Changes.ofFacts(facts);
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

    /**
     * A new measurement's id is not used yet; if it is, the refusal says whether the measurement there is the one
     * stated, whose facts' fingerprint ({@link #facts}) {@code stated} gives, or refuses as the request would be.
     */
    void requireNewMeasurement(String projectId, String indicatorId, String measurementId,
                               java.util.function.Supplier<String> stated) {
        Rules.requireId("measurementId", measurementId);
        RecordedMeasurement was = measurements.get(measurementId);
        if (was == null) {
            return;
        }
        if (was.retracted()) {
            throw AlreadyRecorded.withOtherFacts("measurementId", measurementId, projectId, "(of indicator "
                    + was.indicatorId() + ", retracted since): a retracted measurement stays retracted; record this "
                    + "one under another id");
        }
        String how = "(of indicator " + was.indicatorId() + ", as last recorded or corrected): to change its facts, "
                + "send a correction to /api/projects/" + projectId + "/indicators/" + was.indicatorId()
                + "/measurements/" + measurementId + "/corrections";
        String facts;
        try {
            facts = stated.get();
        } catch (ProjectRuleViolation | MalformedFacts e) {
            // Facts the project refuses are no facts it recorded.
            throw AlreadyRecorded.withOtherFacts("measurementId", measurementId, projectId, how);
        }
        if (was.indicatorId().equals(indicatorId) && was.facts().equals(facts)) {
            throw AlreadyRecorded.withTheseFacts("measurementId", measurementId, projectId);
        }
        throw AlreadyRecorded.withOtherFacts("measurementId", measurementId, projectId, how);
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
