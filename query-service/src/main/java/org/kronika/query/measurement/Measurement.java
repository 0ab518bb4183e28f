package org.kronika.query.measurement;

import org.kronika.events.DocumentReference;
import org.kronika.events.IndicatorMeasured;
import org.kronika.events.MeasurementCorrected;
import org.kronika.query.indicator.Contribution;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A direct measurement of an indicator, one document each, with every statement of it: its facts as they stand
 * (corrections applied) in the top-level fields, what it was first recorded as once corrected, each correction with
 * the facts before and after, and its retraction if it was withdrawn. Corrections per measurement are bounded by the
 * command side, so it never grows without bound.
 *
 * @param ordinal     its place among the project's measurements in the order they were recorded (0, 1, ...)
 * @param sequence    the event that first recorded it
 * @param breakdown   optional parts of the value per category, as they stand
 * @param original    the facts as first recorded, once corrected; {@code null} until then
 * @param corrections each correction in order; empty when never corrected
 * @param retracted   its retraction, or {@code null}: a retracted measurement stays listed and no longer counts
 */
public record Measurement(String projectId, String measurementId, String indicatorId, long ordinal, long sequence,
                          Instant recordedAt, LocalDate measuredOn, BigDecimal value, String municipality,
                          Map<String, Double> breakdown, DocumentReference source, Facts original,
                          List<Correction> corrections, Retraction retracted) {

    /** What a measurement states: what a correction states anew. */
    public record Facts(LocalDate measuredOn, BigDecimal value, String municipality, Map<String, Double> breakdown,
                        DocumentReference source) {

        public Facts {
            breakdown = breakdown == null ? Map.of() : Map.copyOf(breakdown);
        }
    }

    public record Correction(long sequence, Instant recordedAt, String reason, Facts before, Facts after) {
    }

    public record Retraction(long sequence, Instant recordedAt, String reason) {
    }

    public Measurement {
        breakdown = breakdown == null ? Map.of() : Map.copyOf(breakdown);
        // Measurements stored before they could be corrected have neither.
        corrections = corrections == null ? List.of() : List.copyOf(corrections);
    }

    public static Measurement of(IndicatorMeasured event, long ordinal, long sequence, Instant recordedAt) {
        return new Measurement(event.projectId(), event.measurementId(), event.indicatorId(), ordinal, sequence,
                recordedAt, event.measuredOn(), BigDecimal.valueOf(event.value()), event.municipality(),
                event.breakdown(), event.source(), null, List.of(), null);
    }

    /** Its facts as they stand. */
    public Facts facts() {
        return new Facts(measuredOn, value, municipality, breakdown, source);
    }

    /** Whether it still counts: it was not retracted. */
    public boolean standing() {
        return retracted == null;
    }

    public Measurement corrected(MeasurementCorrected event, long sequence, Instant recordedAt) {
        Facts after = new Facts(event.measuredOn(), BigDecimal.valueOf(event.value()), event.municipality(),
                event.breakdown(), event.source());
        List<Correction> all = new ArrayList<>(corrections);
        all.add(new Correction(sequence, recordedAt, event.reason(), facts(), after));
        return with(after, original == null ? facts() : original, all, retracted);
    }

    public Measurement retract(Retraction retraction) {
        return with(facts(), original, corrections, retraction);
    }

    /**
     * The measurement as it stood just before the event at {@code sequence}; null if it was not recorded yet.
     * Applying an event again after a crash starts from here, so a statement is never applied twice.
     */
    public Measurement before(long sequence) {
        return asOf(sequence - 1);
    }

    /** As known once the event at {@code version} had been applied; null if not recorded by then. */
    public Measurement asOf(long version) {
        if (sequence > version) {
            return null;
        }
        List<Correction> known = corrections.stream().filter(c -> c.sequence() <= version).toList();
        Retraction retraction = retracted != null && retracted.sequence() <= version ? retracted : null;
        if (known.size() == corrections.size() && retraction == retracted) {
            return this;
        }
        // Never corrected, its facts are those first recorded, which it keeps as no original.
        Facts then = !known.isEmpty() ? known.get(known.size() - 1).after() : original != null ? original : facts();
        return with(then, known.isEmpty() ? null : original, known, retraction);
    }

    private Measurement with(Facts facts, Facts first, List<Correction> all, Retraction retraction) {
        return new Measurement(projectId, measurementId, indicatorId, ordinal, sequence, recordedAt,
                facts.measuredOn(), facts.value(), facts.municipality(), facts.breakdown(), facts.source(), first,
                all, retraction);
    }

    /** What it adds to its indicator with its facts as they stand, whether or not it still counts. */
    public Contribution contribution() {
        return new Contribution(measuredOn, Contribution.measurementOrder(ordinal), value, municipality, null);
    }
}
