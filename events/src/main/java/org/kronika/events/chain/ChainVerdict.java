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
        ChainWalk walk = new ChainWalk(projectId);
        for (ChainLink link : links) {
            if (!walk.next(link)) {
                break;
            }
        }
        return walk.verdict(null);
    }
}
