package org.kronika.query.project;

import org.kronika.query.activity.ActivityFacts;
import org.kronika.query.indicator.Bucket;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The few standing activities that happened last (by day, then by when first recorded), latest first: the
 * project's last activity, and the ones that take its place when it is retracted or moved back in time. Always the
 * latest {@code latest.size()} of the project's standing activities, never a gap among them, so the store is asked
 * only once all {@value #KEPT} kept are gone: asking it for the latest is an indexed read on MongoDB, but a scan of
 * every project's activities on a store without secondary indexes (the local stand-in), which made a rebuild's cost
 * grow with the whole programme's history.
 *
 * @param latest at most {@value #KEPT}, latest first
 */
public record LastActivities(List<Bucket.Latest> latest) {

    public static final int KEPT = 8;
    public static final LastActivities NONE = new LastActivities(List.of());
    private static final Comparator<Bucket.Latest> LATEST_FIRST = Comparator.comparing(Bucket.Latest::on)
            .thenComparingLong(Bucket.Latest::order).reversed();

    public LastActivities {
        latest = latest == null ? List.of() : List.copyOf(latest);
    }

    /** The activity that happened last; null if none stands. */
    public Bucket.Latest last() {
        return latest.isEmpty() ? null : latest.get(0);
    }

    /**
     * After one activity changed: {@code old} (null if it did not stand before) became {@code now} (null if it no
     * longer stands). {@code standingBefore} is how many stood before the change; {@code refill} answers the given
     * number of latest standing activities after it, asked only when every kept one is gone and some still stand.
     */
    LastActivities changed(ActivityFacts old, ActivityFacts now, long standingBefore,
                           IntFunction<List<ActivityFacts>> refill) {
        List<Bucket.Latest> kept = new ArrayList<>(latest);
        // Holding every standing activity, a new one belongs here wherever it falls.
        boolean all = kept.size() == standingBefore;
        if (old != null) {
            kept.remove(marker(old));
        }
        if (now != null) {
            Bucket.Latest added = marker(now);
            // Below the last kept one, unkept activities may fall between: it is kept only if all are. Already kept
            // when a refill found it as it now stands, which a replay taking back several changes meets.
            if (!kept.contains(added)
                    && (all || (!kept.isEmpty() && LATEST_FIRST.compare(added, kept.get(kept.size() - 1)) < 0))) {
                kept.add(added);
                kept.sort(LATEST_FIRST);
            }
        }
        long standing = standingBefore - (old != null ? 1 : 0) + (now != null ? 1 : 0);
        if (kept.isEmpty() && standing > 0) {
            refill.apply(KEPT).forEach(facts -> kept.add(marker(facts)));
            kept.sort(LATEST_FIRST);
        }
        return new LastActivities(kept.subList(0, Math.min(KEPT, kept.size())));
    }

    /**
     * The latest {@value #KEPT} of {@code candidates}, which must hold every standing activity that is among them:
     * what a fold of those activities alone keeps.
     */
    public static LastActivities latestOf(java.util.Collection<Bucket.Latest> candidates) {
        java.util.TreeSet<Bucket.Latest> sorted = new java.util.TreeSet<>(LATEST_FIRST);
        sorted.addAll(candidates);
        return new LastActivities(sorted.stream().limit(KEPT).toList());
    }

    public static Bucket.Latest marker(ActivityFacts facts) {
        return new Bucket.Latest(facts.occurredOn(), facts.ordinal(), BigDecimal.ONE);
    }
}
