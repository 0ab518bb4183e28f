package org.kronika.query.portfolio;

import com.mongodb.MongoSocketWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoDatabase;
import org.kronika.query.readmodel.Generation;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The programme's documents, with the write of the shares that follows the aggregates' failing when armed: as a
 * writer stopped, or MongoDB lost, between the two.
 */
public final class FailingShares extends ProgrammeAggregates {

    private final AtomicInteger failing = new AtomicInteger();

    public FailingShares(MongoDatabase database, Generation generation) {
        super(database, generation);
    }

    /** The next write of the shares fails, once. */
    public void failNext() {
        failing.set(1);
    }

    @Override
    void saveShares(Collection<ProgrammeShare> changed) {
        if (failing.getAndSet(0) > 0) {
            throw new MongoSocketWriteException("lost in the midst of writing the shares", new ServerAddress(),
                    new IOException("lost"));
        }
        super.saveShares(changed);
    }
}
