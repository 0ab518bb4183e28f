package org.kronika.command.project;

import org.kronika.command.project.api.CorrectMeasurement;
import org.kronika.command.project.api.RecordIndicatorMeasurement;
import org.kronika.events.DocumentReference;
import org.kronika.events.IndicatorMeasured;

import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one path from a measurement's stated facts to its event, for a new measurement and a correction alike: the
 * recording rules, the numbers its indicator's unit takes, the place and the breakdown's places spelled as the
 * programme spells them.
 */
final class MeasurementFacts {

    private final String projectId;
    private final ProjectTerms terms;
    private final Logframe logframe;
    private final Programme programme;
    private final Clock clock;

    MeasurementFacts(String projectId, ProjectTerms terms, Logframe logframe, Programme programme, Clock clock) {
        this.projectId = projectId;
        this.terms = terms;
        this.logframe = logframe;
        this.programme = programme;
        this.clock = clock;
    }

    IndicatorMeasured stated(RecordIndicatorMeasurement command) {
        return event(command.indicatorId(), command.measurementId(), command.measuredOn(), command.value(),
                command.municipality(), command.breakdown(), command.source());
    }

    /** The facts of measurement {@code was} as they should stand, its fields named under {@code corrected}. */
    IndicatorMeasured correcting(CorrectMeasurement command, RecordedMeasurement was) {
        if (was.stated() != null) {
            Map<String, Object> named = new HashMap<>();
            command.named().forEach(member -> named.put(member, null));
            List<FieldRefusal.Fault> leftOut = was.stated().leftOutOf(named, "measurement " + command.measurementId());
            if (!leftOut.isEmpty()) {
                throw new MalformedFacts(leftOut).inRequest("corrected", field -> " (a correction states the "
                        + "measurement's facts in full, as they should stand, not only those that change)");
            }
        }
        IndicatorMeasured corrected;
        try {
            corrected = event(command.indicatorId(), command.measurementId(), command.measuredOn(), command.value(),
                    command.municipality(), command.breakdown(), command.source());
        } catch (ProjectRuleViolation e) {
            throw e.under("corrected.", field -> "");
        }
        // As a correction of an activity that changes nothing: it would only use up one of the corrections.
        if (MeasurementChange.facts(corrected).equals(was.facts())) {
            throw new ProjectRuleViolation("corrected", "states measurement " + command.measurementId()
                    + " as it is: a correction must change at least one of its facts");
        }
        return corrected;
    }

    private IndicatorMeasured event(String indicatorId, String measurementId, LocalDate measuredOn, Double value,
                                    String municipality, Map<String, Double> breakdown, DocumentReference sent) {
        // Stored as an activity's document is: a title pasted with a no-break space after it is the same title.
        DocumentReference source = Rules.asStored(sent);
        String unit = logframe.unit(indicatorId);
        Rules.Faults faults = new Rules.Faults();
        faults.check(() -> terms.requireWithinProjectPeriod("measuredOn", measuredOn, clock));
        faults.check(() -> IndicatorRules.requireNumber("value", value, unit));
        String place = municipality == null ? null
                : faults.read(() -> terms.requireMunicipality(programme, "municipality", municipality));
        Map<String, Double> canonical = faults.read(() -> terms.requireBreakdown(programme, breakdown));
        if (canonical != null) {
            // A part of a yes-no answer or of a share is one too (the share of the women asked), named as sent.
            faults.check(() -> breakdown.forEach((key, part) -> IndicatorRules.requireInUnit("breakdown." + key, part,
                    unit)));
            faults.check(() -> IndicatorRules.requireBreakdownWithin("breakdown", canonical, value, unit));
        }
        faults.check(() -> Rules.document("source", source, false));
        faults.refuseIfAny();
        return new IndicatorMeasured(projectId, indicatorId, measurementId, measuredOn, value, place, canonical, source);
    }
}
