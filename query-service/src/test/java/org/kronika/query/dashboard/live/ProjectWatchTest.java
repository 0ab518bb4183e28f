package org.kronika.query.dashboard.live;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

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

    @Test
    void itStopsBeforeTheWebServersGracefulShutdownWhichWaitsForOpenStreams() {
        assertThat(watch.getPhase()).isGreaterThan(
                org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE);
    }

    private static final class Page implements ProjectWatch.Watcher {
        final AtomicBoolean there = new AtomicBoolean(true);
        final AtomicBoolean heartbeats = new AtomicBoolean();
        volatile boolean ended;

        @Override
        public boolean changed(long version) {
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
}
