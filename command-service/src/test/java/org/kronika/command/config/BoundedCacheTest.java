package org.kronika.command.config;

import org.axonframework.eventhandling.SimpleEventBus;
import org.axonframework.eventsourcing.AggregateCacheEntry;
import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedCacheTest {

    private final Map<String, Long> store = new HashMap<>();
    private final BoundedCache cache = new BoundedCache(10, id -> Optional.ofNullable(store.get(id)));

    @Test
    void aProjectIsServedFromTheCacheWhileNoOtherInstanceAppendedToIt() {
        AggregateCacheEntry<Counter> entry = cachedAt(4);
        cache.put("p-1", entry);
        store.put("p-1", 4L);

        assertThat((Object) cache.get("p-1")).isSameAs(entry);
    }

    @Test
    void aProjectAnotherInstanceAppendedToIsDroppedAndLoadedFromTheStore() {
        cache.put("p-1", cachedAt(4));
        store.put("p-1", 6L);

        assertThat((Object) cache.get("p-1")).isNull();
        assertThat(cache.containsKey("p-1")).isFalse();
    }

    @Test
    void aProjectTheStoreDoesNotKnowIsNotServed() {
        cache.put("p-1", cachedAt(0));

        assertThat((Object) cache.get("p-1")).isNull();
    }

    private static AggregateCacheEntry<Counter> cachedAt(long version) {
        return new AggregateCacheEntry<>(EventSourcedAggregate.reconstruct(new Counter(),
                AnnotatedAggregateMetaModelFactory.inspectAggregate(Counter.class), version, false,
                SimpleEventBus.builder().build(), NoSnapshotTriggerDefinition.TRIGGER));
    }

    static class Counter {
        @AggregateIdentifier
        String id = "p-1";
    }
}
