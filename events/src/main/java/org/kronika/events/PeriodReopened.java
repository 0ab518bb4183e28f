package org.kronika.events;

/**
 * An administrator reopened an approved period: it is no longer locked, and its report must be submitted and
 * approved again. The earlier approval stays in the history.
 *
 * @param periodId the programme's reporting period
 * @param reason   why
 */
public record PeriodReopened(String projectId, String periodId, String reason) implements ProjectEvent {
}
