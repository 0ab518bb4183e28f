package org.kronika.query.report;

/**
 * A period as a project's page lists it: its status as {@code /api/projects/{id}/periods} lists it, whether its
 * report is overdue on the day the page is read ({@link PeriodStatus#overdueOn}), and its report with both views of
 * its figures once it went beyond "open", or was approved once ({@code null} while none was submitted).
 */
public record ProjectPeriod(PeriodStatus status, boolean overdue, PeriodReportView report) {

    public String periodId() {
        return status.periodId();
    }
}
