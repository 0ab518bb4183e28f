package org.kronika.events.chain;

import java.util.List;

/**
 * The result of checking a project's chain.
 *
 * @param events          how many events were found intact, from the first
 * @param headHash        the hash of the last intact event (64 zeros if none)
 * @param brokenAt        the sequence of the first broken link, or {@code null} if the whole chain holds
 * @param reason          why that link is broken
 */
public record ChainVerdict(String projectId, long events, String headHash, Long brokenAt, String reason) {

    public boolean verified() {
        return brokenAt == null;
    }

    /** Checks a project's links, in sequence order, as docs/audit/hash-chain.md describes. */
    public static ChainVerdict of(String projectId, List<ChainLink> links) {
        String previous = EventChain.GENESIS;
        long expected = 0;
        for (ChainLink link : links) {
            if (link.sequence() != expected) {
                return new ChainVerdict(projectId, expected, previous, expected, "expected event " + expected
                        + " but found " + link.sequence() + (link.sequence() > expected
                        ? ": an event is missing" : ": an event is repeated or out of order"));
            }
            if (!previous.equals(link.prevHash())) {
                return new ChainVerdict(projectId, expected, previous, expected, "prevHash does not name the previous "
                        + "event's hash: an event before it was removed, reordered or inserted");
            }
            String recomputed;
            try {
                recomputed = link.recompute(previous);
            } catch (IllegalArgumentException noCanonicalForm) {
                // Nothing without a canonical form is ever recorded, so a copy holding it was changed since.
                return new ChainVerdict(projectId, expected, previous, expected, "its content has no canonical form ("
                        + noCanonicalForm.getMessage() + "): the event was changed after it was recorded");
            }
            if (!recomputed.equals(link.hash())) {
                return new ChainVerdict(projectId, expected, previous, expected,
                        "its content does not match its hash: the event was changed after it was recorded");
            }
            previous = recomputed;
            expected++;
        }
        return new ChainVerdict(projectId, expected, previous, null, null);
    }
}
