package org.kronika.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Keys;
import org.kronika.query.stream.CloudEventDecoder;
import org.kronika.query.stream.ReceivedEvent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The {@code held_events} collection of a generation: events of waiting or parked projects, exactly as received,
 * keyed by project and sequence so that they are read back in order without a scan.
 */
class HeldEvents {

    static final String NAME = "held_events";
    private static final int READ_BATCH = 1000;

    private final MongoCollection<Document> collection;
    private final CloudEventDecoder decoder = new CloudEventDecoder();

    HeldEvents(MongoDatabase database, Generation generation) {
        this.collection = database.getCollection(generation.collection(NAME));
    }

    /**
     * Holds each event unless a copy of it is held already: the copy read first is the one applied, as for an event
     * applied at once ({@link RepeatedCopies}). A second, different record of the event, published later by whoever
     * can write to the topic, would otherwise take the place of the one the project's note names as applied.
     */
    void holdAll(Collection<ReceivedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        java.util.Map<String, ReceivedEvent> byId = new java.util.LinkedHashMap<>();
        for (ReceivedEvent event : events) {
            // The typed event is derived from type and data again when it is read back.
            byId.putIfAbsent(Keys.numbered(event.projectId(), event.sequence()), event.typed(null));
        }
        org.kronika.query.readmodel.Writes.insertAbsent(collection, byId);
    }

    /** The held events from {@code from} to {@code to}, in order; missing sequences are absent. */
    List<ReceivedEvent> range(String projectId, long from, long to) {
        List<ReceivedEvent> events = new ArrayList<>();
        for (long start = from; start <= to; start += READ_BATCH) {
            for (Document doc : collection.find(Filters.in("_id", Keys.numbered(projectId, start,
                    Math.min(to + 1, start + READ_BATCH))))) {
                events.add(event(doc));
            }
        }
        events.sort(Comparator.comparingLong(ReceivedEvent::sequence));
        return events;
    }

    /** The held events of these ids ({@link Keys#numbered}), by id: those held. */
    java.util.Map<String, ReceivedEvent> find(Collection<String> ids) {
        java.util.Map<String, ReceivedEvent> found = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            collection.find(Filters.in("_id", ids)).forEach(doc -> found.put(doc.getString("_id"), event(doc)));
        }
        return found;
    }

    private ReceivedEvent event(Document doc) {
        ReceivedEvent held = DocumentMapper.fromDocument(doc, ReceivedEvent.class);
        return held.typed(decoder.read(held.type(), held.data()));
    }

    void release(String projectId, long from, long to) {
        for (long start = from; start <= to; start += READ_BATCH) {
            collection.deleteMany(Filters.in("_id", Keys.numbered(projectId, start, Math.min(to + 1,
                    start + READ_BATCH))));
        }
    }
}
