package org.kronika.query.dashboard.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Open pages' streams: a page gone is found out and forgotten though its project stays quiet; a stop ends all. */
class ProjectWatchTest {

    /** Versions never change here: nothing but the heartbeat speaks to a page. */
    private final ProjectWatch watch = new ProjectWatch(ids -> Map.of(), Duration.ofHours(1), Duration.ofMillis(20));

    @AfterEach
    void close() {
        watch.close();
    }

    @Test
    void aPageWhoseHeartbeatFailsIsForgottenThoughItsProjectHasNoNewVersion() {
        watch.start();
        Page open = new Page();
        Page closed = new Page();
        watch.watch("p-1", 0, open);
        watch.watch("p-1", 0, closed);
        await().atMost(Duration.ofSeconds(10)).until(() -> open.heartbeats.get() && closed.heartbeats.get());

        closed.there.set(false);

        await().atMost(Duration.ofSeconds(10)).until(() -> watch.watched() == 1);
        assertThat(open.ended).isFalse();
    }

    @Test
    void stoppingEndsEveryOpenStreamAndOneOpenedWhileStoppingAtOnce() {
        watch.start();
        List<Page> pages = List.of(new Page(), new Page(), new Page());
        watch.watch("p-1", 0, pages.get(0));
        watch.watch("p-1", 0, pages.get(1));
        watch.watch("p-2", 3, pages.get(2));

        watch.stop();

        assertThat(pages).allMatch(p -> p.ended);
        assertThat(watch.watched()).isZero();
        assertThat(watch.isRunning()).isFalse();
        Page late = new Page();
        watch.watch("p-1", 0, late);
        assertThat(late.ended).as("opened between the stop and the server's graceful shutdown").isTrue();
        assertThat(watch.watched()).isZero();
    }

    /**
     * A page whose connection takes nothing more (a phone gone into a tunnel: the write blocks until the server's
     * timeout) must not hold up what every other page is told.
     */
    @Test
    void aPageWhoseConnectionTakesNothingHoldsUpNoOtherPage() {
        Map<String, Long> versions = new ConcurrentHashMap<>();
        try (ProjectWatch quick = new ProjectWatch(ids -> Map.copyOf(versions), Duration.ofMillis(10),
                Duration.ofMillis(20))) {
            quick.start();
            Stuck stuck = new Stuck();
            Page other = new Page();
            quick.watch("p-1", 0, stuck);
            quick.watch("p-2", 0, other);
            versions.put("p-1", 1L);
            versions.put("p-2", 1L);
            await().atMost(Duration.ofSeconds(10)).until(() -> stuck.writing.getCount() == 0);

            versions.put("p-2", 2L);

            await().atMost(Duration.ofSeconds(10)).until(() -> other.told.get() == 2);
            await().atMost(Duration.ofSeconds(10)).until(() -> other.heartbeats.get());
            stuck.released.countDown();
        }
    }

    /** Its stream is forgotten, as a closed page's: the server's write timeout ends its request. */
    @Test
    void aPageStillTakingNothingAtTheNextHeartbeatIsForgotten() {
        Map<String, Long> versions = new ConcurrentHashMap<>();
        try (ProjectWatch quick = new ProjectWatch(ids -> Map.copyOf(versions), Duration.ofMillis(10),
                Duration.ofMillis(20))) {
            quick.start();
            Stuck stuck = new Stuck();
            quick.watch("p-1", 0, stuck);
            quick.watch("p-1", 0, new Page());
            versions.put("p-1", 1L);
            await().atMost(Duration.ofSeconds(10)).until(() -> stuck.writing.getCount() == 0);

            await().atMost(Duration.ofSeconds(10)).until(() -> quick.watched() == 1);
            stuck.released.countDown();
        }
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
}
