package org.kronika.query.dashboard.live;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Tells open project pages when their project has a new version. One task looks at every watched project's
 * version once a period, however many pages watch it, so live pages cost a few small reads a second in all, and
 * the projection itself knows nothing of them.
 */
public final class ProjectWatch implements AutoCloseable {

    /** A page watching a project: told each newer version; a false answer means it has gone. */
    public interface Watcher {
        boolean changed(long version);
    }

    private final Function<Set<String>, Map<String, Long>> versions;
    private final Map<String, Set<Subscription>> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks;

    /** @param versions the current version of each of a set of projects (missing ones are left out) */
    public ProjectWatch(Function<Set<String>, Map<String, Long>> versions, Duration period) {
        this.versions = versions;
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kronika-live-pages");
            thread.setDaemon(true);
            return thread;
        });
        ticks.scheduleWithFixedDelay(this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @param seen the version the page shows */
    public AutoCloseable watch(String projectId, long seen, Watcher watcher) {
        Subscription subscription = new Subscription(watcher, seen);
        watchers.computeIfAbsent(projectId, id -> ConcurrentHashMap.newKeySet()).add(subscription);
        return () -> forget(projectId, subscription);
    }

    public int watched() {
        return watchers.values().stream().mapToInt(Set::size).sum();
    }

    private void tick() {
        try {
            if (watchers.isEmpty()) {
                return;
            }
            Map<String, Long> now = versions.apply(Set.copyOf(watchers.keySet()));
            now.forEach((projectId, version) -> {
                for (Subscription subscription : watchers.getOrDefault(projectId, Set.of())) {
                    if (version > subscription.seen && !subscription.tell(version)) {
                        forget(projectId, subscription);
                    }
                }
            });
        } catch (RuntimeException e) {
            // A failed read (the read models being rebuilt, say) is tried again at the next tick.
        }
    }

    private void forget(String projectId, Subscription subscription) {
        watchers.computeIfPresent(projectId, (id, set) -> {
            set.remove(subscription);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void close() {
        ticks.shutdownNow();
    }

    private static final class Subscription {
        private final Watcher watcher;
        private volatile long seen;

        Subscription(Watcher watcher, long seen) {
            this.watcher = watcher;
            this.seen = seen;
        }

        boolean tell(long version) {
            seen = version;
            return watcher.changed(version);
        }
    }
}
