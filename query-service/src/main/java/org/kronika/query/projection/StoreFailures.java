package org.kronika.query.projection;

import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

/**
 * Whether a store's failure is the store away a moment, which is no fault of the events: the run then retries from
 * its checkpoint. Any other failure of a project's event or documents parks that project instead of stopping the
 * others.
 */
final class StoreFailures {

    private StoreFailures() {
    }

    /** Throws {@code e} itself, unwrapped, if the store is only away a moment. */
    static void rethrowIfTransient(RuntimeException e) {
        if (transientFailure(e)) {
            throw e;
        }
    }

    private static boolean transientFailure(RuntimeException e) {
        return e instanceof MongoSocketException || e instanceof MongoTimeoutException
                || e instanceof MongoNotPrimaryException || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoInterruptedException || e instanceof MongoExecutionTimeoutException;
    }
}
