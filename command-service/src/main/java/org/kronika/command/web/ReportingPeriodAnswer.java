package org.kronika.command.web;

/**
 * The answer to defining a reporting period, also sent as {@code ETag} ({@code version}).
 *
 * @param version the reporting calendar's version after it
 */
public record ReportingPeriodAnswer(String programmeId, String id, long version) {
}
