package org.kronika.query.measurement;

import org.kronika.events.DocumentReference;
import org.kronika.events.IndicatorMeasured;
import org.kronika.query.indicator.Contribution;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * A direct measurement of an indicator, one document each. Measurements are never corrected; a new one supersedes.
 *
 * @param ordinal   its place among the project's measurements in the order they were recorded (0, 1, ...)
 * @param breakdown optional parts of the value per category, as recorded
 */
public record Measurement(String projectId, String measurementId, String indicatorId, long ordinal, long sequence,
                          Instant recordedAt, LocalDate measuredOn, BigDecimal value, String municipality,
                          Map<String, Double> breakdown, DocumentReference source) {

    public Measurement {
        breakdown = breakdown == null ? Map.of() : Map.copyOf(breakdown);
    }

    public static Measurement of(IndicatorMeasured event, long ordinal, long sequence, Instant recordedAt) {
        return new Measurement(event.projectId(), event.measurementId(), event.indicatorId(), ordinal, sequence,
                recordedAt, event.measuredOn(), BigDecimal.valueOf(event.value()), event.municipality(),
                event.breakdown(), event.source());
    }

    public Contribution contribution() {
        return new Contribution(measuredOn, Contribution.measurementOrder(ordinal), value, municipality, null);
    }
}
