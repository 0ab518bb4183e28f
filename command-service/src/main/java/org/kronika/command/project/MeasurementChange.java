package org.kronika.command.project;

import org.kronika.command.project.api.CorrectMeasurement;
import org.kronika.events.DocumentReference;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.chain.EventData;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one event changes in a project's {@link MeasurementLedger}: the one fold from events to the ledger, which
 * every keeper of a ledger applies, so that none can answer otherwise than the events.
 */
public sealed interface MeasurementChange {

    String measurementId();

    /** The measurement as it is after this change, from what it was before (empty if the ledger did not have it). */
    RecordedMeasurement applyTo(Optional<RecordedMeasurement> before);

    /** The change an event of a project makes, or empty when it does not touch the ledger. */
    static Optional<MeasurementChange> of(Object event) {
        if (event instanceof IndicatorMeasured measured) {
            return Optional.of(new Measured(measured.measurementId(), measured.indicatorId(), measured.measuredOn(),
                    facts(measured), stated(measured.municipality(), measured.breakdown(), measured.source())));
        }
        if (event instanceof MeasurementCorrected corrected) {
            return Optional.of(new Corrected(corrected.measurementId(), corrected.measuredOn(),
                    facts(corrected.measuredOn(), corrected.value(), corrected.municipality(), corrected.breakdown(),
                            corrected.source()),
                    stated(corrected.municipality(), corrected.breakdown(), corrected.source())));
        }
        if (event instanceof MeasurementRetracted retracted) {
            return Optional.of(new Retracted(retracted.measurementId()));
        }
        return Optional.empty();
    }

    /** {@link #facts(LocalDate, double, String, Map, DocumentReference)} of a measurement as its event states it. */
    static String facts(IndicatorMeasured measured) {
        return facts(measured.measuredOn(), measured.value(), measured.municipality(), measured.breakdown(),
                measured.source());
    }

    /**
     * The fingerprint of a measurement's facts ({@link Changes#ofFacts}), the same for the same facts whether first
     * recorded or stated by a correction: an empty breakdown is none, a source's texts as stored now.
     */
    static String facts(LocalDate measuredOn, double value, String municipality, Map<String, Double> breakdown,
                        DocumentReference source) {
        Map<String, Object> facts = new HashMap<>();
        facts.put("measuredOn", measuredOn.toString());
        facts.put("value", value);
        facts.put("municipality", municipality);
        facts.put("breakdown", breakdown == null || breakdown.isEmpty() ? null : breakdown);
        // As stored since the source is stored as an activity's document (Rules.asStored): one stored before as sent
        // is the same source as a new one stated alike.
        facts.put("source", source == null ? null : EventData.of(Rules.asStored(source)));
        return Changes.ofFacts(facts);
    }

    /**
     * Which of a measurement's optional facts it states: a breakdown as a whole (a correction states it anew whole,
     * an empty one being none), not part by part.
     */
    static StatedFacts stated(String municipality, Map<String, Double> breakdown, DocumentReference source) {
        Map<String, Object> optional = new HashMap<>();
        optional.put(CorrectMeasurement.MUNICIPALITY, municipality);
        optional.put(CorrectMeasurement.BREAKDOWN, breakdown == null || breakdown.isEmpty() ? null : true);
        optional.put(CorrectMeasurement.SOURCE, source == null ? null : true);
        return StatedFacts.of(optional);
    }

    record Measured(String measurementId, String indicatorId, LocalDate measuredOn, String facts, StatedFacts stated)
            implements MeasurementChange {
        @Override
        public RecordedMeasurement applyTo(Optional<RecordedMeasurement> before) {
            return new RecordedMeasurement(indicatorId, measuredOn, false, 0, facts, stated);
        }
    }

    /** A correction counts, states the facts anew, and the day with them. */
    record Corrected(String measurementId, LocalDate measuredOn, String facts, StatedFacts stated)
            implements MeasurementChange {
        @Override
        public RecordedMeasurement applyTo(Optional<RecordedMeasurement> before) {
            RecordedMeasurement was = before.orElseThrow(() -> unknown(measurementId));
            return new RecordedMeasurement(was.indicatorId(), measuredOn, was.retracted(), was.corrections() + 1,
                    facts, stated);
        }
    }

    record Retracted(String measurementId) implements MeasurementChange {
        @Override
        public RecordedMeasurement applyTo(Optional<RecordedMeasurement> before) {
            RecordedMeasurement was = before.orElseThrow(() -> unknown(measurementId));
            return new RecordedMeasurement(was.indicatorId(), was.measuredOn(), true, was.corrections(), was.facts(),
                    was.stated());
        }
    }

    /** The aggregate never records a change of a measurement it does not have: the events are not a history. */
    private static IllegalStateException unknown(String measurementId) {
        return new IllegalStateException("A change of measurement " + measurementId + ", which was never recorded");
    }
}
