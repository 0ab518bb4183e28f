package org.kronika.events;

/**
 * A reviewing officer returned a submitted report for changes. The project may change its figures and submit again.
 *
 * @param periodId the programme's reporting period
 * @param comment  what should change
 */
public record PeriodReturned(String projectId, String periodId, String comment) implements ProjectEvent {
}
