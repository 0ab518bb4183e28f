package org.kronika.query.portfolio;

import com.mongodb.MongoSocketWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoDatabase;
import org.kronika.query.readmodel.Generation;

import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The programme's documents, with the next write of the aggregates, or of the shares that follow them, failing when
 * armed: as a writer stopped, or MongoDB lost, before the aggregates or between them and the shares.
 */
public final class FailingProgrammeWrites extends ProgrammeAggregates {

    private final AtomicBoolean failingAggregates = new AtomicBoolean();
    private final AtomicBoolean failingShares = new AtomicBoolean();

    public FailingProgrammeWrites(MongoDatabase database, Generation generation) {
        super(database, generation);
    }

    /** The next write of the aggregates fails, once. */
    public void failNextAggregates() {
        failingAggregates.set(true);
    }

    /** The next write of the shares after the aggregates fails, once. */
    public void failNextShares() {
        failingShares.set(true);
    }

    @Override
    Set<String> save(Collection<ProgrammeAggregate> changed) {
        failIf(failingAggregates);
        return super.save(changed);
    }

    @Override
    void saveShares(Collection<ProgrammeShare> changed) {
        failIf(failingShares);
        super.saveShares(changed);
    }

    private static void failIf(AtomicBoolean armed) {
        if (armed.getAndSet(false)) {
            throw new MongoSocketWriteException("lost in the midst of a write", new ServerAddress(),
                    new IOException("lost"));
        }
    }
}
