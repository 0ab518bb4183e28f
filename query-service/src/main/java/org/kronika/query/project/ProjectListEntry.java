package org.kronika.query.project;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A project in a list: enough to find it and see how it is doing, no more.
 *
 * @param status     {@link ProjectStatus}: closed, or planned, active or ended by the day it is read
 * @param closedAt   when the project was closed, while it stays closed; null while it is open
 * @param indicators each indicator's progress against its target
 */
public record ProjectListEntry(String projectId, String organisationId, String organisation,
                               boolean organisationInvented, String title, List<String> municipalities,
                               LocalDate startDate, LocalDate endDate, String status, Instant closedAt,
                               long version,
                               Instant lastRecordedAt, LocalDate lastActivityOn, long activities, long participants,
                               Double progress, List<IndicatorSummary> indicators) {

    /**
     * @param nothingMeasured an average or latest indicator with nothing measured yet: its {@code achieved} 0 is no
     *                        value, and it has no {@code percentOfTarget}
     */
    public record IndicatorSummary(String indicatorId, String name, String unit, double achieved, double target,
                                   Double percentOfTarget, boolean nothingMeasured) {
    }
}
