package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.events.DocumentReference;

import java.time.LocalDate;
import java.util.Map;

/** Record a directly measured value of an indicator. */
public record RecordIndicatorMeasurement(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String indicatorId,
        String measurementId,
        LocalDate measuredOn,
        Double value,
        String municipality,
        Map<String, Double> breakdown,
        DocumentReference source) implements VersionedCommand {
}
