package org.kronika.query.readmodel;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.DeleteOneModel;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/** Whole-document writes by id: writing the same document again changes nothing. */
public final class Writes {

    private Writes() {
    }

    /** Writes each record, mapped, as the document with that id, in one unordered bulk write. */
    public static void replaceAll(MongoCollection<Document> collection, Map<String, ?> recordsById) {
        replaceAll(collection, recordsById, Integer.MAX_VALUE);
    }

    /**
     * {@link #replaceAll}, {@code perRequest} records to a bulk write, each request's documents mapped when it is
     * sent: for large records, whose documents all mapped at once would take the heap many times over.
     */
    public static void replaceAll(MongoCollection<Document> collection, Map<String, ?> recordsById, int perRequest) {
        List<WriteModel<Document>> writes = new ArrayList<>(Math.min(perRequest, recordsById.size()));
        for (Map.Entry<String, ?> entry : recordsById.entrySet()) {
            Document doc = document(entry.getKey(), entry.getValue());
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", entry.getKey()), doc,
                    new ReplaceOptions().upsert(true)));
            if (writes.size() == perRequest) {
                collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
                writes.clear();
            }
        }
        if (!writes.isEmpty()) {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
        }
    }

    /** The field of a fact's document naming the writer that wrote it ({@link #replaceUnlessFenced}). */
    public static final String WRITER = "writer";

    /**
     * Writes each document (carrying its {@code _id}) whole, marked with {@code writer}, unless the one stored was
     * written by a later writer: one given its token when it was given the project's partition after this one was.
     * A writer that fell behind (an instance frozen past its consumer group's session, whose partitions another
     * took and moved on with) so leaves the newer documents as they are; the same writer may write a document back
     * to an earlier state, as a batch applied again does. A document stored without a writer is replaced.
     *
     * @return how many were not written, stored by a later writer
     */
    public static int replaceUnlessFenced(MongoCollection<Document> collection, Map<String, ?> recordsById,
                                          long writer) {
        return replaceWhere(collection, recordsById, doc -> doc.append(WRITER, writer),
                doc -> Filters.or(Filters.lte(WRITER, writer), Filters.exists(WRITER, false)));
    }

    /**
     * Writes each record, mapped, as the document with that id where the one stored matches {@code replaceable}, or
     * where none is stored; a stored one that does not match stays as it is. Such a document holds the upsert's
     * {@code _id}, so the upsert fails as a duplicate key, which is what this write expects.
     *
     * @param marked      the document as written, from the record's
     * @param replaceable of the document written, what the stored one must match
     * @return how many were not written, the one stored not matching
     */
    public static int replaceWhere(MongoCollection<Document> collection, Map<String, ?> recordsById,
                                   UnaryOperator<Document> marked,
                                   Function<Document, Bson> replaceable) {
        if (recordsById.isEmpty()) {
            return 0;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(recordsById.size());
        recordsById.forEach((id, record) -> {
            Document doc = marked.apply(document(id, record));
            writes.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", id), replaceable.apply(doc)), doc,
                    new ReplaceOptions().upsert(true)));
        });
        try {
            collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
            return 0;
        } catch (MongoBulkWriteException e) {
            unlessStoredAlready(e);
            return e.getWriteErrors().size();
        }
    }

    /**
     * Inserts each record, mapped, as the document with that id, where no document has that id yet, in one unordered
     * bulk write: one stored already stays as it is.
     */
    public static void insertAbsent(MongoCollection<Document> collection, Map<String, ?> recordsById) {
        List<Document> docs = new ArrayList<>(recordsById.size());
        recordsById.forEach((id, record) -> docs.add(document(id, record)));
        insertAbsent(collection, docs);
    }

    /** Records by the id each is written under, in their order: what the writes here take. */
    public static <T> Map<String, T> byId(Collection<T> records, Function<? super T, String> id) {
        Map<String, T> byId = new java.util.LinkedHashMap<>();
        records.forEach(record -> byId.put(id.apply(record), record));
        return byId;
    }

    /** The record as the document with that id: mapped, unless it is one already. */
    private static Document document(String id, Object record) {
        Document doc = record instanceof Document given ? given : DocumentMapper.toDocument(record);
        doc.put("_id", id);
        return doc;
    }

    /** Inserts each document, carrying its {@code _id}, where none has that id yet: one stored already stays. */
    public static void insertAbsent(MongoCollection<Document> collection, List<Document> docs) {
        try {
            collection.insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            unlessStoredAlready(e);
        }
    }

    /**
     * Rethrows a bulk write's failure unless each of its errors is a duplicate key, a document with that id stored
     * already, which a write that only inserts, or replaces an older document, expects; a write concern error always.
     */
    public static void unlessStoredAlready(MongoBulkWriteException e) {
        if (e.getWriteConcernError() != null || e.getWriteErrors().stream().anyMatch(error -> error.getCode() != 11000)) {
            throw e;
        }
    }

    /**
     * A write that only happens if the stored document is still at the revision the writer read.
     *
     * @param revision the revision read; 0: there was none, so the document is inserted
     * @param document what to store, carrying its next revision; {@code null}: delete the one read
     */
    public record Guarded(String id, long revision, Document document) {
    }

    /**
     * Writes each over the revision it was read at, in one unordered bulk write, and answers the ids whose stored
     * state is now the one asked for. The others were changed by another writer in between: read them again.
     *
     * <p>A bulk write counts its matches but does not say which write matched. All matched is the one answer
     * expected; otherwise the documents are read back, and one that is stored exactly as asked (or, for a
     * deletion, is gone) counts as written: it makes no difference which writer put that same state there.
     */
    public static Set<String> guarded(MongoCollection<Document> collection, Collection<Guarded> writes) {
        List<WriteModel<Document>> models = new ArrayList<>(writes.size());
        List<Guarded> order = new ArrayList<>(writes.size());
        int replacements = 0;
        int deletions = 0;
        for (Guarded write : writes) {
            if (write.document() == null) {
                if (write.revision() == 0) {
                    continue;
                }
                deletions++;
                models.add(new DeleteOneModel<>(Filters.and(Filters.eq("_id", write.id()),
                        Filters.eq("revision", write.revision()))));
            } else {
                write.document().put("_id", write.id());
                if (write.revision() == 0) {
                    models.add(new InsertOneModel<>(write.document()));
                } else {
                    replacements++;
                    models.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", write.id()),
                            Filters.eq("revision", write.revision())), write.document()));
                }
            }
            order.add(write);
        }
        Set<String> written = new HashSet<>();
        writes.forEach(write -> written.add(write.id()));
        if (models.isEmpty()) {
            return written;
        }
        BulkWriteResult result;
        try {
            result = collection.bulkWrite(models, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            for (BulkWriteError error : e.getWriteErrors()) {
                if (error.getCode() != 11000) {
                    throw e;
                }
                // Only an insert can collide: another writer created the document first.
                written.remove(order.get(error.getIndex()).id());
            }
            result = e.getWriteResult();
        }
        if (result.getMatchedCount() < replacements || result.getDeletedCount() < deletions) {
            Map<String, Guarded> guarded = new HashMap<>();
            order.stream().filter(write -> write.revision() != 0).forEach(write -> guarded.put(write.id(), write));
            Map<String, Document> stored = new HashMap<>();
            collection.find(Filters.in("_id", guarded.keySet())).forEach(doc -> stored.put(doc.getString("_id"), doc));
            guarded.forEach((id, write) -> {
                Document there = stored.get(id);
                boolean asAsked = write.document() == null ? there == null
                        : there != null && there.toBsonDocument().equals(write.document().toBsonDocument());
                if (!asAsked) {
                    written.remove(id);
                }
            });
        }
        return written;
    }
}
