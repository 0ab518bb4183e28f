package org.kronika.infra.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * mongo-java-server's H2 file backend, answering in reply batches of at most 16 MiB as MongoDB does
 * ({@link ReplyBatches}). Its collections live in the same maps of the file as the library's own, so a file written
 * by either opens in the other.
 */
final class StandInH2Backend extends H2Backend {

    StandInH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName, getMvStore(), getCursorRegistry());
    }

    /** Not static: the library's constructor opens collections before a field of this class could be set. */
    private final class Database extends H2Database {
        Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
            super(databaseName, store, cursorRegistry);
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // The library's own names for a collection's maps (H2Database.openOrCreateCollection).
            String namespace = getFullCollectionNamespace(collectionName);
            MVStore store = getMvStore();
            return new Collection(this, collectionName, options, store.openMap("databases." + namespace),
                    store.openMap("meta." + namespace), cursorRegistry);
        }
    }

    private static final class Collection extends H2Collection {
        Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                   MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
            super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
        }

        @Override
        protected QueryResult createQueryResult(List<Document> matched, int batchSize) {
            return ReplyBatches.firstBatch(matched, batchSize, cursorRegistry);
        }

        @Override
        protected Cursor createCursor(List<Document> remaining) {
            return ReplyBatches.cursor(remaining, cursorRegistry);
        }
    }
}
