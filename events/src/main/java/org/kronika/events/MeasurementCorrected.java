package org.kronika.events;

import java.time.LocalDate;
import java.util.Map;

/**
 * A direct measurement was corrected. The original {@link IndicatorMeasured} is never changed: this one states the
 * measurement anew, in full, and why.
 *
 * @param indicatorId   the indicator measured, which a correction cannot change
 * @param measurementId the measurement corrected
 * @param measuredOn    the day the value holds for, as corrected
 * @param value         the measured value, as corrected
 * @param municipality  where it was measured, or {@code null} for the whole project, as corrected
 * @param breakdown     parts of the value per category, as corrected (empty for none)
 * @param source        where the value comes from, as corrected, or {@code null}
 * @param reason        why it was corrected
 */
public record MeasurementCorrected(
        String projectId,
        String indicatorId,
        String measurementId,
        LocalDate measuredOn,
        double value,
        String municipality,
        Map<String, Double> breakdown,
        DocumentReference source,
        String reason) implements ProjectEvent {

    public MeasurementCorrected {
        breakdown = breakdown == null ? Map.of() : Map.copyOf(breakdown);
    }
}
