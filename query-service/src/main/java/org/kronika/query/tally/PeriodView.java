package org.kronika.query.tally;

import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A tally for one reporting period: one point of a time series. Figures dated outside every reporting period
 * are listed under their month ({@code outside:2021-11}).
 */
public record PeriodView(String periodId, LocalDate start, LocalDate end, TallyView tally) {

    /** Every period of the programme, in order, each with its tally (zero where nothing happened). */
    public static List<PeriodView> series(PeriodTallies tallies, ReportingPeriods periods) {
        List<PeriodView> series = new ArrayList<>();
        tallies.byPeriod().forEach((bucket, tally) -> {
            if (!ReportingPeriods.isReportingPeriod(bucket)) {
                Programme.Period month = periods.range(bucket);
                series.add(new PeriodView(bucket, month.start(), month.end(), TallyView.of(tally)));
            }
        });
        for (Programme.Period period : periods.periods()) {
            series.add(new PeriodView(period.periodId(), period.start(), period.end(),
                    TallyView.of(tallies.byPeriod().getOrDefault(period.periodId(), Tally.EMPTY))));
        }
        series.sort(java.util.Comparator.comparing(PeriodView::start));
        return series;
    }
}
