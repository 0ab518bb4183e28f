package org.kronika.query.measurement;

import org.kronika.events.IndicatorMeasured;
import org.kronika.events.KronikaEvent;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.query.stream.InapplicableEvent;
import org.kronika.query.stream.ReceivedEvent;

/**
 * Folds measurements, their corrections and retractions into the {@link Measurement} they concern: one document
 * per measurement, every statement of it kept.
 */
public final class MeasurementProjection {

    /** The id of the measurement an event concerns, or null for other events. */
    public static String measurementId(ReceivedEvent received) {
        return measurementId(received.event());
    }

    /** The id of the measurement an event concerns, or null for other events and none. */
    public static String measurementId(KronikaEvent event) {
        if (event instanceof IndicatorMeasured measured) {
            return measured.measurementId();
        } else if (event instanceof MeasurementCorrected corrected) {
            return corrected.measurementId();
        } else if (event instanceof MeasurementRetracted retracted) {
            return retracted.measurementId();
        }
        return null;
    }

    /**
     * @param stored      the measurement as stored, or null; it may already hold this event's statement if it was
     *                    applied before a crash, which is why the change starts from the measurement as it was before
     * @param nextOrdinal the ordinal a newly recorded measurement gets
     */
    public MeasurementChange apply(ReceivedEvent received, Measurement stored, long nextOrdinal) {
        Measurement before = stored == null ? null : stored.before(received.sequence());
        if (received.event() instanceof IndicatorMeasured measured) {
            if (before != null) {
                // Its document is keyed by its ordinal: a second one would be counted beside the first.
                throw new InapplicableEvent("measurement " + measured.measurementId() + " is already recorded (event "
                        + before.sequence() + ")");
            }
            return new MeasurementChange(null, Measurement.of(measured, nextOrdinal, received.sequence(),
                    received.recordedAt()));
        }
        if (received.event() instanceof MeasurementCorrected corrected) {
            Measurement existing = existing(before, corrected.indicatorId(), corrected.measurementId());
            return new MeasurementChange(existing, existing.corrected(corrected, received.sequence(),
                    received.recordedAt()));
        }
        if (received.event() instanceof MeasurementRetracted retracted) {
            Measurement existing = existing(before, retracted.indicatorId(), retracted.measurementId());
            return new MeasurementChange(existing, existing.retract(new Measurement.Retraction(received.sequence(),
                    received.recordedAt(), retracted.reason())));
        }
        throw new IllegalArgumentException("Not a measurement event: " + received.type());
    }

    private static Measurement existing(Measurement before, String indicatorId, String measurementId) {
        if (before == null) {
            throw new InapplicableEvent("measurement " + measurementId + " was never recorded");
        }
        if (!before.indicatorId().equals(indicatorId)) {
            throw new InapplicableEvent("measurement " + measurementId + " measures " + before.indicatorId()
                    + ", not " + indicatorId);
        }
        if (!before.standing()) {
            throw new InapplicableEvent("measurement " + measurementId + " was retracted");
        }
        return before;
    }
}
