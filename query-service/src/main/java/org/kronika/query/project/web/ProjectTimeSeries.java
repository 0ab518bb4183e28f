package org.kronika.query.project.web;

import org.kronika.query.indicator.ProgressView;
import org.kronika.query.tally.PeriodView;

import java.util.List;

/**
 * A project per reporting period: activities and participants, and each indicator's progress against its period
 * targets.
 */
public record ProjectTimeSeries(String projectId, List<PeriodView> periods, List<IndicatorSeries> indicators) {

    public record IndicatorSeries(String indicatorId, String name, List<ProgressView.PeriodProgress> byPeriod) {
    }
}
