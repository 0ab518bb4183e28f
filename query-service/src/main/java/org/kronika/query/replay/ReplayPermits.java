package org.kronika.query.replay;

import org.kronika.query.web.TooManyReplays;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * How many replays of a project's every activity and measurement (as known at an instant, at a version, an IATI file
 * of the past) run at once in this instance. Each holds the project's facts in memory, tens of megabytes for 10,000
 * activities: fifty a second of them ran a query service of 768 MB out of heap (BENCHMARKS.md, fifth session), which
 * took every dashboard down with it. One that finds every permit taken waits a moment, then is refused, so a burst of
 * them costs their callers a retry, not the instance.
 */
public final class ReplayPermits {

    /** Heap per replay at once when none is configured. */
    static final long HEAP_PER_REPLAY = 256L * 1024 * 1024;

    private final Semaphore permits;
    private final int size;
    private final Duration wait;

    /**
     * @param size how many replays run at once
     * @param wait how long one waits for a permit before it is refused
     */
    public ReplayPermits(int size, Duration wait) {
        if (size < 1) {
            throw new IllegalArgumentException("at least one replay must be able to run, not " + size);
        }
        this.permits = new Semaphore(size, true);
        this.size = size;
        this.wait = wait;
    }

    /** One replay at once per {@value #HEAP_PER_REPLAY} bytes of {@code maxHeap}, at least one. */
    public static ReplayPermits forHeap(long maxHeap, Duration wait) {
        return new ReplayPermits((int) Math.max(1, Math.min(Integer.MAX_VALUE, maxHeap / HEAP_PER_REPLAY)), wait);
    }

    public int size() {
        return size;
    }

    /**
     * Runs {@code replay} once a permit is free, and frees it after.
     *
     * @throws TooManyReplays when none frees up within the wait
     */
    public <T> T during(Supplier<T> replay) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new TooManyReplays("This instance is replaying " + size + " projects' histories at once, its most; "
                    + "try again shortly");
        }
        try {
            return replay.get();
        } finally {
            permits.release();
        }
    }
}
