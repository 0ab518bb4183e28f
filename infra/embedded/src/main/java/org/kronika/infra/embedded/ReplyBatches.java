package org.kronika.infra.embedded;

import de.bwaldvogel.mongo.backend.AbstractCursor;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;

import java.util.List;

/**
 * Query answers cut into batches as MongoDB cuts them: a batch (a find's first, each getMore's) holds at most 16 MiB
 * of documents, and at least one; the rest wait in a cursor. The library sends every document of an answer in one
 * reply unless the client names a batch size, and the driver refuses a reply over 48,000,000 bytes: a read of many
 * large documents (a rebuild of 1,000 projects read their summaries, then their programme shares, 53 MB at once)
 * failed here where a real MongoDB answers it.
 */
final class ReplyBatches {

    /** MongoDB's limit on the documents of one reply batch. */
    static final int BATCH_BYTES = 16 * 1024 * 1024;

    private ReplyBatches() {
    }

    /** {@code matched} as a first batch and, if they do not all fit in it, a cursor registered for the rest. */
    static QueryResult firstBatch(List<Document> matched, int batchSize, CursorRegistry cursors) {
        int fitting = fitting(matched, batchSize);
        if (fitting == matched.size()) {
            return new QueryResult(matched);
        }
        return new QueryResult(matched.subList(0, fitting), cursor(matched.subList(fitting, matched.size()), cursors));
    }

    /** A cursor over {@code remaining}, registered, that hands them out in batches of at most 16 MiB. */
    static Cursor cursor(List<Document> remaining, CursorRegistry cursors) {
        Cursor cursor = new Batching(cursors.generateCursorId(), remaining);
        cursors.add(cursor);
        return cursor;
    }

    /**
     * How many of {@code documents}, from the first, make the next batch: no more than {@code batchSize} (none
     * named when not positive) and no more than 16 MiB, but at least one.
     */
    static int fitting(List<Document> documents, int batchSize) {
        int most = batchSize > 0 ? Math.min(batchSize, documents.size()) : documents.size();
        if (most <= 1) {
            return most;
        }
        long bytes = 0;
        for (int i = 0; i < most; i++) {
            bytes += BsonSize.of(documents.get(i));
            if (bytes > BATCH_BYTES && i > 0) {
                return i;
            }
        }
        return most;
    }

    private static final class Batching extends AbstractCursor {
        private List<Document> remaining;

        Batching(long id, List<Document> remaining) {
            super(id);
            this.remaining = remaining;
        }

        @Override
        public synchronized boolean isEmpty() {
            return remaining.isEmpty();
        }

        @Override
        public synchronized List<Document> takeDocuments(int batchSize) {
            int fitting = fitting(remaining, batchSize);
            List<Document> batch = remaining.subList(0, fitting);
            remaining = remaining.subList(fitting, remaining.size());
            return batch;
        }
    }
}
