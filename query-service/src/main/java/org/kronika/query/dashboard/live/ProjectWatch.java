package org.kronika.query.dashboard.live;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
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
 * <p>
 * A stream says nothing between versions, so a page closed meanwhile would keep its stream (its request, socket and
 * watcher) until the project's next event: every {@code heartbeat} each page is sent a word that is only there to
 * fail on a closed connection. And a stream open is a request in progress, which the web server's graceful shutdown
 * waits for: so, as the service begins to stop and before that wait, every stream is ended (the page reconnects,
 * to another instance).
 */
public final class ProjectWatch implements AutoCloseable, SmartLifecycle {

    /** A page watching a project. Each answer false means the page has gone, and it is forgotten. */
    public interface Watcher {
        /** Told each newer version. */
        boolean changed(long version);

        /** Nothing new for a while: a word to the page that fails if it is no longer there. */
        boolean stillThere();

        /** The service is stopping: the page's stream is ended, so that it reconnects elsewhere. */
        void end();
    }

    private final Function<Set<String>, Map<String, Long>> versions;
    private final Map<String, Set<Subscription>> watchers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService ticks;
    private volatile boolean running;

    /**
     * @param versions  the current version of each of a set of projects (missing ones are left out)
     * @param heartbeat how often a page that heard nothing is sent a word to find out whether it is still there
     */
    public ProjectWatch(Function<Set<String>, Map<String, Long>> versions, Duration period, Duration heartbeat) {
        this.versions = versions;
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kronika-live-pages");
            thread.setDaemon(true);
            return thread;
        });
        ticks.scheduleWithFixedDelay(this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * @param seen the version the page shows
     */
    public AutoCloseable watch(String projectId, long seen, Watcher watcher) {
        Subscription subscription = new Subscription(watcher, seen);
        // Added inside compute, as forget removes an emptied set inside computeIfPresent: added to a set taken
        // outside, a page could land in one just unmapped, never told a version nor ended at a stop.
        watchers.compute(projectId, (id, set) -> {
            Set<Subscription> watching = set == null ? ConcurrentHashMap.newKeySet() : set;
            watching.add(subscription);
            return watching;
        });
        if (!running) {
            // Opened while the service stops (its server still accepts until its graceful shutdown): ended at once.
            forget(projectId, subscription);
            watcher.end();
        }
        return () -> forget(projectId, subscription);
    }

    /** The streams open: the pages watching a project. */
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

    private void heartbeat() {
        watchers.forEach((projectId, subscriptions) -> {
            for (Subscription subscription : subscriptions) {
                if (!subscription.stillThere()) {
                    forget(projectId, subscription);
                }
            }
        });
    }

    private void forget(String projectId, Subscription subscription) {
        watchers.computeIfPresent(projectId, (id, set) -> {
            set.remove(subscription);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void start() {
        running = true;
    }

    /** Ends every stream, so that the web server's graceful shutdown, which waits for open requests, need not. */
    @Override
    public void stop() {
        running = false;
        watchers.forEach((projectId, subscriptions) -> {
            for (Subscription subscription : List.copyOf(subscriptions)) {
                forget(projectId, subscription);
                subscription.watcher.end();
            }
        });
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server's graceful shutdown begins (a higher phase stops earlier). */
    @Override
    public int getPhase() {
        return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
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

        boolean stillThere() {
            return watcher.stillThere();
        }
    }
}
