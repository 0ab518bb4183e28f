package org.kronika.infra.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.backend.memory.MemoryCollection;
import de.bwaldvogel.mongo.backend.memory.MemoryDatabase;
import de.bwaldvogel.mongo.bson.Document;

import java.util.ArrayList;
import java.util.List;

/**
 * mongo-java-server's memory backend, answering as MongoDB does where the library does not: in reply batches of at
 * most 16 MiB ({@link ReplyBatches}), and a query that names one {@code _id} (with other conditions beside it) from
 * that document alone, as MongoDB does through its {@code _id} index. The backend uses an index only for a
 * query of exactly its keys, so a conditional write such as {@code {_id: p, version: 7}} (every summary, list entry
 * and programme cell the projection writes over a version) scanned the whole collection: a cost per write that grew
 * with the number of projects. The documents found are the same; only the scan is skipped.
 */
final class StandInMemoryBackend extends MemoryBackend {

    @Override
    public MemoryDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getCursorRegistry());
    }

    private static final class Database extends MemoryDatabase {
        Database(String databaseName, CursorRegistry cursorRegistry) {
            super(databaseName, cursorRegistry);
        }

        @Override
        protected MemoryCollection openOrCreateCollection(String collectionName, CollectionOptions options) {
            return new Collection(this, collectionName, options, cursorRegistry);
        }
    }

    private static final class Collection extends MemoryCollection {
        Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                   CursorRegistry cursorRegistry) {
            super(database, collectionName, options, cursorRegistry);
        }

        @Override
        protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                             int batchSize, Document fieldSelector) {
            String id = namedId(query);
            if (id == null) {
                return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
            }
            List<Document> candidates = new ArrayList<>(1);
            super.queryDocuments(new Document("_id", id), null, 0, 0, 0, null).forEach(candidates::add);
            return matchDocumentsFromStream(candidates.stream(), query, orderBy, numberToSkip, limit, batchSize,
                    fieldSelector);
        }

        /**
         * The library weighs the document before and after every update, and every document inserted or removed,
         * by encoding it whole, to keep a running total that only collStats and dbStats read: 12 % of the
         * stand-in's CPU in a rebuild's profile, where the summaries it updates weigh up to a megabyte. The total
         * is counted here when asked instead, the same number.
         */
        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected synchronized int getDataSize() {
            long bytes = streamAllDocumentsWithPosition().mapToLong(stored -> BsonSize.of(stored.getDocument())).sum();
            return (int) Math.min(Integer.MAX_VALUE, bytes);
        }

        @Override
        protected QueryResult createQueryResult(List<Document> matched, int batchSize) {
            return ReplyBatches.firstBatch(matched, batchSize, cursorRegistry);
        }

        @Override
        protected Cursor createCursor(List<Document> remaining) {
            return ReplyBatches.cursor(remaining, cursorRegistry);
        }

        /**
         * The one string {@code _id} a query of several conditions requires, at its top level or as a clause of its
         * top-level {@code $and}; null for any other query, which the backend answers as before.
         */
        private static String namedId(Document query) {
            if (query.size() > 1 && query.get("_id") instanceof String id) {
                return id;
            }
            if (query.size() == 1 && query.get("$and") instanceof List<?> clauses) {
                for (Object clause : clauses) {
                    if (clause instanceof Document condition && condition.size() == 1
                            && condition.get("_id") instanceof String id) {
                        return id;
                    }
                }
            }
            return null;
        }
    }
}
