package org.kronika.query.portfolio;

import com.mongodb.client.MongoDatabase;
import org.kronika.query.readmodel.Generation;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The programme's documents, with something else happening just before the next read of the aggregates: as another
 * instance writing while this one was frozen in the midst of a rollup (a collector pause, a VM stopped).
 */
public final class InterruptedProgrammeReads extends ProgrammeAggregates {

    private final AtomicReference<Runnable> meanwhile = new AtomicReference<>();

    public InterruptedProgrammeReads(MongoDatabase database, Generation generation) {
        super(database, generation);
    }

    /** Runs {@code action} once, before the next read of the aggregates. */
    public void beforeNextRead(Runnable action) {
        meanwhile.set(action);
    }

    @Override
    Map<String, ProgrammeAggregate> load(Collection<String> scopeIds) {
        Runnable action = meanwhile.getAndSet(null);
        if (action != null) {
            action.run();
        }
        return super.load(scopeIds);
    }
}
