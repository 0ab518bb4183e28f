package org.kronika.query.stream;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.bson.Document;
import org.kronika.events.CloudEventHeaders;
import org.kronika.query.readmodel.Generation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
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
    /**
     * A generation's: per project a rejected record names, or whose event two different records claim, the first
     * such record on the topic.
     */
    public static final String BY_PROJECT = "rejected_projects";
    private static final int DUPLICATE_KEY = 11000;
    private static final String REJECTED_AT = "rejectedAt";

    private final MongoDatabase database;
    private final MongoCollection<Document> collection;
    /** Where records are noted against their projects; {@code null}: not read for a generation. */
    private final MongoCollection<Document> byProject;

    public RejectedRecords(MongoDatabase database) {
        this(database, null);
        // Listed newest first, a page of them: however many a hostile writer puts on the topic.
        collection.createIndex(Indexes.descending(REJECTED_AT));
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

    /**
     * A record that follows the contract but was not applied, listed as any record set aside: a second, different
     * copy of an event already applied or held, a second definition of a period. Its project is noted by the caller.
     *
     * @return whether it is newly set aside, not read again (by a rebuild, or after a restart)
     */
    public boolean setAside(ReceivedEvent event, String reason) {
        ReceivedEvent.Position at = event.placed();
        String sequence = Long.toString(event.sequence());
        // A copy read from no known place (replayed from the read models) is told apart by what it claims.
        return list(at.topic() != null ? at.topic() + "-" + at.partition() + "-" + at.offset()
                        : event.projectId() + "-" + sequence + "-unplaced", at.topic(), at.partition(), at.offset(),
                event.projectId(), event.projectId(), sequence, reason);
    }

    /** @return whether the record is newly set aside, not read again (by a rebuild, or after a restart) */
    public boolean add(ConsumerRecord<String, byte[]> record, String reason) {
        String sequence = CloudEventDecoder.optional(record, CloudEventHeaders.SEQUENCE).orElse(null);
        boolean added = list(record.topic() + "-" + record.partition() + "-" + record.offset(), record.topic(), record.partition(),
                record.offset(), record.key(), CloudEventDecoder.optional(record, CloudEventHeaders.SUBJECT)
                        .orElse(null), sequence, reason);
        if (byProject != null) {
            for (String projectId : named(record)) {
                note(projectId, new Rejection(record.partition(), record.offset(), sequence, reason));
            }
        }
        return added;
    }

    /**
     * Lists a record set aside, once by its id however often it is read again: read again (the same key, subject and
     * sequence at that place; its reason as worded now may differ), it keeps the time it was first set aside, and is
     * not new. Listed by one insert, so that two readers of it at once (the live read models and a rebuild) count it
     * once. Another record at that place (a topic recreated under its name) replaces it, and is new.
     */
    private boolean list(String id, String topic, int partition, long offset, String key, String subject,
                         String sequence, String reason) {
        Document listing = new Document("topic", topic).append("partition", partition).append("offset", offset)
                .append("key", key).append("subject", subject).append("sequence", sequence).append("reason", reason)
                .append(REJECTED_AT, new Date());
        Document listed;
        try {
            var inserted = collection.updateOne(Filters.eq("_id", id), Updates.setOnInsert(listing),
                    new UpdateOptions().upsert(true));
            if (inserted.getUpsertedId() != null) {
                return true;
            }
            listed = collection.find(Filters.eq("_id", id)).first();
        } catch (MongoWriteException e) {
            if (e.getError().getCode() != DUPLICATE_KEY) {
                throw e;
            }
            return false; // the other reader listed it at that moment
        }
        if (listed != null && java.util.Objects.equals(listed.getString("key"), key)
                && java.util.Objects.equals(listed.getString("subject"), subject)
                && java.util.Objects.equals(listed.getString("sequence"), sequence)) {
            return false;
        }
        Document replacement = new Document("_id", id);
        replacement.putAll(listing);
        collection.replaceOne(Filters.eq("_id", id), replacement, new ReplaceOptions().upsert(true));
        return true;
    }

    /**
     * A record set aside, as an operator lists it.
     *
     * @param key       the record's key: the project it names, as the command side keys every record
     * @param subject   its {@code ce_subject} header as it came, if it had one (a project, the programme's stream)
     * @param sequence  its {@code ce_sequence} header as it came, if it had one
     * @param rejectedAt when it was first set aside (read again by a rebuild or after a restart, it keeps it)
     */
    public record SetAside(String topic, int partition, long offset, String key, String subject, String sequence,
                           String reason, Instant rejectedAt) {
    }

    /** The records set aside most recently, of every generation and topic, newest first. */
    public List<SetAside> newest(int limit) {
        List<SetAside> newest = new ArrayList<>();
        for (Document doc : collection.find().sort(Sorts.descending(REJECTED_AT)).limit(limit)) {
            Date at = doc.getDate(REJECTED_AT);
            newest.add(new SetAside(doc.getString("topic"), doc.getInteger("partition"), doc.getLong("offset"),
                    doc.getString("key"), doc.getString("subject"), doc.getString("sequence"),
                    doc.getString("reason"), at == null ? null : at.toInstant()));
        }
        return newest;
    }

    /**
     * The first record on the topic (by partition, then offset) naming the project that the generation's projection
     * rejected, if any. Its time is not kept: two generations read from the same topic note the same.
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

    /**
     * Notes a record against a project it names, for a generation: one that follows the contract but that the
     * projection did not apply for another reason (a second, different copy of an event), or one set aside here.
     * The one first on the topic stays, by partition and offset, whichever the projection read first: partitions are
     * read in no fixed order, and two generations built from the same topic must note the same. Replaced only where
     * the stored one lies further on; where it does not, the upsert's insert meets the stored id and changes nothing.
     */
    public void note(String projectId, Rejection rejection) {
        if (byProject == null) {
            throw new IllegalStateException("Records are noted against projects for a generation: see in()");
        }
        try {
            byProject.updateOne(Filters.and(Filters.eq("_id", projectId), Filters.or(
                            Filters.gt("partition", rejection.partition()),
                            Filters.and(Filters.eq("partition", rejection.partition()),
                                    Filters.gt("offset", rejection.offset())))),
                    Updates.combine(Updates.set("partition", rejection.partition()),
                            Updates.set("offset", rejection.offset()), Updates.set("sequence", rejection.sequence()),
                            Updates.set("reason", rejection.reason())),
                    new UpdateOptions().upsert(true));
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
