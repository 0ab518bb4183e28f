package org.kronika.query.dashboard.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Open pages' streams: a page gone is found out and forgotten though its project stays quiet; a stop ends all; streams
 * are bounded. The watch ticks and beats only when a test says so, on a clock the test moves: how long a write lasted
 * is the test's to decide, not the scheduler's of a loaded machine (a write of a few microseconds, descheduled for a
 * heartbeat's 20 ms, once made a live page count as stuck).
 */
class ProjectWatchTest {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final ProjectWatch.Bounds BOUNDS = new ProjectWatch.Bounds(5, 1000, 100, 4);

    private final Map<String, Long> versions = new ConcurrentHashMap<>();
    private final AtomicLong clock = new AtomicLong();
    private final ProjectWatch watch = watch(BOUNDS);

    private ProjectWatch watch(ProjectWatch.Bounds bounds) {
        return new ProjectWatch(ids -> Map.copyOf(versions), HEARTBEAT, bounds, clock::get);
    }

    @AfterEach
    void close() {
        watch.close();
    }

    @Test
    void aPageWhoseHeartbeatFailsIsForgottenThoughItsProjectHasNoNewVersion() {
        watch.start();
        Page open = new Page();
        Page closed = new Page();
        closed.there.set(false);
        watch.watch("p-1", inSession("s-1"), 0, open);
        watch.watch("p-1", inSession("s-1"), 0, closed);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            watch.heartbeat();
            return watch.watched() == 1;
        });
        assertThat(closed.heartbeats).isTrue();
        await().atMost(Duration.ofSeconds(10)).untilTrue(open.heartbeats);
        assertThat(open.ended).isFalse();
    }

    @Test
    void stoppingEndsEveryOpenStreamAndOneOpenedWhileStoppingAtOnce() {
        watch.start();
        List<Page> pages = List.of(new Page(), new Page(), new Page());
        watch.watch("p-1", inSession("s-1"), 0, pages.get(0));
        watch.watch("p-1", inSession("s-1"), 0, pages.get(1));
        watch.watch("p-2", inSession("s-1"), 3, pages.get(2));

        watch.stop();

        assertThat(pages).allMatch(p -> p.ended);
        assertThat(watch.watched()).isZero();
        assertThat(watch.isRunning()).isFalse();
        Page late = new Page();
        watch.watch("p-1", inSession("s-1"), 0, late);
        assertThat(late.ended).as("opened between the stop and the server's graceful shutdown").isTrue();
        assertThat(watch.watched()).isZero();
    }

    /**
     * A page whose connection takes nothing more (a phone gone into a tunnel: the write blocks until the server's
     * timeout) must not hold up what every other page is told.
     */
    @Test
    void aPageWhoseConnectionTakesNothingHoldsUpNoOtherPage() {
        watch.start();
        Stuck stuck = new Stuck();
        Page other = new Page();
        watch.watch("p-1", inSession("s-1"), 0, stuck);
        watch.watch("p-2", inSession("s-1"), 0, other);
        versions.put("p-1", 1L);
        versions.put("p-2", 1L);
        watch.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> stuck.writing.getCount() == 0);

        versions.put("p-2", 2L);

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            watch.tick();
            return other.told.get() == 2;
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            watch.heartbeat();
            return other.heartbeats.get();
        });
        assertThat(watch.watched()).as("the stuck page's write has not lasted a heartbeat").isEqualTo(2);
        stuck.released.countDown();
    }

    /** Its stream is forgotten, as a closed page's, and ended once its write returns (the server's write timeout). */
    @Test
    void aPageStillInAWriteAHeartbeatAfterItBeganIsForgotten() {
        watch.start();
        Stuck stuck = new Stuck();
        Page quiet = new Page();
        watch.watch("p-1", inSession("s-1"), 0, stuck);
        watch.watch("p-2", inSession("s-1"), 0, quiet);
        versions.put("p-1", 1L);
        watch.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> stuck.writing.getCount() == 0);

        clock.addAndGet(HEARTBEAT.toNanos() - 1);
        watch.heartbeat();
        assertThat(watch.watched()).as("a moment short of a heartbeat").isEqualTo(2);
        clock.incrementAndGet();
        watch.heartbeat();

        assertThat(watch.watched()).isEqualTo(1);
        stuck.released.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> stuck.ended);
        assertThat(quiet.ended).isFalse();
    }

    /** Tabs left open give way to the newest: each told so (its page then stops), the others untouched. */
    @Test
    void aSessionOpeningMoreThanItsShareEndsItsOldestStreams() {
        watch.start();
        List<Page> pages = Stream.generate(Page::new).limit(7).toList();
        pages.forEach(page -> assertThat(watch.watch("p-1", inSession("s-1"), 0, page)).isPresent());
        Page otherSession = new Page();
        watch.watch("p-1", inSession("s-2"), 0, otherSession);

        await().atMost(Duration.ofSeconds(10)).until(() -> pages.get(0).replaced && pages.get(1).replaced);
        assertThat(pages.subList(2, 7)).noneMatch(p -> p.replaced || p.ended);
        assertThat(otherSession.replaced).isFalse();
        assertThat(watch.watched()).isEqualTo(5 + 1);
        assertThat(watch.replaced()).isEqualTo(2);
        assertThat(watch.refused()).isZero();
    }

    /**
     * A person signing in again and again (a session each time) has their oldest streams ended past their own share,
     * so one person cannot take every place of the instance from the others.
     */
    @Test
    void aPersonOpeningMoreThanTheirShareAcrossSessionsEndsTheirOldestStreams() throws Exception {
        try (ProjectWatch small = watch(new ProjectWatch.Bounds(2, 3, 100, 1))) {
            small.start();
            List<Page> pages = Stream.generate(Page::new).limit(4).toList();
            for (int i = 0; i < pages.size(); i++) {
                assertThat(small.watch("p-1", new ProjectWatch.Opener("s-" + i, "ana"), 0, pages.get(i))).isPresent();
            }
            Page someoneElse = new Page();
            small.watch("p-1", new ProjectWatch.Opener("s-9", "ben"), 0, someoneElse);

            await().atMost(Duration.ofSeconds(10)).until(() -> pages.get(0).replaced);
            assertThat(pages.subList(1, 4)).noneMatch(p -> p.replaced || p.ended);
            assertThat(someoneElse.replaced).isFalse();
            assertThat(small.watched()).isEqualTo(3 + 1);
            assertThat(small.replaced()).isEqualTo(1);
        }
    }

    /** Past the instance's bound a stream is refused outright, until one open is let go. */
    @Test
    void anInstanceWithItsMostStreamsOpenRefusesMoreUntilOneGoes() throws Exception {
        try (ProjectWatch small = watch(new ProjectWatch.Bounds(2, 1000, 3, 1))) {
            small.start();
            AutoCloseable first = small.watch("p-1", inSession("s-1"), 0, new Page()).orElseThrow();
            Page oldest = new Page();
            small.watch("p-1", inSession("s-2"), 0, oldest).orElseThrow();
            small.watch("p-1", inSession("s-2"), 0, new Page()).orElseThrow();

            assertThat(small.watch("p-1", inSession("s-3"), 0, new Page())).isEmpty();
            assertThat(small.refused()).isEqualTo(1);
            assertThat(small.watch("p-1", inSession("s-2"), 0, new Page())).as("in its oldest's place").isPresent();
            await().atMost(Duration.ofSeconds(10)).until(() -> oldest.replaced);
            assertThat(small.watched()).isEqualTo(3);

            first.close();
            assertThat(small.watch("p-1", inSession("s-4"), 0, new Page())).isPresent();
            assertThat(small.watched()).isEqualTo(3);
        }
    }

    /**
     * However many pages take nothing, no more threads write than the pool has. The pages whose writes hold the
     * threads a heartbeat are let go; those queued behind them are not (their writes have not begun), and are told
     * once threads are free.
     */
    @Test
    void pagesWhoseConnectionsTakeNothingHoldNoMoreThreadsThanThePoolHas() throws Exception {
        AtomicInteger blocked = new AtomicInteger();
        AtomicInteger mostBlocked = new AtomicInteger();
        CountDownLatch released = new CountDownLatch(1);
        try (ProjectWatch small = watch(new ProjectWatch.Bounds(100, 1000, 100, 2))) {
            small.start();
            for (int i = 0; i < 20; i++) {
                small.watch("p-1", inSession("s-1"), 0, new Page() {
                    @Override
                    public boolean changed(long version) {
                        mostBlocked.accumulateAndGet(blocked.incrementAndGet(), Math::max);
                        try {
                            released.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        blocked.decrementAndGet();
                        return false;
                    }
                });
            }
            versions.put("p-1", 1L);
            small.tick();
            await().atMost(Duration.ofSeconds(10)).until(() -> blocked.get() == 2);

            clock.addAndGet(HEARTBEAT.toNanos());
            small.heartbeat();

            assertThat(small.watched()).as("the two in their writes let go, the 18 queued kept").isEqualTo(18);
            released.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> small.watched() == 0);
            assertThat(mostBlocked.get()).isEqualTo(2);
        }
    }

    /**
     * A page let go while stuck in a write is ended by that write's thread as the write returns, not by a second
     * thread of the pool waiting for it: the real page's end waits for its write, as its emitter ends under the lock
     * its writes hold. Two threads here: one stuck page let go must leave one free for the others.
     */
    @Test
    void aStuckPageLetGoHoldsOneThreadOfThePoolNotTwo() throws Exception {
        try (ProjectWatch small = watch(new ProjectWatch.Bounds(100, 1000, 100, 2))) {
            small.start();
            Locked stuck = new Locked();
            Page other = new Page();
            small.watch("p-1", inSession("s-1"), 0, stuck);
            small.watch("p-2", inSession("s-2"), 0, other);
            versions.put("p-1", 1L);
            versions.put("p-2", 1L);
            small.tick();
            await().atMost(Duration.ofSeconds(10)).until(() -> stuck.writing.getCount() == 0 && other.told.get() == 1);

            clock.addAndGet(HEARTBEAT.toNanos());
            small.heartbeat();
            assertThat(small.watched()).isEqualTo(1);
            versions.put("p-2", 2L);

            await().atMost(Duration.ofSeconds(10)).until(() -> {
                small.tick();
                return other.told.get() == 2;
            });
            assertThat(stuck.ended).as("not before its write returns").isFalse();
            stuck.released.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> stuck.ended);
        }
    }

    /** A page replaced while a write holds it is told so once that write returns, never in the middle of it. */
    @Test
    void aPageReplacedWhileAWriteHoldsItIsToldSoOnceTheWriteReturns() throws Exception {
        try (ProjectWatch small = watch(new ProjectWatch.Bounds(1, 1000, 100, 2))) {
            small.start();
            Locked oldest = new Locked();
            small.watch("p-1", inSession("s-1"), 0, oldest);
            versions.put("p-1", 1L);
            small.tick();
            await().atMost(Duration.ofSeconds(10)).until(() -> oldest.writing.getCount() == 0);

            Page newer = new Page();
            assertThat(small.watch("p-1", inSession("s-1"), 1, newer)).isPresent();
            assertThat(small.watched()).isEqualTo(1);
            assertThat(oldest.replaced).isFalse();

            oldest.released.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> oldest.replaced);
            assertThat(oldest.ended).as("told it was replaced, so it does not reconnect").isFalse();
            assertThat(newer.replaced || newer.ended).isFalse();
        }
    }

    /** A session of its own, a person's own: only the session's bound and the instance's can apply. */
    private static ProjectWatch.Opener inSession(String session) {
        return new ProjectWatch.Opener(session, "person-of-" + session);
    }

    @Test
    void itStopsBeforeTheWebServersGracefulShutdownWhichWaitsForOpenStreams() {
        assertThat(watch.getPhase()).isGreaterThan(
                org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
    }

    private static class Page implements ProjectWatch.Watcher {
        final AtomicBoolean there = new AtomicBoolean(true);
        final AtomicBoolean heartbeats = new AtomicBoolean();
        final AtomicLong told = new AtomicLong();
        volatile boolean ended;
        volatile boolean replaced;

        @Override
        public boolean changed(long version) {
            told.set(version);
            return there.get();
        }

        @Override
        public boolean stillThere() {
            heartbeats.set(true);
            return there.get();
        }

        @Override
        public void end() {
            ended = true;
        }

        @Override
        public void replaced() {
            replaced = true;
        }
    }

    /** A page whose every write blocks, until the test lets it go. */
    private static final class Stuck extends Page {
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        @Override
        public boolean changed(long version) {
            return block();
        }

        @Override
        public boolean stillThere() {
            return block();
        }

        private boolean block() {
            writing.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return false;
        }
    }

    /**
     * A page as a real stream is: its writes and its ending hold one lock (the emitter's), and its first write blocks
     * until the test lets it go; its connection then fails.
     */
    private static final class Locked extends Page {
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();
        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);

        @Override
        public boolean changed(long version) {
            return locked(() -> {
                writing.countDown();
                await(released);
                return false;
            });
        }

        @Override
        public boolean stillThere() {
            return locked(() -> false);
        }

        @Override
        public void end() {
            locked(() -> ended = true);
        }

        @Override
        public void replaced() {
            locked(() -> replaced = true);
        }

        private boolean locked(java.util.function.BooleanSupplier write) {
            lock.lock();
            try {
                return write.getAsBoolean();
            } finally {
                lock.unlock();
            }
        }

        private static void await(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
