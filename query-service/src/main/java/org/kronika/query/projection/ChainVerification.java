package org.kronika.query.projection;

import org.bson.Document;
import org.kronika.events.chain.EventChain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Recomputes a project's hash chain from its stored history, independently of the hashes stored beside it:
 * every entry must sit at its expected sequence, name the previous entry's hash, and hash to what it claims.
 * The first entry that does not is reported; an edited, deleted, reordered or inserted event always breaks the
 * chain there.
 */
public final class ChainVerification {

    private ChainVerification() {
    }

    /** The verdict: how many events were checked, the head hash, and the first broken link if any. */
    public static Map<String, Object> verify(String projectId, List<Document> history) {
        String previous = EventChain.GENESIS;
        long expectedSequence = 0;
        for (Document entry : history) {
            long sequence = entry.get("sequence", Number.class).longValue();
            if (sequence != expectedSequence) {
                return broken(projectId, expectedSequence, expectedSequence, previous,
                        "expected event " + expectedSequence + " but found " + sequence
                                + (sequence > expectedSequence ? ": an event is missing" : ": an event is repeated or out of order"));
            }
            if (!previous.equals(entry.getString("prevHash"))) {
                return broken(projectId, sequence, sequence, previous,
                        "prevHash does not name the previous event's hash: an event before it was removed, reordered or inserted");
            }
            Document data = entry.get("data", Document.class);
            String recomputed = EventChain.hash(entry.getString("type"), projectId, sequence,
                    EventChain.occurredAt(data), entry.getString("time"), actor(entry.get("actor", Document.class)),
                    data, previous);
            if (!recomputed.equals(entry.getString("hash"))) {
                return broken(projectId, sequence, sequence, previous,
                        "its content does not match its hash: the event was changed after it was recorded");
            }
            previous = recomputed;
            expectedSequence++;
        }
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("projectId", projectId);
        verdict.put("verified", true);
        verdict.put("events", expectedSequence);
        verdict.put("headHash", previous);
        verdict.put("firstBrokenLink", null);
        return verdict;
    }

    private static Map<String, Object> actor(Document published) {
        Map<String, Object> actor = new LinkedHashMap<>();
        if (published != null) {
            for (String key : List.of("subject", "role", "organisation")) {
                if (published.get(key) != null) {
                    actor.put(key, published.get(key));
                }
            }
        }
        return actor;
    }

    private static Map<String, Object> broken(String projectId, long checked, long sequence, String lastGood,
                                              String reason) {
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("projectId", projectId);
        verdict.put("verified", false);
        verdict.put("events", checked);
        verdict.put("headHash", lastGood);
        verdict.put("firstBrokenLink", Map.of("sequence", sequence, "reason", reason));
        return verdict;
    }
}
