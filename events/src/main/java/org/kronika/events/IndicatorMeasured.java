package org.kronika.events;

import java.time.LocalDate;
import java.util.Map;

/**
 * A direct measurement of an indicator (a survey result, a percentage, a yes/no), rather than a value
 * derived from activities.
 *
 * @param measurementId unique within the project
 * @param measuredOn    the day the value holds for
 * @param value         the measured value
 * @param municipality  where it was measured, or {@code null} for the whole project
 * @param breakdown     optional parts of the value per category, e.g. {@code {"sex:female": 12}}
 * @param source        where the value comes from, e.g. a survey report
 */
public record IndicatorMeasured(
        String projectId,
        String indicatorId,
        String measurementId,
        LocalDate measuredOn,
        double value,
        String municipality,
        Map<String, Double> breakdown,
        DocumentReference source) implements ProjectEvent {

    public IndicatorMeasured {
        breakdown = breakdown == null ? Map.of() : Map.copyOf(breakdown);
    }
}
