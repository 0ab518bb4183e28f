package org.kronika.events;

/**
 * A direct measurement was retracted: it should not have been recorded. It stays in the history, marked, and no
 * longer counts.
 *
 * @param indicatorId   the indicator it measured
 * @param measurementId the measurement retracted
 * @param reason        why
 */
public record MeasurementRetracted(String projectId, String indicatorId, String measurementId, String reason)
        implements ProjectEvent {
}
