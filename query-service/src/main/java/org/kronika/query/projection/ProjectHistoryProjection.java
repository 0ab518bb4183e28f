package org.kronika.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.kronika.query.stream.ReceivedEvent;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Date;
import java.util.List;

/**
 * Every event of every project, one document each, keyed by project and sequence. Written with
 * insert-if-absent, so a repeat is a no-op and a stored entry is never overwritten.
 */
@Component
public class ProjectHistoryProjection {

    static final String COLLECTION = "project_history";

    private final MongoCollection<Document> history;

    public ProjectHistoryProjection(MongoTemplate mongo) {
        this.history = mongo.getCollection(COLLECTION);
        history.createIndex(Indexes.ascending("projectId", "sequence"), new IndexOptions().unique(true));
    }

    public void apply(List<ReceivedEvent> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> writes = batch.stream()
                .map(event -> new UpdateOneModel<Document>(
                        Filters.eq("_id", key(event.projectId(), event.sequence())),
                        Updates.setOnInsert(entry(event)),
                        new UpdateOptions().upsert(true)))
                .toList();
        history.bulkWrite(writes);
    }

    static String key(String projectId, long sequence) {
        return projectId + "/" + String.format("%019d", sequence);
    }

    private static Document entry(ReceivedEvent event) {
        return new Document("projectId", event.projectId())
                .append("sequence", event.sequence())
                .append("eventId", event.eventId())
                .append("type", event.type())
                .append("recordedAt", Date.from(event.recordedAt()))
                .append("time", event.time())
                .append("actor", event.actor())
                .append("hash", event.chain().getString("hash"))
                .append("prevHash", event.chain().getString("prevHash"))
                .append("data", event.data());
    }
}
