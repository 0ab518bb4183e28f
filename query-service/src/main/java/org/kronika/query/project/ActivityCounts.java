package org.kronika.query.project;

import org.kronika.query.tally.Counts;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * @param recorded     activities ever recorded, retracted ones included; the next activity's ordinal
 * @param active       recorded and not retracted
 * @param corrected    corrected at least once
 * @param retracted    withdrawn
 * @param measurements direct measurements recorded; the next measurement's ordinal
 * @param byPeriod     per calendar month ({@code 2024-07}) of the day each activity or measurement happened as it
 *                     stands, what the project's tallies and buckets do not say of that month: so that the counts
 *                     as of any day are the months' before it, whatever the project's history
 */
public record ActivityCounts(long recorded, long active, long corrected, long retracted, long measurements,
                             SortedMap<String, Month> byPeriod) {

    public static final ActivityCounts NONE = new ActivityCounts(0, 0, 0, 0, 0, Collections.emptySortedMap());

    public ActivityCounts {
        byPeriod = Counts.owned(byPeriod);
    }

    /**
     * What one month's facts count beyond its tallies and buckets.
     *
     * @param corrected              activities corrected at least once, retracted ones included
     * @param retracted              activities withdrawn
     * @param retractedMeasurements  measurements withdrawn
     * @param implemented            per planned activity, the activities standing that implement it
     */
    public record Month(long corrected, long retracted, long retractedMeasurements,
                        SortedMap<String, Long> implemented) {

        public static final Month NONE = new Month(0, 0, 0, Collections.emptySortedMap());

        public Month {
            implemented = Counts.of(implemented);
        }

        /** One activity as it stands: corrected, retracted, or implementing a planned activity. */
        public static Month ofActivity(boolean corrected, boolean retracted, String plannedActivityId) {
            return new Month(corrected ? 1 : 0, retracted ? 1 : 0, 0,
                    plannedActivityId == null ? Collections.emptySortedMap() : Counts.of(Map.of(plannedActivityId, 1L)));
        }

        public static Month ofRetractedMeasurement() {
            return new Month(0, 0, 1, Collections.emptySortedMap());
        }

        Month plus(Month other, int sign) {
            return new Month(corrected + sign * other.corrected, retracted + sign * other.retracted,
                    retractedMeasurements + sign * other.retractedMeasurements,
                    Counts.addAll(implemented, other.implemented, sign));
        }

        boolean isEmpty() {
            return corrected == 0 && retracted == 0 && retractedMeasurements == 0 && implemented.isEmpty();
        }
    }

    /** The same counts with {@code sign} times {@code counted} in {@code month}; the totals are left as they are. */
    public ActivityCounts inMonth(String month, Month counted, int sign) {
        TreeMap<String, Month> months = new TreeMap<>(byPeriod);
        Month changed = months.getOrDefault(month, Month.NONE).plus(counted, sign);
        if (changed.isEmpty()) {
            months.remove(month);
        } else {
            months.put(month, changed);
        }
        return new ActivityCounts(recorded, active, corrected, retracted, measurements, Counts.frozen(months));
    }

    /**
     * The months before {@code month} alone, as folding only their facts gives them: {@code standing} activities and
     * {@code measuredStanding} measurements standing in those months, with the months' retracted ones beside.
     */
    public ActivityCounts monthsBefore(String month, long standing, long measuredStanding) {
        ActivityCounts before = new ActivityCounts(0, 0, 0, 0, 0, new TreeMap<>(byPeriod.headMap(month)));
        Month sum = before.allMonths();
        return new ActivityCounts(standing + sum.retracted(), standing, sum.corrected(), sum.retracted(),
                measuredStanding + sum.retractedMeasurements(), before.byPeriod());
    }

    /** What every month counts together. */
    public Month allMonths() {
        Month sum = Month.NONE;
        for (Month inMonth : byPeriod.values()) {
            sum = sum.plus(inMonth, 1);
        }
        return sum;
    }
}
