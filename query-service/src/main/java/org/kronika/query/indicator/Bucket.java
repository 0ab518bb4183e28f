package org.kronika.query.indicator;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.Collection;

/**
 * The contributions to an indicator that fall in one place or period, kept so that any of the three aggregations
 * can be answered without going back to the facts: their exact decimal sum, how many there are, and the latest.
 * What a trace of it totals besides (how many of them are activities, and who took part in those) is kept too, so
 * that its figure's facts are counted from the buckets whatever the indicator counts.
 *
 * @param latest       the last contribution by day and order; kept only for indicators aggregated as "latest"
 * @param participants everyone who took part in the activities among them, whatever the indicator counts
 * @param measurements how many of them are measurements; the rest are activities
 */
public record Bucket(BigDecimal sum, long count, Latest latest,
                     @JsonInclude(JsonInclude.Include.NON_DEFAULT) long participants,
                     @JsonInclude(JsonInclude.Include.NON_DEFAULT) long measurements) {

    public static final Bucket EMPTY = new Bucket(BigDecimal.ZERO, 0, null, 0, 0);

    public record Latest(LocalDate on, long order, BigDecimal value) {
        public Latest {
            value = exact(value);
        }

        static Latest of(Contribution c) {
            return c == null ? null : new Latest(c.on(), c.order(), c.value());
        }
    }

    public Bucket {
        sum = exact(sum);
    }

    /** One spelling per number (30, never 30.0 or 3.0E+1 beside it), so equal facts give equal documents. */
    static BigDecimal exact(BigDecimal value) {
        return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    }

    Bucket add(Contribution c, boolean keepLatest) {
        Latest newest = latest;
        if (keepLatest && (latest == null || c.isAfter(latest.on(), latest.order()))) {
            newest = Latest.of(c);
        }
        return new Bucket(sum.add(c.value()), count + 1, newest, participants + c.people(),
                measurements + c.measured());
    }

    /**
     * The same bucket with {@code old} replaced by {@code replacement} (a correction that stays in this bucket);
     * null when the latest moved back in time, which only the facts can settle.
     */
    Bucket replace(Contribution old, Contribution replacement, boolean keepLatest) {
        Latest newest = latest;
        if (keepLatest) {
            boolean wasLatest = latest != null && latest.on().equals(old.on()) && latest.order() == old.order();
            if (wasLatest && old.isAfter(replacement.on(), replacement.order())) {
                return null;
            }
            if (wasLatest || latest == null || replacement.isAfter(latest.on(), latest.order())) {
                newest = Latest.of(replacement);
            }
        }
        return new Bucket(sum.subtract(old.value()).add(replacement.value()), count, newest,
                participants - old.people() + replacement.people(),
                measurements - old.measured() + replacement.measured());
    }

    /** Null when the contribution taken away was the latest: only the facts can tell which one is latest now. */
    Bucket remove(Contribution c, boolean keepLatest) {
        if (keepLatest && latest != null && latest.on().equals(c.on()) && latest.order() == c.order()) {
            return null;
        }
        return without(c);
    }

    /** The bucket without {@code c}'s value and count, its latest left for the caller to settle. */
    Bucket without(Contribution c) {
        return new Bucket(sum.subtract(c.value()), count - 1, latest, participants - c.people(),
                measurements - c.measured());
    }

    Bucket withLatest(Latest newest) {
        return new Bucket(sum, count, newest, participants, measurements);
    }

    /** How many of its contributions are activities. */
    public long activities() {
        return count - measurements;
    }

    /** The latest of several buckets' latests, e.g. of every month's at one place. */
    static Latest latestOf(Collection<Bucket> buckets) {
        return merge(buckets).latest();
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The value under the indicator's aggregation: sum, average or latest. */
    public BigDecimal value(String aggregation) {
        if (count == 0) {
            return BigDecimal.ZERO;
        }
        return switch (aggregation) {
            case "latest" -> latest == null ? BigDecimal.ZERO : latest.value();
            case "average" -> sum.divide(BigDecimal.valueOf(count), MathContext.DECIMAL64);
            default -> sum;
        };
    }

    /** Several buckets as one, e.g. every period up to a date. */
    static Bucket merge(Collection<Bucket> buckets) {
        BigDecimal sum = BigDecimal.ZERO;
        long count = 0;
        long participants = 0;
        long measurements = 0;
        Latest latest = null;
        for (Bucket bucket : buckets) {
            sum = sum.add(bucket.sum);
            count += bucket.count;
            participants += bucket.participants;
            measurements += bucket.measurements;
            if (bucket.latest != null && (latest == null || bucket.latest.on().isAfter(latest.on())
                    || (bucket.latest.on().equals(latest.on()) && bucket.latest.order() > latest.order()))) {
                latest = bucket.latest;
            }
        }
        return new Bucket(sum, count, latest, participants, measurements);
    }
}
