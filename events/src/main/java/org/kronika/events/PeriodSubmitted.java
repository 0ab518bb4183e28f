package org.kronika.events;

/**
 * The project submitted its report for a reporting period: its figures for that period, as they stand, are ready
 * for review.
 *
 * @param periodId the programme's reporting period
 * @param comment  the recorder's note to the reviewing officer
 */
public record PeriodSubmitted(String projectId, String periodId, String comment) implements ProjectEvent {
}
