package org.kronika.query.tally;

import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A tally for one reporting period: one point of a time series, composed from the months it covers. Figures dated
 * outside every period of the calendar are listed under their month ({@code outside:2021-11}).
 */
public record PeriodView(String periodId, LocalDate start, LocalDate end, TallyView tally) {

    /** Every period of the default calendar, in order, each with its tally (zero where nothing happened). */
    public static List<PeriodView> series(PeriodTallies tallies, ReportingPeriods periods) {
        List<PeriodView> series = new ArrayList<>();
        for (String month : periods.outsideMonths(tallies.byPeriod())) {
            Programme.Period range = periods.range(ReportingPeriods.outside(month));
            series.add(new PeriodView(range.periodId(), range.start(), range.end(),
                    TallyView.of(tallies.byPeriod().get(month))));
        }
        for (Programme.Period period : periods.periods()) {
            series.add(of(tallies, period));
        }
        series.sort(java.util.Comparator.comparing(PeriodView::start));
        return series;
    }

    /** Any period, of any calendar: the sum of its months. */
    public static PeriodView of(PeriodTallies tallies, Programme.Period period) {
        return new PeriodView(period.periodId(), period.start(), period.end(), TallyView.of(tallies.in(period)));
    }
}
