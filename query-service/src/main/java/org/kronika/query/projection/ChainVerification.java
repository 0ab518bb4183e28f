package org.kronika.query.projection;

import org.bson.Document;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.EventChain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes a project's hash chain from its stored history, independently of the hashes stored beside it; an
 * edited, deleted, reordered or inserted event breaks the chain where it happened.
 */
public final class ChainVerification {

    private ChainVerification() {
    }

    public static Map<String, Object> verify(String projectId, List<Document> history) {
        ChainVerdict verdict = ChainVerdict.of(projectId, history.stream().map(entry -> link(projectId, entry)).toList());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("projectId", projectId);
        answer.put("verified", verdict.verified());
        answer.put("events", verdict.events());
        answer.put("headHash", verdict.headHash());
        answer.put("firstBrokenLink", verdict.verified() ? null
                : Map.of("sequence", verdict.brokenAt(), "reason", verdict.reason()));
        return answer;
    }

    /** A history entry as the chain sees it: the published time and actor, without the correlation id. */
    static ChainLink link(String projectId, Document entry) {
        Document published = entry.get("actor", Document.class) == null ? new Document()
                : entry.get("actor", Document.class);
        Map<String, Object> actor = EventChain.actor(published.get("subject"), published.get("role"),
                published.get("organisation"));
        return new ChainLink(entry.getString("type"), projectId, entry.get("sequence", Number.class).longValue(),
                entry.getString("time"), actor, entry.get("data", Document.class), entry.getString("prevHash"),
                entry.getString("hash"));
    }
}
