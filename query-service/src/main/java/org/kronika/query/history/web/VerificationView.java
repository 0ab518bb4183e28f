package org.kronika.query.history.web;

/**
 * @param events          how many events were found intact, from the first
 * @param headHash        the hash of the last intact event
 * @param firstBrokenLink where and why the chain breaks, or {@code null} if it holds
 */
public record VerificationView(String projectId, boolean verified, long events, String headHash,
                               BrokenLink firstBrokenLink) {

    public record BrokenLink(long sequence, String reason) {
    }
}
