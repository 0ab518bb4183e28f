package org.kronika.query.programme;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Where a dated figure is counted, and how a reporting period's figures are composed from it.
 *
 * <p>The read models count every dated figure under its calendar month ({@code 2024-07}). Periods are whole months
 * (the command side refuses any other), so any period of any calendar, overlapping ones included, is exactly the
 * sum of its months, composed when read; a period defined after the figures were counted needs no rebuild.
 *
 * @param periods   the default calendar (the quarters), listed where a view shows every period
 * @param defined   every defined period of every calendar, the default one included: what a period id may name
 * @param calendars the calendar of each defined period not in the default one, by period id
 * @param definedAt when the programme's calendar stream recorded each period, by period id, where known (not for the
 *                  programme file's quarters standing in for undefined ones): a file that lists a period changed
 *                  then, its figures regrouped, though its project recorded nothing
 */
public record ReportingPeriods(List<Programme.Period> periods, List<Programme.Period> defined,
                               Map<String, String> calendars, Map<String, java.time.Instant> definedAt) {

    /** The calendar the programme file's quarters are defined in: the default one, which views list. */
    public static final String DEFAULT_CALENDAR = "quarters";
    /** What a period of another calendar whose name is not known is said to belong to. */
    static final String OTHER_CALENDAR = "other";
    private static final String OUTSIDE = "outside:";

    public ReportingPeriods {
        periods = List.copyOf(periods);
        Map<String, Programme.Period> byId = new LinkedHashMap<>();
        periods.forEach(p -> byId.put(p.periodId(), p));
        defined.forEach(p -> byId.putIfAbsent(p.periodId(), p));
        defined = List.copyOf(byId.values());
        calendars = Map.copyOf(calendars);
        definedAt = Map.copyOf(definedAt);
    }

    public ReportingPeriods(List<Programme.Period> periods, List<Programme.Period> defined) {
        this(periods, defined, Map.of(), Map.of());
    }

    public ReportingPeriods(List<Programme.Period> periods) {
        this(periods, periods);
    }

    /**
     * The calendar a listed key belongs to: {@value #DEFAULT_CALENDAR} for the default calendar's periods and for
     * the months outside all of them ({@code outside:2021-11}), which complete it; another calendar's name for the
     * others, whose periods may overlap the default one's.
     */
    public String calendarOf(String key) {
        if (isOutside(key) || periods.stream().anyMatch(p -> p.periodId().equals(key))) {
            return DEFAULT_CALENDAR;
        }
        return calendars.getOrDefault(key, OTHER_CALENDAR);
    }

    /** The default calendar's period a date falls in. */
    public Optional<Programme.Period> containing(LocalDate date) {
        for (Programme.Period period : periods) {
            if (period.contains(date)) {
                return Optional.of(period);
            }
        }
        return Optional.empty();
    }

    /** Any defined period, of any calendar. */
    public Optional<Programme.Period> byId(String periodId) {
        return defined.stream().filter(p -> p.periodId().equals(periodId)).findFirst();
    }

    /** The key a figure dated {@code date} is counted under in the read models: its month. */
    public String bucketOf(LocalDate date) {
        return monthOf(date);
    }

    public static String monthOf(LocalDate date) {
        return YearMonth.from(date).toString();
    }

    /**
     * Where a view lists a figure dated {@code date}: the default calendar's period, or its month outside all of
     * them ({@code outside:2021-11}).
     */
    public String listedIn(LocalDate date) {
        return containing(date).map(Programme.Period::periodId).orElseGet(() -> OUTSIDE + YearMonth.from(date));
    }

    /**
     * The days of a month the read models count figures under ({@link #bucketOf}): never a period, though one may be
     * named as a month is.
     */
    public static Programme.Period month(String bucket) {
        YearMonth month = YearMonth.parse(bucket);
        return new Programme.Period(bucket, month.atDay(1), month.atEndOfMonth());
    }

    /** The days a stored month, an {@code outside:} month or any defined period covers. */
    public Programme.Period range(String key) {
        String month = key.startsWith(OUTSIDE) ? key.substring(OUTSIDE.length()) : key;
        if (month.matches("\\d{4}-\\d{2}") && (key.startsWith(OUTSIDE) || byId(key).isEmpty())) {
            YearMonth ym = YearMonth.parse(month);
            return new Programme.Period(key, ym.atDay(1), ym.atEndOfMonth());
        }
        return byId(key).orElseThrow(() -> new IllegalArgumentException("No reporting period " + key));
    }

    public static boolean isOutside(String key) {
        return key.startsWith(OUTSIDE);
    }

    /** Whether a listed key is a period (of any calendar), not an {@code outside:} month. */
    public static boolean isReportingPeriod(String key) {
        return !isOutside(key);
    }

    public static String outside(String month) {
        return OUTSIDE + month;
    }

    /** The month buckets inside {@code period}: a few map lookups, however long the history. */
    public static <T> Collection<T> within(SortedMap<String, T> byMonth, Programme.Period period) {
        return monthsWithin(byMonth, period).values();
    }

    /** The months inside {@code period} with their buckets, in order. */
    public static <T> SortedMap<String, T> monthsWithin(SortedMap<String, T> byMonth, Programme.Period period) {
        YearMonth after = YearMonth.from(period.end()).plusMonths(1);
        // Past 9999 a month is written "+10000-01", which sorts before every month: the bound would come first.
        return after.getYear() > LAST_YEAR ? byMonth.tailMap(monthOf(period.start()))
                : byMonth.subMap(monthOf(period.start()), after.toString());
    }

    private static final int LAST_YEAR = 9999;

    /** The month buckets that end on or before {@code end}: what had been counted by then. */
    public static <T> Collection<T> until(SortedMap<String, T> byMonth, LocalDate end) {
        YearMonth last = YearMonth.from(end);
        YearMonth whole = end.equals(last.atEndOfMonth()) ? last : last.minusMonths(1);
        return whole.plusMonths(1).getYear() > LAST_YEAR ? byMonth.values()
                : byMonth.headMap(whole.plusMonths(1).toString()).values();
    }

    /** The months with figures that no period of the default calendar covers. */
    public <T> List<String> outsideMonths(SortedMap<String, T> byMonth) {
        List<String> months = new ArrayList<>();
        for (String month : byMonth.keySet()) {
            if (containing(YearMonth.parse(month).atDay(1)).isEmpty()) {
                months.add(month);
            }
        }
        return months;
    }
}
