package org.kronika.query.portfolio;

import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.Lru;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;

/**
 * The programme's aggregates as read at most {@value #FRESH_MS} ms ago. Dashboards ask for the same few scopes
 * over and over, each aggregate holds a line per project, and figures a second old are as good as the read side's
 * own lag: reading each at most once a second keeps a view's cost flat however many people look. Once a second
 * only its revision is read; the aggregate itself only when that moved.
 */
public final class RecentAggregates {

    private static final long FRESH_MS = 1000;
    /**
     * What the aggregates held weigh together at most ({@link ProgrammeAggregate#weight}): one of them holds a line
     * per project of its scope, about 400 KB for the programme's in a programme of 1,000 projects, and there is a
     * scope per organisation and per municipality of each.
     */
    private static final long MOST_BYTES = 32L << 20;

    private record Read(ProgrammeAggregate aggregate, Instant at) {
    }

    private final Generations generations;
    private final Clock clock;
    private final Map<String, Read> reads = Collections.synchronizedMap(Lru.weighed(MOST_BYTES,
            read -> read.aggregate() == null ? 0 : read.aggregate().weight()));

    public RecentAggregates(Generations generations, Clock clock) {
        this.generations = generations;
        this.clock = clock;
    }

    public Optional<ProgrammeAggregate> find(Generation generation, Scope scope) {
        String key = generation.id() + "/" + scope.id();
        Instant now = clock.instant();
        Read read = reads.get(key);
        if (read == null || Duration.between(read.at(), now).toMillis() >= FRESH_MS) {
            ProgrammeAggregates store = ProgrammeAggregates.of(generations, generation);
            ProgrammeAggregate held = read == null ? null : read.aggregate();
            // Read again only if written since: a request that refreshed paid for every member's line each second.
            ProgrammeAggregate aggregate = held != null && store.revision(scope) == held.revision() ? held
                    : store.find(scope).orElse(null);
            read = new Read(aggregate, now);
            reads.put(key, read);
        }
        return Optional.ofNullable(read.aggregate());
    }
}
