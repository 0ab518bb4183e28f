package org.kronika.query.stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;

import java.util.Date;

/**
 * Records that break the contract, set aside with their position and reason so an operator can inspect them.
 * Skipping one silently would hide a gap; blocking on it would stop every project.
 */
public class RejectedRecords {

    public static final String COLLECTION = "rejected_records";

    private final MongoCollection<Document> collection;

    public RejectedRecords(com.mongodb.client.MongoDatabase database) {
        this.collection = database.getCollection(COLLECTION);
    }

    public void add(ConsumerRecord<String, byte[]> record, String reason) {
        String id = record.topic() + "-" + record.partition() + "-" + record.offset();
        collection.replaceOne(Filters.eq("_id", id), new Document("_id", id)
                        .append("topic", record.topic())
                        .append("partition", record.partition())
                        .append("offset", record.offset())
                        .append("key", record.key())
                        .append("reason", reason)
                        .append("rejectedAt", new Date()),
                new ReplaceOptions().upsert(true));
    }

    public long count() {
        return collection.countDocuments();
    }
}
