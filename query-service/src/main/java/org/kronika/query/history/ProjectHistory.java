package org.kronika.query.history;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Keys;
import org.kronika.query.readmodel.Writes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * The {@code history} collection of a generation: every event of every project, one document each, keyed by
 * project and sequence ({@code projectId/0000000000000000042}). A stored entry is never overwritten: writing an
 * entry that exists already is a no-op.
 */
public class ProjectHistory {

    public static final String NAME = "history";

    private final MongoCollection<Document> collection;

    public ProjectHistory(MongoDatabase database, Generation generation) {
        this.collection = database.getCollection(generation.collection(NAME));
    }

    /**
     * No index beyond {@code _id}: it is the project and sequence, and every read asks for ids. A unique index on
     * (projectId, sequence) would only repeat it and cost every write.
     */
    public void declareIndexes() {
        // nothing to declare
    }

    public void insertAll(Collection<HistoryEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        List<Document> docs = new ArrayList<>(entries.size());
        for (HistoryEntry entry : entries) {
            docs.add(document(entry));
        }
        // Entries written before a restart come again with the same content; anything else is an error.
        Writes.insertAbsent(collection, docs);
    }

    /** An entry as its document: written by hand, it is on the path of every event. */
    static Document document(HistoryEntry entry) {
        var actor = entry.actor();
        return present(new Document("_id", Keys.numbered(entry.projectId(), entry.sequence()))
                .append("projectId", entry.projectId())
                .append("sequence", entry.sequence())
                .append("eventId", entry.eventId())
                .append("type", entry.type())
                .append("time", entry.time())
                .append("recordedAt", entry.recordedAt().toString())
                .append("actor", actor == null ? null : present(new Document("subject", actor.subject())
                        .append("role", actor.role()).append("organisation", actor.organisation())
                        .append("correlationId", actor.correlationId())))
                .append("data", new Document(entry.data()))
                .append("hash", entry.hash())
                .append("prevHash", entry.prevHash())
                .append("occurredOn", entry.occurredOn() == null ? null : entry.occurredOn().toString())
                .append("activityBefore", entry.activityBefore() == null ? null : new Document(entry.activityBefore())));
    }

    /** Without the fields that say nothing: absent and null read back the same, and cost nothing to keep. */
    private static Document present(Document document) {
        document.values().removeIf(java.util.Objects::isNull);
        return document;
    }

    /** Entries with sequences {@code from} to {@code from + count - 1}, in order; missing ones are absent. */
    public List<HistoryEntry> range(String projectId, long from, int count) {
        List<HistoryEntry> entries = new ArrayList<>(count);
        for (Document doc : documents(projectId, from, count)) {
            entries.add(entry(doc));
        }
        return entries;
    }

    /** Entries {@code from} to {@code to}, in order, a chunk at a time: a range of any length in constant memory. */
    public void each(String projectId, long from, long to, Consumer<HistoryEntry> action) {
        for (long start = from; start <= to; start += CHUNK) {
            range(projectId, start, (int) Math.min(CHUNK, to - start + 1)).forEach(action);
        }
    }

    private static final int CHUNK = 500;

    /**
     * The stored documents as they are, for verification: the chain is recomputed from what is stored, whatever
     * the stored sequence numbers say.
     */
    public List<Document> documents(String projectId, long from, int count) {
        List<Document> docs = collection.find(Filters.in("_id", Keys.numbered(projectId, from, from + count)))
                .into(new ArrayList<>());
        docs.sort(Comparator.comparing(d -> d.getString("_id")));
        return docs;
    }

    /** The entries of these ids ({@link Keys#numbered}), by id: those stored. */
    public java.util.Map<String, HistoryEntry> entries(Collection<String> ids) {
        java.util.Map<String, HistoryEntry> found = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            collection.find(Filters.in("_id", ids)).forEach(doc -> found.put(doc.getString("_id"), entry(doc)));
        }
        return found;
    }

    /** An entry from its document, read by hand: pages read a hundred at a time. */
    @SuppressWarnings("unchecked")
    public static HistoryEntry entry(Document doc) {
        Document actor = doc.get("actor", Document.class);
        String occurredOn = doc.getString("occurredOn");
        return new HistoryEntry(doc.getString("projectId"), ((Number) doc.get("sequence")).longValue(),
                doc.getString("eventId"), doc.getString("type"), doc.getString("time"),
                java.time.Instant.parse(doc.getString("recordedAt")), actor == null ? null
                : new org.kronika.query.stream.ReceivedEvent.Actor(actor.getString("subject"), actor.getString("role"),
                actor.getString("organisation"), actor.getString("correlationId")),
                (java.util.Map<String, Object>) DocumentMapper.plain(doc.get("data")), doc.getString("hash"),
                doc.getString("prevHash"), occurredOn == null ? null : java.time.LocalDate.parse(occurredOn),
                (java.util.Map<String, Object>) DocumentMapper.plain(doc.get("activityBefore")));
    }

    /** The highest sequence stored for a project, found by probing ids: no scan, no secondary index. */
    public long last(String projectId, long atLeast) {
        return collection.find(Filters.eq("_id", Keys.numbered(projectId, atLeast))).first() == null ? atLeast - 1
                : atLeast;
    }
}
