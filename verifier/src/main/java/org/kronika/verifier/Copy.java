package org.kronika.verifier;

import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;

import java.util.List;

/**
 * A project's events as one copy holds them (an export file, or the records of the topic), and the first of its
 * events that breaks the chain before any walk does, if any: a repeat that differs from the first copy, or a line or
 * record that is not an event at all.
 */
record Copy(String projectId, List<ChainLink> links, Conflict conflict) {

    /** Where a broken record names no project, its line is printed under this name. */
    static final String UNNAMED = "(no project named)";
    /** The verdict on a copy of no event, whichever command checks it: nothing to check is not a history that holds. */
    static final String EMPTY = "EMPTY   the file holds no event";

    /**
     * Its events up to {@code sequence}, with its conflict if that lies there too, or cannot say where: what the
     * project recorded after a signed head says nothing about the events before it.
     */
    Copy upTo(long sequence) {
        boolean after = conflict != null && conflict.sequence() != null && conflict.sequence() > sequence;
        return new Copy(projectId, links.stream().filter(link -> link.sequence() <= sequence).toList(),
                after ? null : conflict);
    }

    /**
     * A repeat that differs from the first copy, or an event that cannot be read, breaks the chain there, if nothing
     * broke it before (and says more than the walk, which saw one copy, or none, of that event); one of no known
     * sequence breaks it where the intact events end.
     */
    ChainVerdict withConflict(ChainVerdict verdict) {
        if (conflict == null) {
            return verdict;
        }
        long at = conflict.sequence() == null ? verdict.events() : conflict.sequence();
        if (verdict.verified() || at <= verdict.brokenAt()) {
            return new ChainVerdict(verdict.projectId(), Math.min(at, verdict.events()), "", at, conflict.kind(),
                    conflict.reason());
        }
        return verdict;
    }

    /** @param sequence where the chain breaks, or {@code null} where the event's own sequence cannot be read */
    record Conflict(Long sequence, ChainVerdict.Break kind, String reason) {

        /** The one that breaks the chain first. */
        static Conflict first(Conflict a, Conflict b) {
            return b.sequence() == null || (a.sequence() != null && a.sequence() <= b.sequence()) ? a : b;
        }
    }
}
