package org.kronika.query.dashboard.live;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * <p>
 * Writing to a page blocks while its connection takes nothing (a phone gone out of reach: until the web server's
 * write timeout). So nothing is written on the task that looks at versions: each page is written to on a thread
 * of its own while it is, one write at a time, and a page still writing at the next heartbeat is forgotten, as a
 * closed one is. One page that takes nothing holds up no other.
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
    /** Unbounded, as the pages are: a thread per page being written to, which only a stalled page keeps long. */
    private final ExecutorService writes;
    private final long heartbeatNanos;
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
        this.heartbeatNanos = heartbeat.toNanos();
        this.writes = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "kronika-live-page-write");
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
        Subscription subscription = new Subscription(watcher, seen, writes);
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
                    subscription.tell(version, () -> forget(projectId, subscription));
                }
            });
        } catch (RuntimeException e) {
            // A failed read (the read models being rebuilt, say) is tried again at the next tick.
        }
    }

    private void heartbeat() {
        try {
            askEveryPage();
        } catch (RuntimeException e) {
            // A page that failed to end is forgotten all the same; the next heartbeat asks the others again.
        }
    }

    private void askEveryPage() {
        watchers.forEach((projectId, subscriptions) -> {
            for (Subscription subscription : subscriptions) {
                if (subscription.writingFor() >= heartbeatNanos) {
                    // Still writing what it was told a heartbeat ago: its connection takes nothing. Ended once that
                    // write returns, so that a page that was only slow reconnects rather than hear nothing more.
                    forget(projectId, subscription);
                    subscription.end();
                } else {
                    subscription.askStillThere(() -> forget(projectId, subscription));
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
                subscription.end();
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
        writes.shutdownNow();
    }

    /** A page, written to one thing at a time, never on the caller's thread but to end it at a stop. */
    private static final class Subscription {
        private static final long IDLE = Long.MIN_VALUE;
        private final Watcher watcher;
        private final Executor writes;
        /** When the write under way began ({@link System#nanoTime}), {@link #IDLE} if none is. */
        private final AtomicLong writingSince = new AtomicLong(IDLE);
        private final AtomicLong wanted;
        private volatile long seen;

        Subscription(Watcher watcher, long seen, Executor writes) {
            this.watcher = watcher;
            this.writes = writes;
            this.seen = seen;
            this.wanted = new AtomicLong(seen);
        }

        /** Told {@code version} if newer than what it was told; a write under way tells the newest next. */
        void tell(long version, Runnable gone) {
            if (wanted.accumulateAndGet(version, Math::max) > seen && startWriting()) {
                writes.execute(() -> tellWanted(gone));
            }
        }

        private void tellWanted(Runnable gone) {
            boolean there = true;
            try {
                while (there && wanted.get() > seen) {
                    long version = wanted.get();
                    seen = version;
                    there = watcher.changed(version);
                }
            } finally {
                doneWriting();
            }
            if (!there) {
                gone.run();
            } else if (wanted.get() > seen && startWriting()) {
                // Told meanwhile, while this write still held the page.
                writes.execute(() -> tellWanted(gone));
            }
        }

        private boolean startWriting() {
            long now = System.nanoTime();
            return writingSince.compareAndSet(IDLE, now == IDLE ? now + 1 : now);
        }

        private void doneWriting() {
            writingSince.set(IDLE);
        }

        /** How long the write under way has held the page; 0 if none is. */
        long writingFor() {
            long since = writingSince.get();
            return since == IDLE ? 0 : System.nanoTime() - since;
        }

        /** Nothing is asked of a page still writing something. */
        void askStillThere(Runnable gone) {
            if (!startWriting()) {
                return;
            }
            writes.execute(() -> {
                boolean there;
                try {
                    there = watcher.stillThere();
                } finally {
                    doneWriting();
                }
                if (!there) {
                    gone.run();
                }
            });
        }

        /** Ended at once unless a write holds the page; then right after it, which a stop need not wait for. */
        void end() {
            if (startWriting()) {
                watcher.end();
            } else {
                writes.execute(watcher::end);
            }
        }
    }
}
