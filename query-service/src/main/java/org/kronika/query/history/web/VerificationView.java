package org.kronika.query.history.web;

/**
 * @param verified         whether the chain holds up to the project's version and that history is the whole one:
 *                         false if it breaks, or if it is not {@code complete}
 * @param events           how many events were found intact, from the first
 * @param headHash         the hash of the last intact event
 * @param firstBrokenLink  where and why the chain breaks, or {@code null} if it holds; for a chain intact as far as
 *                         it is shown but not complete, the first event not shown (or one shown that a record
 *                         not applied claims too), with the incomplete reason
 * @param complete         whether the read side applied every record of the project it read from the topic: none
 *                         was rejected as breaking the contract, no two different records claim one of its events,
 *                         and none of its events are held (waiting for an event, parked, catching up)
 * @param incompleteReason why the history shown stops short of the topic, or {@code null} if it is complete
 */
public record VerificationView(String projectId, boolean verified, long events, String headHash,
                               BrokenLink firstBrokenLink, boolean complete, String incompleteReason) {

    public record BrokenLink(long sequence, String reason) {
    }
}
