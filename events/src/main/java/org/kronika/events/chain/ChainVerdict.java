package org.kronika.events.chain;

import java.util.List;

/**
 * The result of checking a project's chain.
 *
 * @param events          how many events were found intact, from the first
 * @param headHash        the hash of the last intact event (64 zeros if none)
 * @param brokenAt        the sequence of the first broken link, or {@code null} if the whole chain holds
 * @param kind            what broke it, for a reader in any language, or {@code null} if the whole chain holds
 * @param reason          why that link is broken, in English, with the sequences involved
 */
public record ChainVerdict(String projectId, long events, String headHash, Long brokenAt, Break kind, String reason) {

    /** What breaks a chain. */
    public enum Break {
        /** a sequence number is skipped */
        MISSING,
        /** a sequence number comes again, or too early */
        REPEATED,
        /** prevHash does not name the previous event's hash */
        UNLINKED,
        /** the content has no canonical form, so it was changed after it was recorded */
        NOT_CANONICAL,
        /** the content does not match its hash */
        CHANGED,
        /** fewer events than the history is known to hold */
        ENDS_EARLY,
        /** two copies of one event differ */
        CONFLICTING_COPIES
    }

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
