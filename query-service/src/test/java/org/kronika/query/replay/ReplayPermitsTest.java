package org.kronika.query.replay;

import org.junit.jupiter.api.Test;
import org.kronika.query.fixtures.HeldReplay;
import org.kronika.query.web.TooManyReplays;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplayPermitsTest {

    @Test
    void aReplayBeyondTheBoundIsRefusedAfterItsWaitAndRunsOnceOneEnds() throws Exception {
        ReplayPermits permits = new ReplayPermits(1, Duration.ofMillis(20));
        try (HeldReplay running = HeldReplay.of(permits)) {
            assertThatThrownBy(() -> permits.during(() -> "second")).isInstanceOf(TooManyReplays.class)
                    .hasMessageContaining("1 projects' histories at once");
        }
        assertThat(permits.during(() -> "after")).isEqualTo("after");
    }

    @Test
    void aReplayThatFailsFreesItsPermit() {
        ReplayPermits permits = new ReplayPermits(1, Duration.ZERO);
        assertThatThrownBy(() -> permits.during(() -> {
            throw new IllegalStateException("a store error");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(permits.during(() -> "next")).isEqualTo("next");
    }

    @Test
    void oneReplayAtOncePer256MegabytesOfHeapAndAlwaysOne() {
        assertThat(ReplayPermits.forHeap(768L * 1024 * 1024, Duration.ZERO).size()).isEqualTo(3);
        assertThat(ReplayPermits.forHeap(64L * 1024 * 1024, Duration.ZERO).size()).isEqualTo(1);
    }

    /** A replay waiting for a permit takes it as soon as one is freed, within its wait. */
    @Test
    void aReplayWaitingTakesThePermitFreedWithinItsWait() throws Exception {
        ReplayPermits permits = new ReplayPermits(1, Duration.ofSeconds(30));
        AtomicReference<String> answer = new AtomicReference<>();
        Thread waiting;
        try (HeldReplay running = HeldReplay.of(permits)) {
            waiting = new Thread(() -> answer.set(permits.during(() -> "waited")));
            waiting.start();
        }
        waiting.join();
        assertThat(answer.get()).isEqualTo("waited");
    }
}
