package org.kronika.command.project.api;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.kronika.events.DocumentReference;

import java.time.LocalDate;
import java.util.Map;

/**
 * Record a directly measured value of an indicator. {@code changeReason} is needed only when the date falls in an
 * approved, locked reporting period.
 */
public record RecordIndicatorMeasurement(
        @TargetAggregateIdentifier String projectId,
        Long expectedVersion,
        String indicatorId,
        String measurementId,
        LocalDate measuredOn,
        Double value,
        String municipality,
        Map<String, Double> breakdown,
        DocumentReference source,
        String changeReason) implements VersionedCommand {
}
