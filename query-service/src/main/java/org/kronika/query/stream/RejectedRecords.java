package org.kronika.query.stream;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.kronika.events.CloudEventHeaders;
import org.kronika.query.readmodel.Generation;

import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Records that break the contract, set aside with their position and reason so an operator can inspect them.
 * Skipping one silently would hide a gap; blocking on it would stop every project.
 * <p>
 * Read for a generation, each is also noted against the projects it names (its key and its {@code ce_subject}):
 * a project's history stops short of what the topic holds for it, and its verification must say so, which it
 * learns with one read by the project's id rather than by searching every record set aside.
 */
public class RejectedRecords {

    public static final String COLLECTION = "rejected_records";
    /** A generation's: per project a rejected record names, the first such record the generation read. */
    public static final String BY_PROJECT = "rejected_projects";
    private static final int DUPLICATE_KEY = 11000;

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;
    /** Where records are noted against their projects; {@code null}: not read for a generation. */
    private final MongoCollection<Document> byProject;

    public RejectedRecords(MongoDatabase database) {
        this(database, null);
    }

    private RejectedRecords(MongoDatabase database, MongoCollection<Document> byProject) {
        this.database = database;
        this.collection = database.getCollection(COLLECTION);
        this.byProject = byProject;
    }

    /** The records that a generation's projection rejects: each also noted against the projects it names. */
    public RejectedRecords in(Generation generation) {
        return new RejectedRecords(database, database.getCollection(generation.collection(BY_PROJECT)));
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
        if (byProject != null) {
            for (String projectId : named(record)) {
                note(projectId, new Rejection(record.partition(), record.offset(),
                        CloudEventDecoder.optional(record, CloudEventHeaders.SEQUENCE).orElse(null), reason));
            }
        }
    }

    /**
     * The first record naming the project that the generation's projection rejected, if any. Its time is not kept:
     * two generations read from the same topic note the same.
     */
    public Optional<Rejection> first(Generation generation, String projectId) {
        Document found = database.getCollection(generation.collection(BY_PROJECT))
                .find(Filters.eq("_id", projectId)).first();
        return Optional.ofNullable(found).map(doc -> new Rejection(doc.getInteger("partition"), doc.getLong("offset"),
                doc.getString("sequence"), doc.getString("reason")));
    }

    public long count() {
        return collection.countDocuments();
    }

    /**
     * A record set aside, where it is on the topic and why.
     *
     * @param sequence its {@code ce_sequence} header as it came, or {@code null} if it had none
     */
    public record Rejection(int partition, long offset, String sequence, String reason) {
    }

    /** The first one stays: a record read again after a restart, or a later one, changes nothing. */
    private void note(String projectId, Rejection rejection) {
        try {
            byProject.insertOne(new Document("_id", projectId).append("partition", rejection.partition())
                    .append("offset", rejection.offset()).append("sequence", rejection.sequence())
                    .append("reason", rejection.reason()));
        } catch (MongoWriteException e) {
            if (e.getError().getCode() != DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    /** The projects a record names: a record whose key and subject differ is one of each's, whichever it meant. */
    private static Set<String> named(ConsumerRecord<String, byte[]> record) {
        Set<String> named = new LinkedHashSet<>();
        if (record.key() != null) {
            named.add(record.key());
        }
        CloudEventDecoder.optional(record, CloudEventHeaders.SUBJECT).ifPresent(named::add);
        return named;
    }
}
