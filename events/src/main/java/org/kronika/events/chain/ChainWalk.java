package org.kronika.events.chain;

/**
 * Checks a project's links one at a time, in sequence order, so a chain of any length is verified in constant
 * memory. {@link ChainVerdict#of} is this walk over a list.
 */
public final class ChainWalk {

    private final String projectId;
    private final java.util.Set<Long> remembered;
    private final java.util.Map<Long, String> hashes = new java.util.HashMap<>();
    private String previous = EventChain.GENESIS;
    private long expected;
    private ChainVerdict broken;

    public ChainWalk(String projectId) {
        this(projectId, java.util.Set.of());
    }

    /** @param remember sequences whose recomputed hash to keep, e.g. a checkpoint's head */
    public ChainWalk(String projectId, java.util.Set<Long> remember) {
        this.projectId = projectId;
        this.remembered = remember;
    }

    /**
     * A walk that goes on from a prefix already found intact: its first link must be event {@code events} and name
     * {@code headHash}. What it finds is only as sound as that prefix (a reader that keeps verdicts, say, carries one
     * forward over the events since).
     */
    public static ChainWalk after(String projectId, long events, String headHash) {
        ChainWalk walk = new ChainWalk(projectId);
        walk.expected = events;
        walk.previous = headHash;
        return walk;
    }

    /** The hash recomputed for an event asked to be remembered, if the walk reached it intact. */
    public java.util.Optional<String> hashAt(long sequence) {
        return java.util.Optional.ofNullable(hashes.get(sequence));
    }

    /** Checks the next link; false once the chain is broken (later links are not looked at). */
    public boolean next(ChainLink link) {
        if (broken != null) {
            return false;
        }
        if (link.sequence() != expected) {
            boolean skipped = link.sequence() > expected;
            return fail(skipped ? ChainVerdict.Break.MISSING : ChainVerdict.Break.REPEATED, "expected event "
                    + expected + " but found " + link.sequence() + (skipped
                    // Two events swapped meet this first too: the later one where the earlier should be.
                    ? ": an event is missing or out of order"
                    : ": an event is repeated or out of order"));
        }
        if (!previous.equals(link.prevHash())) {
            return fail(ChainVerdict.Break.UNLINKED, "prevHash does not name the previous event's hash: an event "
                    + "before it was removed, reordered or inserted");
        }
        String recomputed;
        try {
            recomputed = link.recompute(previous);
        } catch (IllegalArgumentException noCanonicalForm) {
            // Nothing without a canonical form is ever recorded, so a copy holding it was changed since.
            return fail(ChainVerdict.Break.NOT_CANONICAL, "its content has no canonical form ("
                    + noCanonicalForm.getMessage() + "): the event was changed after it was recorded");
        }
        if (!recomputed.equals(link.hash())) {
            return fail(ChainVerdict.Break.CHANGED,
                    "its content does not match its hash: the event was changed after it was recorded");
        }
        previous = recomputed;
        if (remembered.contains(link.sequence())) {
            hashes.put(link.sequence(), recomputed);
        }
        expected++;
        return true;
    }

    /** The verdict for the links seen; {@code expectedEvents}, if known, catches a history cut short. */
    public ChainVerdict verdict(Long expectedEvents) {
        if (broken == null && expectedEvents != null && expected < expectedEvents) {
            fail(ChainVerdict.Break.ENDS_EARLY, "expected event " + expected + " but found none: the history ends early, "
                    + (expectedEvents - expected) + " event(s) are missing");
        }
        return broken != null ? broken : new ChainVerdict(projectId, expected, previous, null, null, null);
    }

    private boolean fail(ChainVerdict.Break kind, String reason) {
        broken = new ChainVerdict(projectId, expected, previous, expected, kind, reason);
        return false;
    }
}
