package org.kronika.query.history;

import org.bson.Document;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.ChainWalk;
import org.kronika.events.chain.EventChain;
import org.kronika.query.readmodel.DocumentMapper;

import java.util.Map;

/**
 * Recomputes a project's hash chain from its stored history, independently of the hashes stored beside it, a
 * chunk at a time: an edited, deleted, reordered, inserted or cut-off event breaks the chain where it happened.
 */
public final class ChainVerification {

    private static final int CHUNK = 1000;

    private ChainVerification() {
    }

    /** @param version the project's last event applied: the history must hold every event up to it */
    public static ChainVerdict verify(String projectId, long version, ProjectHistory history) {
        ChainWalk walk = new ChainWalk(projectId);
        for (long from = 0; from <= version; from += CHUNK) {
            for (Document stored : history.documents(projectId, from, (int) Math.min(CHUNK, version - from + 1))) {
                if (!walk.next(link(projectId, stored))) {
                    return walk.verdict(version + 1);
                }
            }
        }
        return walk.verdict(version + 1);
    }

    /** A history entry as the chain sees it: the published time and actor, without the correlation id. */
    @SuppressWarnings("unchecked")
    static ChainLink link(String projectId, Document entry) {
        Document published = entry.get("actor", Document.class) == null ? new Document()
                : entry.get("actor", Document.class);
        Map<String, Object> actor = EventChain.actor(published.get("subject"), published.get("role"),
                published.get("organisation"));
        return new ChainLink(entry.getString("type"), projectId, entry.get("sequence", Number.class).longValue(),
                entry.getString("time"), actor, (Map<String, Object>) DocumentMapper.plain(entry.get("data", Document.class)),
                entry.getString("prevHash"), entry.getString("hash"));
    }
}
