package org.kronika.query.indicator;

import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.tally.Counts;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An indicator's progress, kept up to date one contribution at a time: a correction takes the old contribution away
 * and adds the new one, a retraction only takes away. Every view of it (achieved, per period, cumulative, per
 * place, per category) is derived from these buckets, so applying an event costs the same however long the
 * project's history is. Only taking away the "latest" contribution of a latest-aggregated indicator needs the facts
 * again.
 *
 * @param byPeriod         per calendar month ({@code 2024-07}), see {@link ReportingPeriods#bucketOf}: any
 *                         period of any calendar is the merge of its months
 * @param byMunicipality   per municipality; {@value #NATIONAL} for contributions without one
 * @param withParticipants contributions that say who took part (participant-counting indicators only)
 * @param participants     everyone those contributions counted; a category's "unspecified" is what its parts miss
 */
public record IndicatorProgress(Bucket overall, SortedMap<String, Bucket> byPeriod,
                                SortedMap<String, Bucket> byMunicipality, SortedMap<String, Long> bySex,
                                SortedMap<String, Long> byAgeBand, SortedMap<String, Long> byCommunity,
                                long withParticipants, long participants) {

    public static final String NATIONAL = "(none)";
    public static final IndicatorProgress EMPTY = new IndicatorProgress(Bucket.EMPTY, Collections.emptySortedMap(),
            Collections.emptySortedMap(), Collections.emptySortedMap(), Collections.emptySortedMap(),
            Collections.emptySortedMap(), 0, 0);

    public IndicatorProgress {
        byPeriod = Collections.unmodifiableSortedMap(new TreeMap<>(byPeriod));
        byMunicipality = Collections.unmodifiableSortedMap(new TreeMap<>(byMunicipality));
        bySex = Counts.of(bySex);
        byAgeBand = Counts.of(byAgeBand);
        byCommunity = Counts.of(byCommunity);
    }

    /** From scratch, for a recount or a replay: the same result as adding them one by one. */
    public static IndicatorProgress of(Collection<Contribution> contributions, IndicatorDefinition definition,
                                       ReportingPeriods periods) {
        IndicatorProgress progress = EMPTY;
        for (Contribution contribution : contributions) {
            progress = progress.add(contribution, definition, periods);
        }
        return progress;
    }

    public IndicatorProgress add(Contribution c, IndicatorDefinition definition, ReportingPeriods periods) {
        boolean latest = definition.isLatest();
        return with(c, 1, overall.add(c, latest),
                change(byPeriod, periods.bucketOf(c.on()), b -> b.add(c, latest)),
                change(byMunicipality, place(c), b -> b.add(c, latest)), definition);
    }

    /** Null when the facts must be counted again: the contribution taken away was the latest one somewhere. */
    public IndicatorProgress remove(Contribution c, IndicatorDefinition definition, ReportingPeriods periods) {
        boolean latest = definition.isLatest();
        Bucket all = overall.remove(c, latest);
        SortedMap<String, Bucket> periodsAfter = change(byPeriod, periods.bucketOf(c.on()), b -> b.remove(c, latest));
        SortedMap<String, Bucket> placesAfter = change(byMunicipality, place(c), b -> b.remove(c, latest));
        if (all == null || periodsAfter == null || placesAfter == null) {
            return null;
        }
        return with(c, -1, all, periodsAfter, placesAfter, definition);
    }

    /**
     * A correction: {@code old} (or null if the activity did not count before) becomes {@code replacement} (or
     * null if it no longer counts). Null when the facts must be counted again.
     */
    public IndicatorProgress replace(Contribution old, Contribution replacement, IndicatorDefinition definition,
                                     ReportingPeriods periods) {
        if (old == null) {
            return replacement == null ? this : add(replacement, definition, periods);
        }
        if (replacement == null) {
            return remove(old, definition, periods);
        }
        boolean latest = definition.isLatest();
        String oldPeriod = periods.bucketOf(old.on());
        String newPeriod = periods.bucketOf(replacement.on());
        if (!oldPeriod.equals(newPeriod) || !place(old).equals(place(replacement))) {
            IndicatorProgress removed = remove(old, definition, periods);
            return removed == null ? null : removed.add(replacement, definition, periods);
        }
        Bucket all = overall.replace(old, replacement, latest);
        SortedMap<String, Bucket> periodsAfter = change(byPeriod, newPeriod, b -> b.replace(old, replacement, latest));
        SortedMap<String, Bucket> placesAfter = change(byMunicipality, place(replacement),
                b -> b.replace(old, replacement, latest));
        if (all == null || periodsAfter == null || placesAfter == null) {
            return null;
        }
        return with(old, -1, all, periodsAfter, placesAfter, definition).with(replacement, 1, all, periodsAfter,
                placesAfter, definition);
    }

    private IndicatorProgress with(Contribution c, int sign, Bucket all, SortedMap<String, Bucket> periodBuckets,
                                   SortedMap<String, Bucket> placeBuckets, IndicatorDefinition definition) {
        if (!definition.countsParticipants() || c.participants() == null) {
            return new IndicatorProgress(all, periodBuckets, placeBuckets, bySex, byAgeBand, byCommunity,
                    withParticipants, participants);
        }
        return new IndicatorProgress(all, periodBuckets, placeBuckets,
                Counts.addAll(bySex, c.participants().bySex(), sign),
                Counts.addAll(byAgeBand, c.participants().byAgeBand(), sign),
                Counts.addAll(byCommunity, c.participants().byCommunity(), sign),
                withParticipants + sign, participants + sign * (long) c.participants().total());
    }

    private static String place(Contribution c) {
        return c.municipality() == null ? NATIONAL : c.municipality();
    }

    /** The map with one bucket changed; null if the change needs a recount. */
    private static SortedMap<String, Bucket> change(SortedMap<String, Bucket> buckets, String key,
                                                    java.util.function.UnaryOperator<Bucket> change) {
        Bucket changed = change.apply(buckets.getOrDefault(key, Bucket.EMPTY));
        if (changed == null) {
            return null;
        }
        TreeMap<String, Bucket> copy = new TreeMap<>(buckets);
        if (changed.isEmpty()) {
            copy.remove(key);
        } else {
            copy.put(key, changed);
        }
        return copy;
    }

    /** Every bucket whose days end on or before {@code end}: what had been achieved by then. */
    public Bucket until(java.time.LocalDate end, ReportingPeriods periods) {
        return until(end);
    }

    public Bucket until(java.time.LocalDate end) {
        return Bucket.merge(ReportingPeriods.until(byPeriod, end));
    }

    /** What was achieved within a period: the merge of its months. */
    public Bucket in(org.kronika.query.programme.Programme.Period period) {
        return Bucket.merge(ReportingPeriods.within(byPeriod, period));
    }
}
