package org.kronika.events;

/**
 * @param periodId a reporting period of the programme, e.g. {@code 2024-Q3}
 * @param target   the value to reach by the end of that period
 */
public record PeriodTarget(String periodId, double target) {
}
