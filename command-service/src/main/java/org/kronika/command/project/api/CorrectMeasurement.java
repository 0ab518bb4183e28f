package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.events.DocumentReference;

import java.time.LocalDate;
import java.util.Map;

/**
 * Correct a recorded measurement by stating it anew in full (its day, value, place, breakdown and source), and why.
 */
public record CorrectMeasurement(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String indicatorId,
        String measurementId,
        LocalDate measuredOn,
        Double value,
        String municipality,
        Map<String, Double> breakdown,
        DocumentReference source,
        String reason) implements VersionedCommand {
}
