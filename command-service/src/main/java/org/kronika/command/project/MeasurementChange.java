package org.kronika.command.project;

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
                    facts(measured)));
        }
        if (event instanceof MeasurementCorrected corrected) {
            return Optional.of(new Corrected(corrected.measurementId(), corrected.measuredOn(),
                    facts(corrected.measuredOn(), corrected.value(), corrected.municipality(), corrected.breakdown(),
                            corrected.source())));
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

    record Measured(String measurementId, String indicatorId, LocalDate measuredOn, String facts)
            implements MeasurementChange {
        @Override
        public RecordedMeasurement applyTo(Optional<RecordedMeasurement> before) {
            return new RecordedMeasurement(indicatorId, measuredOn, false, 0, facts);
        }
    }

    /** A correction counts, states the facts anew, and the day with them. */
    record Corrected(String measurementId, LocalDate measuredOn, String facts) implements MeasurementChange {
        @Override
        public RecordedMeasurement applyTo(Optional<RecordedMeasurement> before) {
            RecordedMeasurement was = before.orElseThrow(() -> unknown(measurementId));
            return new RecordedMeasurement(was.indicatorId(), measuredOn, was.retracted(), was.corrections() + 1,
                    facts);
        }
    }

    record Retracted(String measurementId) implements MeasurementChange {
        @Override
        public RecordedMeasurement applyTo(Optional<RecordedMeasurement> before) {
            RecordedMeasurement was = before.orElseThrow(() -> unknown(measurementId));
            return new RecordedMeasurement(was.indicatorId(), was.measuredOn(), true, was.corrections(), was.facts());
        }
    }

    /** The aggregate never records a change of a measurement it does not have: the events are not a history. */
    private static IllegalStateException unknown(String measurementId) {
        return new IllegalStateException("A change of measurement " + measurementId + ", which was never recorded");
    }
}
