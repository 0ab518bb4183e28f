package org.kronika.query.dashboard.live;

import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.LongSupplier;

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
 * of the write pool while it is, one write at a time, and a page still in a write a heartbeat after that write began
 * on its thread is forgotten, as a closed one is. One page that takes nothing holds up no other but for a thread of
 * the pool; a write waiting for a thread is not timed, so pages queued behind stuck ones are not let go for them.
 * <p>
 * Each stream holds a request, a socket and Tomcat's buffers for it (tens of kilobytes of heap): so streams are
 * bounded ({@link Bounds}), or one signed-in person opening them by the thousand takes the service's heap. A session
 * or a person opening one more than their share ends their oldest (a tab left open, most likely), which is told so
 * and does not reconnect; an instance at its most refuses the new one, and the page falls back on its own retries.
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

        /** A newer page of its session or person took its place: told so, so that it does not reconnect, and ended. */
        void replaced();
    }

    /** Who opened a page: their session (one sign-in in one browser) and the person signed in. */
    public record Opener(String session, String person) {
    }

    /**
     * @param perSession   the streams one session may have open; one more ends its oldest
     * @param perPerson    the streams one person may have open, whatever their sessions; one more ends their oldest
     *                     (signing in again and again would otherwise give one person every place of the instance)
     * @param perInstance  the streams this instance keeps open; one more is refused
     * @param writeThreads the threads writing to pages; only a page whose connection takes nothing keeps one long
     */
    public record Bounds(int perSession, int perPerson, int perInstance, int writeThreads) {
        public Bounds {
            if (perSession < 1 || perPerson < 1 || perInstance < 1 || writeThreads < 1) {
                throw new IllegalArgumentException("Every bound of the live streams must be at least 1: " + this);
            }
        }

        /**
         * A stream costs about 100 KB of heap, Tomcat's buffers most of it: at most a quarter of the heap for them is
         * one stream for each 400 KB of the most heap the JVM takes (about 1,900 with {@code -Xmx768m}).
         */
        public static int perInstanceOf(long maxHeapBytes) {
            return (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxHeapBytes / (400 * 1024)));
        }
    }

    private final Function<Set<String>, Map<String, Long>> versions;
    private final Map<String, Set<Subscription>> watchers = new ConcurrentHashMap<>();
    private final Bounds bounds;
    /**
     * Which session and which person opened which stream, oldest first, and how many are open; changed only under
     * this lock, with {@link #watchers}. Streams open and close at a person's pace: one lock costs nothing.
     */
    private final Map<String, Deque<Subscription>> bySession = new HashMap<>();
    private final Map<String, Deque<Subscription>> byPerson = new HashMap<>();
    private static final Deque<Subscription> EMPTY = new ArrayDeque<>(0);
    private int open;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong replaced = new AtomicLong();
    private final ScheduledExecutorService ticks;
    /**
     * A page has at most one write under way or waiting, and one end after it: the queue holds twice the streams.
     * Should pages let go while stuck in a write leave it full, what it refuses is tried again at the next tick or
     * heartbeat, and an end refused leaves the page to its request's timeout.
     */
    private final ThreadPoolExecutor writes;
    private final long heartbeatNanos;
    private final LongSupplier nanoTime;
    private volatile boolean running;

    /**
     * @param versions  the current version of each of a set of projects (missing ones are left out)
     * @param period    how often the watched projects' versions are read
     * @param heartbeat how often a page that heard nothing is sent a word to find out whether it is still there
     */
    public ProjectWatch(Function<Set<String>, Map<String, Long>> versions, Duration period, Duration heartbeat,
                        Bounds bounds) {
        this(versions, heartbeat, bounds, System::nanoTime);
        ticks.scheduleWithFixedDelay(this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        ticks.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Ticks and heartbeats only when called ({@link #tick}, {@link #heartbeat}), on a clock of the caller's: so a
     * test decides when a write has lasted a heartbeat, which a loaded machine's scheduler would otherwise decide.
     */
    ProjectWatch(Function<Set<String>, Map<String, Long>> versions, Duration heartbeat, Bounds bounds,
                 LongSupplier nanoTime) {
        this.versions = versions;
        this.bounds = bounds;
        this.nanoTime = nanoTime;
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kronika-live-pages");
            thread.setDaemon(true);
            return thread;
        });
        this.heartbeatNanos = heartbeat.toNanos();
        this.writes = new ThreadPoolExecutor(bounds.writeThreads(), bounds.writeThreads(), 1, TimeUnit.MINUTES,
                new LinkedBlockingQueue<>((int) Math.min(Integer.MAX_VALUE, 2L * bounds.perInstance())), r -> {
                    Thread thread = new Thread(r, "kronika-live-page-write");
                    thread.setDaemon(true);
                    return thread;
                });
        writes.allowCoreThreadTimeOut(true);
    }

    /**
     * @param opener who opened the page: a session with {@link Bounds#perSession} streams open, or a person with
     *               {@link Bounds#perPerson}, has its oldest ended
     * @param seen   the version the page shows
     * @return what forgets the page, or nothing if this instance already has {@link Bounds#perInstance} streams open
     */
    public Optional<AutoCloseable> watch(String projectId, Opener opener, long seen, Watcher watcher) {
        Subscription subscription = new Subscription(projectId, opener, watcher, seen);
        Subscription oldest;
        synchronized (bySession) {
            Deque<Subscription> sessions = bySession.getOrDefault(opener.session(), EMPTY);
            Deque<Subscription> persons = byPerson.getOrDefault(opener.person(), EMPTY);
            oldest = sessions.size() >= bounds.perSession() ? sessions.peekFirst()
                    : persons.size() >= bounds.perPerson() ? persons.peekFirst() : null;
            if (oldest != null) {
                remove(oldest);
            } else if (open >= bounds.perInstance()) {
                refused.incrementAndGet();
                return Optional.empty();
            }
            add(subscription);
        }
        if (oldest != null) {
            replaced.incrementAndGet();
            oldest.replace();
        }
        if (!running && forget(subscription)) {
            // Opened while the service stops (its server still accepts until its graceful shutdown): ended at once.
            watcher.end();
        }
        return Optional.of(() -> forget(subscription));
    }

    /** The streams open: the pages watching a project. */
    public int watched() {
        synchronized (bySession) {
            return open;
        }
    }

    /** Streams refused since the start, this instance having its most open. */
    public long refused() {
        return refused.get();
    }

    /** Streams ended since the start for a newer one of their session or person. */
    public long replaced() {
        return replaced.get();
    }

    private void add(Subscription subscription) {
        bySession.computeIfAbsent(subscription.opener.session(), s -> new ArrayDeque<>()).addLast(subscription);
        byPerson.computeIfAbsent(subscription.opener.person(), p -> new ArrayDeque<>()).addLast(subscription);
        // Added inside compute, as remove takes out an emptied set inside computeIfPresent: added to a set taken
        // outside, a page could land in one just unmapped, never told a version nor ended at a stop.
        watchers.compute(subscription.projectId, (id, set) -> {
            Set<Subscription> watching = set == null ? ConcurrentHashMap.newKeySet() : set;
            watching.add(subscription);
            return watching;
        });
        open++;
    }

    /** Whether it was still watching: only then is it ended, once, by whichever caller let it go. */
    private boolean remove(Subscription subscription) {
        if (!removed(bySession, subscription.opener.session(), subscription)) {
            return false;
        }
        removed(byPerson, subscription.opener.person(), subscription);
        watchers.computeIfPresent(subscription.projectId, (id, set) -> {
            set.remove(subscription);
            return set.isEmpty() ? null : set;
        });
        open--;
        return true;
    }

    private static boolean removed(Map<String, Deque<Subscription>> opened, String by, Subscription subscription) {
        Deque<Subscription> subscriptions = opened.get(by);
        if (subscriptions == null || !subscriptions.remove(subscription)) {
            return false;
        }
        if (subscriptions.isEmpty()) {
            opened.remove(by);
        }
        return true;
    }

    private boolean forget(Subscription subscription) {
        synchronized (bySession) {
            return remove(subscription);
        }
    }

    /** Tells each page whose project has a newer version. */
    void tick() {
        try {
            if (watchers.isEmpty()) {
                return;
            }
            Map<String, Long> now = versions.apply(Set.copyOf(watchers.keySet()));
            now.forEach((projectId, version) -> {
                for (Subscription subscription : watchers.getOrDefault(projectId, Set.of())) {
                    subscription.tell(version, () -> forget(subscription));
                }
            });
        } catch (RuntimeException e) {
            // A failed read (the read models being rebuilt, say) is tried again at the next tick.
        }
    }

    /** Lets go of pages gone or stuck in a write since the last heartbeat, and asks the others. */
    void heartbeat() {
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
                    if (forget(subscription)) {
                        subscription.end();
                    }
                } else {
                    subscription.askStillThere(() -> forget(subscription));
                }
            }
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
                if (forget(subscription)) {
                    subscription.end();
                }
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

    /**
     * Runs a write on the pool, or says it could not: the pool's queue full, or the pool shut down with the context.
     */
    private boolean written(Runnable write) {
        try {
            writes.execute(write);
            return true;
        } catch (RejectedExecutionException full) {
            return false;
        }
    }

    /**
     * A page, written to one thing at a time, on the pool. Ended once: at once if no write holds it, else by the
     * thread of the write under way as that write returns, so that a page stuck in a write holds one thread of the
     * pool, not a second one waiting to end it.
     */
    private final class Subscription {
        private static final Runnable ENDED = () -> {
        };
        private static final long IDLE = Long.MIN_VALUE;
        /** A write waits for a thread of the pool: the page is not holding one up, so it is not timed yet. */
        private static final long QUEUED = Long.MIN_VALUE + 1;
        private final String projectId;
        private final Opener opener;
        private final Watcher watcher;
        /**
         * When the write under way began on its thread (on the watch's clock), {@link #QUEUED} while it waits for one,
         * {@link #IDLE} if there is none.
         */
        private final AtomicLong writingSince = new AtomicLong(IDLE);
        private final AtomicLong wanted;
        private volatile long seen;
        /** How the page is to be ended, once set; {@link #ENDED} once it has been. */
        private final AtomicReference<Runnable> ending = new AtomicReference<>();

        Subscription(String projectId, Opener opener, Watcher watcher, long seen) {
            this.projectId = projectId;
            this.opener = opener;
            this.watcher = watcher;
            this.seen = seen;
            this.wanted = new AtomicLong(seen);
        }

        /** Told {@code version} if newer than what it was told; a write under way tells the newest next. */
        void tell(long version, Runnable gone) {
            if (wanted.accumulateAndGet(version, Math::max) > seen && startWriting()) {
                writeOrLeaveForNextTime(() -> tellWanted(gone));
            }
        }

        private void tellWanted(Runnable gone) {
            boolean there = true;
            try {
                while (began() && there && wanted.get() > seen) {
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
                writeOrLeaveForNextTime(() -> tellWanted(gone));
            }
        }

        /** A write refused by a full pool is tried again by the next tick or heartbeat. */
        private void writeOrLeaveForNextTime(Runnable write) {
            if (!written(write)) {
                doneWriting();
            }
        }

        private boolean startWriting() {
            return writingSince.compareAndSet(IDLE, QUEUED);
        }

        /** Times the write beginning on this thread; false, and it is not written, if the page is to be ended. */
        private boolean began() {
            if (ending.get() != null) {
                return false;
            }
            if (writingSince.get() == QUEUED) {
                long now = nanoTime.getAsLong();
                writingSince.set(now == IDLE || now == QUEUED ? QUEUED + 1 : now);
            }
            return true;
        }

        /** The page is free again; if it is to be ended meanwhile, this thread ends it now. */
        private void doneWriting() {
            writingSince.set(IDLE);
            if (ending.get() != null && startWriting()) {
                runEnding();
            }
        }

        /**
         * How long the write under way has held the page; 0 if none is, or if it still waits for a thread (pages stuck
         * in their writes hold up the pages queued behind them, which are not to be let go for it).
         */
        long writingFor() {
            long since = writingSince.get();
            return since == IDLE || since == QUEUED ? 0 : nanoTime.getAsLong() - since;
        }

        /** Nothing is asked of a page still writing something. */
        void askStillThere(Runnable gone) {
            if (!startWriting()) {
                return;
            }
            writeOrLeaveForNextTime(() -> {
                boolean there = true;
                try {
                    there = !began() || watcher.stillThere();
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
            if (endingWith(watcher::end) && startWriting()) {
                runEnding();
            }
        }

        /**
         * Told, and so ended, on the pool when the page is free (telling a page is a write to its connection, which
         * may block); by the write under way as it returns otherwise. Should the pool be full, told on this thread:
         * ended without being told, the page would reconnect and end the next oldest in turn.
         */
        void replace() {
            if (endingWith(watcher::replaced) && startWriting() && !written(this::runEnding)) {
                runEnding();
            }
        }

        /** Whether this is the first ending asked for: a page is ended once, the first way asked. */
        private boolean endingWith(Runnable how) {
            return ending.compareAndSet(null, how);
        }

        /** Runs the ending asked for, once; the page stays marked as written to, so nothing more is written. */
        private void runEnding() {
            Runnable how = ending.getAndSet(ENDED);
            if (how != null) {
                how.run();
            }
        }
    }
}
