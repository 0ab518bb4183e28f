package org.kronika.query.history;

import org.bson.Document;
import org.kronika.events.chain.ChainLink;
import org.kronika.events.chain.ChainVerdict;
import org.kronika.events.chain.ChainWalk;
import org.kronika.events.chain.EventChain;
import org.kronika.query.readmodel.DocumentMapper;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        return walk(new ChainWalk(projectId), projectId, 0, version, history);
    }

    /**
     * The verdict on an intact chain carried forward to {@code version}: its head is read and hashed again, then
     * only the events after it. Empty if the head is no longer stored as it was verified (changed, removed or
     * replaced): the caller then checks the whole chain again. An earlier event changed since is not seen here.
     */
    public static Optional<ChainVerdict> extend(String projectId, ChainVerdict intact, long version,
                                                ProjectHistory history) {
        long head = intact.events() - 1;
        List<Document> stored = head < 0 ? List.of() : history.documents(projectId, head, 1);
        if (stored.size() != 1 || !unchanged(projectId, stored.get(0), head, intact.headHash())) {
            return Optional.empty();
        }
        return Optional.of(walk(ChainWalk.after(projectId, intact.events(), intact.headHash()), projectId, head + 1,
                version, history));
    }

    /**
     * The verdict on an intact chain cut back to {@code version}, a few events before its head: each event from the
     * head back must still hash to what the one after it names. Empty if one does not, or if it is further back than
     * one chunk.
     */
    public static Optional<ChainVerdict> shorten(String projectId, ChainVerdict intact, long version,
                                                 ProjectHistory history) {
        long head = intact.events() - 1;
        if (head - version >= CHUNK) {
            return Optional.empty();
        }
        List<Document> stored = history.documents(projectId, version, (int) (head - version + 1));
        if (stored.size() != head - version + 1) {
            return Optional.empty();
        }
        String expected = intact.headHash();
        for (int i = stored.size() - 1; i >= 0; i--) {
            if (!unchanged(projectId, stored.get(i), version + i, expected)) {
                return Optional.empty();
            }
            expected = stored.get(i).getString("prevHash");
        }
        return Optional.of(new ChainVerdict(projectId, version + 1, stored.get(0).getString("hash"), null, null, null));
    }

    /**
     * The hash stored with the event at {@code sequence}, or {@code null} if the history does not hold it: what a
     * head held from before (an auditor's, a page's) is compared with.
     */
    public static String storedHash(String projectId, long sequence, ProjectHistory history) {
        return history.documents(projectId, sequence, 1).stream().findFirst().map(d -> d.getString("hash"))
                .orElse(null);
    }

    /** Events {@code from} to {@code version} through the walk, a chunk at a time. */
    private static ChainVerdict walk(ChainWalk walk, String projectId, long from, long version, ProjectHistory history) {
        for (long start = from; start <= version; start += CHUNK) {
            for (Document stored : history.documents(projectId, start, (int) Math.min(CHUNK, version - start + 1))) {
                if (!walk.next(link(projectId, stored))) {
                    return walk.verdict(version + 1);
                }
            }
        }
        return walk.verdict(version + 1);
    }

    /** Whether a stored event is the one whose hash was found to be {@code hash}: its content still hashes to it. */
    private static boolean unchanged(String projectId, Document stored, long sequence, String hash) {
        ChainLink link = link(projectId, stored);
        if (link.sequence() != sequence || !hash.equals(link.hash())) {
            return false;
        }
        try {
            return hash.equals(link.recompute(link.prevHash()));
        } catch (IllegalArgumentException noCanonicalForm) {
            return false;
        }
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
