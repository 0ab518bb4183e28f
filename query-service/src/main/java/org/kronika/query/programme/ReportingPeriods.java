package org.kronika.query.programme;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/**
 * Where a dated figure is counted. A date inside one of the programme's reporting periods counts in that period;
 * a date outside all of them counts in its calendar month ({@code outside:2021-11}), so that cumulative figures
 * "by the end of a period" stay exact whatever dates projects record.
 */
public record ReportingPeriods(List<Programme.Period> periods) {

    private static final String OUTSIDE = "outside:";

    public ReportingPeriods {
        periods = List.copyOf(periods);
    }

    public Optional<Programme.Period> containing(LocalDate date) {
        for (Programme.Period period : periods) {
            if (period.contains(date)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    public Optional<Programme.Period> byId(String periodId) {
        return periods.stream().filter(p -> p.periodId().equals(periodId)).findFirst();
    }

    /** The key a figure dated {@code date} is counted under. */
    public String bucketOf(LocalDate date) {
        return containing(date).map(Programme.Period::periodId).orElseGet(() -> OUTSIDE + YearMonth.from(date));
    }

    /** The days a bucket covers: a reporting period, or the calendar month of an {@code outside:} bucket. */
    public Programme.Period range(String bucket) {
        if (bucket.startsWith(OUTSIDE)) {
            YearMonth month = YearMonth.parse(bucket.substring(OUTSIDE.length()));
            return new Programme.Period(bucket, month.atDay(1), month.atEndOfMonth());
        }
        return byId(bucket).orElseThrow(() -> new IllegalArgumentException("No reporting period " + bucket));
    }

    public static boolean isReportingPeriod(String bucket) {
        return !bucket.startsWith(OUTSIDE);
    }
}
