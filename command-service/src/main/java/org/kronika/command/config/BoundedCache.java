package org.kronika.command.config;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A size-bounded, strongly referenced cache of aggregates. Axon's WeakReferenceCache loses its entries at every
 * garbage collection, so under load most commands re-read a project's events from PostgreSQL; this one keeps
 * the most recently used projects until the bound is reached (measured in the pipeline benchmark).
 *
 * <p>Several command-service instances share one event store, so a cached project may be behind: another instance
 * appended to it since. A command decided on it would be refused by the store's unique key if it adds events, and
 * be decided again (CommandRetries), but one refused on the old state (an activity it does not know yet, an
 * If-Match naming the newer version) would be answered wrongly. So a cached project is handed out only while the
 * store's last sequence for it is the one it was cached at: one indexed query instead of reading its events.
 */
public final class BoundedCache implements Cache {

    /** Axon's cache entry keeps the version it was cached at to itself; reading it is what makes the check cheap. */
    private static final VarHandle CACHED_VERSION = cachedVersion();

    private final ConcurrentMap<Object, Object> entries;
    private final List<EntryListener> listeners = new CopyOnWriteArrayList<>();
    private final Function<String, Optional<Long>> storedVersion;

    /**
     * @param storedVersion an aggregate's last sequence in the event store, empty when it has none
     */
    public BoundedCache(long maximumSize, Function<String, Optional<Long>> storedVersion) {
        this.storedVersion = storedVersion;
        this.entries = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .removalListener((Object key, Object value, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        listeners.forEach(l -> l.onEntryExpired(key));
                    }
                })
                .build().asMap();
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        V value = (V) entries.get(key);
        if (value instanceof AggregateCacheEntry<?> entry && !current(key, entry)) {
            remove(key);
            return null;
        }
        if (value != null) {
            listeners.forEach(l -> l.onEntryRead(key, value));
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        Object previous = entries.put(key, value);
        listeners.forEach(l -> {
            if (previous == null) {
                l.onEntryCreated(key, value);
            } else {
                l.onEntryUpdated(key, value);
            }
        });
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        boolean added = entries.putIfAbsent(key, value) == null;
        if (added) {
            listeners.forEach(l -> l.onEntryCreated(key, value));
        }
        return added;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T computeIfAbsent(Object key, Supplier<T> valueSupplier) {
        return (T) entries.computeIfAbsent(key, k -> valueSupplier.get());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> void computeIfPresent(Object key, UnaryOperator<V> update) {
        entries.computeIfPresent(key, (k, v) -> update.apply((V) v));
    }

    @Override
    public boolean remove(Object key) {
        boolean removed = entries.remove(key) != null;
        if (removed) {
            listeners.forEach(l -> l.onEntryRemoved(key));
        }
        return removed;
    }

    @Override
    public void removeAll() {
        entries.keySet().forEach(this::remove);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private boolean current(Object key, AggregateCacheEntry<?> entry) {
        Long cached = (Long) CACHED_VERSION.get(entry);
        return cached != null && storedVersion.apply(key.toString()).filter(cached::equals).isPresent();
    }

    private static VarHandle cachedVersion() {
        try {
            return MethodHandles.privateLookupIn(AggregateCacheEntry.class, MethodHandles.lookup())
                    .findVarHandle(AggregateCacheEntry.class, "version", Long.class);
        } catch (ReflectiveOperationException e) {
            // An Axon upgrade changed the entry: fail at start-up rather than serve projects that may be behind.
            throw new IllegalStateException("Cannot read the version of Axon's AggregateCacheEntry", e);
        }
    }
}
