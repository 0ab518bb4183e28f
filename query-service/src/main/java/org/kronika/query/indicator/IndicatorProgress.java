package org.kronika.query.indicator;

import org.kronika.query.programme.ReportingPeriods;
import org.kronika.query.tally.Counts;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An indicator's progress, kept up to date one contribution at a time: a correction takes the old contribution away
 * and adds the new one, a retraction only takes away. Every view of it (achieved, per period, cumulative, per
 * place, per category) is derived from these buckets, so applying an event costs the same however long the
 * project's history is. Only taking away the "latest" contribution of a latest-aggregated indicator needs the facts
 * again, and only to find the one now latest in its month and place ({@link Latests}): every wider bucket's latest
 * is the latest of those.
 *
 * @param byPeriod         per calendar month ({@code 2024-07}), see {@link ReportingPeriods#bucketOf}: any
 *                         period of any calendar is the merge of its months
 * @param byMunicipality   per municipality; {@value #NATIONAL} for contributions without one
 * @param withParticipants contributions that say who took part (participant-counting indicators only)
 * @param participants     everyone those contributions counted; a category's "unspecified" is what its parts miss
 * @param byPeriodMunicipality per month, per municipality: a period's own breakdown by place (months of the
 *                         project's days, times its municipalities: bounded, however long its history)
 * @param byPeriodParticipants per month, the participants counted per category, keyed {@code bySex:female},
 *                         {@code byAgeBand:18-24}, {@code byCommunity:serb} (participant-counting indicators only)
 * @param withParticipantsByPeriod per month, the contributions that say who took part: {@code withParticipants}
 *                         of any months, as a replay as of a day needs it ({@link #before})
 */
public record IndicatorProgress(Bucket overall, SortedMap<String, Bucket> byPeriod,
                                SortedMap<String, Bucket> byMunicipality, SortedMap<String, Long> bySex,
                                SortedMap<String, Long> byAgeBand, SortedMap<String, Long> byCommunity,
                                long withParticipants, long participants,
                                SortedMap<String, SortedMap<String, Bucket>> byPeriodMunicipality,
                                SortedMap<String, SortedMap<String, Long>> byPeriodParticipants,
                                SortedMap<String, Long> withParticipantsByPeriod) {

    public static final String NATIONAL = "(none)";
    public static final IndicatorProgress EMPTY = new IndicatorProgress(Bucket.EMPTY, Collections.emptySortedMap(),
            Collections.emptySortedMap(), Collections.emptySortedMap(), Collections.emptySortedMap(),
            Collections.emptySortedMap(), 0, 0, Collections.emptySortedMap(), Collections.emptySortedMap(),
            Collections.emptySortedMap());

    /**
     * Where the latest contribution of one month at one place is found once the one that was latest there is taken
     * away: from the facts as they stand after the change.
     */
    @FunctionalInterface
    public interface Latests {

        /**
         * @param month        a read-model month ({@code 2024-07}), see {@link ReportingPeriods#bucketOf}
         * @param municipality {@code null} for national level
         * @return the latest by day, then order; null when none is left
         */
        Contribution latest(String month, String municipality);
    }

    public IndicatorProgress {
        byPeriod = Counts.owned(byPeriod);
        byMunicipality = Counts.owned(byMunicipality);
        bySex = Counts.of(bySex);
        byAgeBand = Counts.of(byAgeBand);
        byCommunity = Counts.of(byCommunity);
        byPeriodMunicipality = Counts.owned(byPeriodMunicipality);
        byPeriodParticipants = Counts.owned(byPeriodParticipants);
        withParticipantsByPeriod = Counts.of(withParticipantsByPeriod);
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
        String month = periods.bucketOf(c.on());
        return with(c, 1, overall.add(c, latest), change(byPeriod, month, b -> b.add(c, latest)),
                change(byMunicipality, place(c), b -> b.add(c, latest)),
                changeWithin(byPeriodMunicipality, month, place(c), b -> b.add(c, latest)), month, definition);
    }

    /**
     * A correction: {@code old} (or null if the activity did not count before) becomes {@code replacement} (or
     * null if it no longer counts). When {@code old} was the latest in its month and place and the replacement does
     * not take its place there, {@code latests} finds what is latest there now.
     */
    public IndicatorProgress replace(Contribution old, Contribution replacement, IndicatorDefinition definition,
                                     ReportingPeriods periods, Latests latests) {
        IndicatorProgress replaced = replace(old, replacement, definition, periods);
        if (replaced != null) {
            return replaced;
        }
        IndicatorProgress removed = withoutLatest(old, definition, periods, latests);
        return replacement == null ? removed : removed.add(replacement, definition, periods);
    }

    /**
     * {@code c}, the latest of its month at its place, taken away: that bucket's latest is found in the facts, each
     * wider bucket's is the latest of the buckets it is made of (the project's months and places, never its
     * history). The facts already say what a correction made of it; adding the replacement after agrees with them.
     */
    private IndicatorProgress withoutLatest(Contribution c, IndicatorDefinition definition, ReportingPeriods periods,
                                            Latests latests) {
        String month = periods.bucketOf(c.on());
        String place = place(c);
        var periodPlaces = changeWithin(byPeriodMunicipality, month, place, b -> {
            Bucket rest = b.without(c);
            return rest.isEmpty() ? rest : rest.withLatest(Bucket.Latest.of(latests.latest(month, c.municipality())));
        });
        SortedMap<String, Bucket> inMonth = periodPlaces.getOrDefault(month, Collections.emptySortedMap());
        SortedMap<String, Bucket> periodsAfter = change(byPeriod, month,
                b -> b.without(c).withLatest(Bucket.latestOf(inMonth.values())));
        java.util.List<Bucket> atPlace = new java.util.ArrayList<>();
        periodPlaces.values().forEach(places -> {
            if (places.containsKey(place)) {
                atPlace.add(places.get(place));
            }
        });
        SortedMap<String, Bucket> placesAfter = change(byMunicipality, place,
                b -> b.without(c).withLatest(Bucket.latestOf(atPlace)));
        Bucket all = overall.without(c).withLatest(Bucket.latestOf(periodsAfter.values()));
        return with(c, -1, all, periodsAfter, placesAfter, periodPlaces, month, definition);
    }

    /** Null when the facts must be counted again: the contribution taken away was the latest one somewhere. */
    private IndicatorProgress remove(Contribution c, IndicatorDefinition definition, ReportingPeriods periods) {
        boolean latest = definition.isLatest();
        Bucket all = overall.remove(c, latest);
        String month = periods.bucketOf(c.on());
        SortedMap<String, Bucket> periodsAfter = change(byPeriod, month, b -> b.remove(c, latest));
        SortedMap<String, Bucket> placesAfter = change(byMunicipality, place(c), b -> b.remove(c, latest));
        var periodPlacesAfter = changeWithin(byPeriodMunicipality, month, place(c), b -> b.remove(c, latest));
        if (all == null || periodsAfter == null || placesAfter == null || periodPlacesAfter == null) {
            return null;
        }
        return with(c, -1, all, periodsAfter, placesAfter, periodPlacesAfter, month, definition);
    }

    /** The correction without the facts: null when they must be asked what is latest now. */
    private IndicatorProgress replace(Contribution old, Contribution replacement, IndicatorDefinition definition,
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
        var periodPlacesAfter = changeWithin(byPeriodMunicipality, newPeriod, place(replacement),
                b -> b.replace(old, replacement, latest));
        if (all == null || periodsAfter == null || placesAfter == null || periodPlacesAfter == null) {
            return null;
        }
        return with(old, -1, all, periodsAfter, placesAfter, periodPlacesAfter, newPeriod, definition)
                .with(replacement, 1, all, periodsAfter, placesAfter, periodPlacesAfter, newPeriod, definition);
    }

    private IndicatorProgress with(Contribution c, int sign, Bucket all, SortedMap<String, Bucket> periodBuckets,
                                   SortedMap<String, Bucket> placeBuckets,
                                   SortedMap<String, SortedMap<String, Bucket>> periodPlaces, String month,
                                   IndicatorDefinition definition) {
        if (!definition.countsParticipants() || c.participants() == null) {
            return new IndicatorProgress(all, periodBuckets, placeBuckets, bySex, byAgeBand, byCommunity,
                    withParticipants, participants, periodPlaces, byPeriodParticipants, withParticipantsByPeriod);
        }
        Map<String, Integer> parts = new TreeMap<>();
        c.participants().bySex().forEach((k, v) -> parts.put(SEX + k, v));
        c.participants().byAgeBand().forEach((k, v) -> parts.put(AGE_BAND + k, v));
        c.participants().byCommunity().forEach((k, v) -> parts.put(COMMUNITY + k, v));
        TreeMap<String, SortedMap<String, Long>> monthly = new TreeMap<>(byPeriodParticipants);
        SortedMap<String, Long> inMonth = Counts.addAll(monthly.getOrDefault(month, Collections.emptySortedMap()),
                parts, sign);
        if (inMonth.isEmpty()) {
            monthly.remove(month);
        } else {
            monthly.put(month, inMonth);
        }
        return new IndicatorProgress(all, periodBuckets, placeBuckets,
                Counts.addAll(bySex, c.participants().bySex(), sign),
                Counts.addAll(byAgeBand, c.participants().byAgeBand(), sign),
                Counts.addAll(byCommunity, c.participants().byCommunity(), sign),
                withParticipants + sign, participants + sign * (long) c.participants().total(), periodPlaces,
                Counts.frozen(monthly), Counts.add(withParticipantsByPeriod, month, sign));
    }

    private static final String SEX = "bySex:";
    private static final String AGE_BAND = "byAgeBand:";
    private static final String COMMUNITY = "byCommunity:";

    /** The map of maps with one place's bucket of one month changed; null if the change needs a recount. */
    private static SortedMap<String, SortedMap<String, Bucket>> changeWithin(
            SortedMap<String, SortedMap<String, Bucket>> byMonth, String month, String place,
            java.util.function.UnaryOperator<Bucket> change) {
        SortedMap<String, Bucket> places = change(byMonth.getOrDefault(month, Collections.emptySortedMap()), place,
                change);
        if (places == null) {
            return null;
        }
        TreeMap<String, SortedMap<String, Bucket>> copy = new TreeMap<>(byMonth);
        if (places.isEmpty()) {
            copy.remove(month);
        } else {
            copy.put(month, places);
        }
        return Counts.frozen(copy);
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
        // Read-only as made: the record keeps it without copying it again.
        return Counts.frozen(copy);
    }

    /** How many figures it holds (buckets and counts): what a cache bounded in memory weighs it by. */
    public long figures() {
        long figures = 3 + byPeriod.size() + byMunicipality.size() + bySex.size() + byAgeBand.size()
                + byCommunity.size();
        for (SortedMap<String, Bucket> places : byPeriodMunicipality.values()) {
            figures += places.size();
        }
        for (SortedMap<String, Long> counts : byPeriodParticipants.values()) {
            figures += counts.size();
        }
        return figures + withParticipantsByPeriod.size();
    }

    public Bucket until(java.time.LocalDate end, ReportingPeriods periods) {
        return until(end);
    }

    /** Every bucket whose days end on or before {@code end}: what had been achieved by then. */
    public Bucket until(java.time.LocalDate end) {
        return Bucket.merge(ReportingPeriods.until(byPeriod, end));
    }

    /**
     * The progress of the months before {@code month} ({@code 2024-07}) alone, as folding only their contributions
     * gives it: every wider bucket is the merge of its months.
     */
    public IndicatorProgress before(String month, IndicatorDefinition definition) {
        SortedMap<String, Bucket> periods = Counts.frozen(new TreeMap<>(byPeriod.headMap(month)));
        SortedMap<String, SortedMap<String, Bucket>> periodPlaces =
                Counts.frozen(new TreeMap<>(byPeriodMunicipality.headMap(month)));
        SortedMap<String, SortedMap<String, Long>> periodParticipants =
                Counts.frozen(new TreeMap<>(byPeriodParticipants.headMap(month)));
        Map<String, java.util.List<Bucket>> atPlaces = new TreeMap<>();
        periodPlaces.values().forEach(places -> places.forEach((place, bucket) ->
                atPlaces.computeIfAbsent(place, k -> new java.util.ArrayList<>()).add(bucket)));
        TreeMap<String, Bucket> places = new TreeMap<>();
        atPlaces.forEach((place, buckets) -> places.put(place, Bucket.merge(buckets)));
        SortedMap<String, Long> parts = Collections.emptySortedMap();
        for (SortedMap<String, Long> inMonth : periodParticipants.values()) {
            parts = Counts.addAll(parts, inMonth, 1);
        }
        Bucket all = Bucket.merge(periods.values());
        SortedMap<String, Long> saidWho = Counts.of(withParticipantsByPeriod.headMap(month));
        long withParticipantsBefore = saidWho.values().stream().mapToLong(Long::longValue).sum();
        return new IndicatorProgress(all, periods, Counts.frozen(places), category(parts, SEX),
                category(parts, AGE_BAND), category(parts, COMMUNITY), withParticipantsBefore,
                definition.countsParticipants() ? all.participants() : 0, periodPlaces, periodParticipants, saidWho);
    }

    /** What was achieved within a period: the merge of its months. */
    public Bucket in(org.kronika.query.programme.Programme.Period period) {
        return Bucket.merge(ReportingPeriods.within(byPeriod, period));
    }

    /** What was achieved within a period per municipality: each place's buckets of the period's months merged. */
    public SortedMap<String, Bucket> byMunicipalityIn(org.kronika.query.programme.Programme.Period period) {
        Map<String, java.util.List<Bucket>> places = new TreeMap<>();
        for (SortedMap<String, Bucket> month : ReportingPeriods.within(byPeriodMunicipality, period)) {
            month.forEach((place, bucket) -> places.computeIfAbsent(place, k -> new java.util.ArrayList<>()).add(bucket));
        }
        SortedMap<String, Bucket> merged = new TreeMap<>();
        places.forEach((place, buckets) -> merged.put(place, Bucket.merge(buckets)));
        return merged;
    }

    /** The participants counted within a period, per sex, per age band and per community. */
    public record Participants(SortedMap<String, Long> bySex, SortedMap<String, Long> byAgeBand,
                               SortedMap<String, Long> byCommunity) {
    }

    public Participants participantsIn(org.kronika.query.programme.Programme.Period period) {
        SortedMap<String, Long> sum = Collections.emptySortedMap();
        for (SortedMap<String, Long> month : ReportingPeriods.within(byPeriodParticipants, period)) {
            sum = Counts.addAll(sum, month, 1);
        }
        return new Participants(category(sum, SEX), category(sum, AGE_BAND), category(sum, COMMUNITY));
    }

    private static SortedMap<String, Long> category(SortedMap<String, Long> counts, String prefix) {
        SortedMap<String, Long> category = new TreeMap<>();
        counts.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                category.put(key.substring(prefix.length()), value);
            }
        });
        return Collections.unmodifiableSortedMap(category);
    }
}
