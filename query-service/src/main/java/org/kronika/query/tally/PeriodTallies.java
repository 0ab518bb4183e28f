package org.kronika.query.tally;

import org.kronika.events.Participants;
import org.kronika.query.programme.Programme;
import org.kronika.query.programme.ReportingPeriods;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A tally over the whole life of something, and the same tally per calendar month (see
 * {@code ReportingPeriods#bucketOf}), so that any period's figures and "as of the end of a period" need no recount.
 *
 * @param byPeriod per month, {@code 2024-07}
 */
public record PeriodTallies(Tally total, SortedMap<String, Tally> byPeriod) {

    public static final PeriodTallies EMPTY = new PeriodTallies(Tally.EMPTY, Collections.emptySortedMap());

    public PeriodTallies {
        byPeriod = Counts.owned(byPeriod);
    }

    public PeriodTallies(Tally total, Map<String, Tally> byPeriod) {
        this(total, Counts.frozen(new TreeMap<>(byPeriod)));
    }

    public PeriodTallies add(String period, String type, Participants people, int sign) {
        TreeMap<String, Tally> periods = new TreeMap<>(byPeriod);
        Tally changed = periods.getOrDefault(period, Tally.EMPTY).add(type, people, sign);
        if (changed.isEmpty()) {
            periods.remove(period);
        } else {
            periods.put(period, changed);
        }
        return new PeriodTallies(total.add(type, people, sign), Counts.frozen(periods));
    }

    public PeriodTallies plus(PeriodTallies other, int sign) {
        return new PeriodTallies(total.plus(other.total, sign),
                Counts.combine(byPeriod, other.byPeriod, Tally.EMPTY, (a, b) -> a.plus(b, sign), Tally::isEmpty));
    }

    /** Only the months before {@code month} ({@code 2024-07}), and their sum as the total. */
    public PeriodTallies before(String month) {
        SortedMap<String, Tally> months = byPeriod.headMap(month);
        Tally sum = Tally.EMPTY;
        for (Tally inMonth : months.values()) {
            sum = sum.plus(inMonth, 1);
        }
        return new PeriodTallies(sum, Counts.frozen(new TreeMap<>(months)));
    }

    /** The tally of a period: the sum of its months. */
    public Tally in(Programme.Period period) {
        Tally sum = Tally.EMPTY;
        for (Tally month : ReportingPeriods.within(byPeriod, period)) {
            sum = sum.plus(month, 1);
        }
        return sum;
    }

    /** How many figures it holds: what a cache bounded in memory weighs it by. */
    public long figures() {
        long figures = total.figures();
        for (Tally tally : byPeriod.values()) {
            figures += tally.figures();
        }
        return figures;
    }

    public boolean isEmpty() {
        return total.isEmpty() && byPeriod.isEmpty();
    }
}
