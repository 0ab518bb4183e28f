package org.kronika.command.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The command side's clock for checkpoints: every second it publishes what is ready, and every tick (a quarter
 * of the interval, at most a minute) it signs a periodic checkpoint if the last one is nearly an interval old.
 * Ticking more often than the interval means a restart delays the next checkpoint by a tick, not by an interval;
 * the half-tick tolerance means a tick a little early still signs, and another instance ticking just after
 * finds the checkpoint already signed.
 */
@Component
public class CheckpointSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CheckpointSchedule.class);
    private static final Duration PUBLISH_EVERY = Duration.ofSeconds(1);

    private final Checkpoints checkpoints;
    private final CheckpointPublisher publisher;
    private final UnlistedSigningKeys unlistedKeys;
    private final Duration interval;
    private final Duration tick;
    private ScheduledExecutorService executor;

    public CheckpointSchedule(Checkpoints checkpoints, CheckpointPublisher publisher, UnlistedSigningKeys unlistedKeys,
                              CheckpointProperties properties) {
        this.checkpoints = checkpoints;
        this.publisher = publisher;
        this.unlistedKeys = unlistedKeys;
        this.interval = properties.interval();
        this.tick = tick(interval);
    }

    static Duration tick(Duration interval) {
        Duration quarter = interval.dividedBy(4);
        return quarter.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1)
                : quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : quarter;
    }

    /** A periodic checkpoint is due when the last one is at least this old. */
    Duration minimumAge() {
        return interval.minus(tick.dividedBy(2));
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kronika-checkpoints");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> safely("publish", publisher::publishPending),
                PUBLISH_EVERY.toMillis(), PUBLISH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        executor.scheduleWithFixedDelay(() -> {
            safely("look for keys it does not list", unlistedKeys::check);
            safely("sign", () -> checkpoints.signPeriodicIfDue(minimumAge()));
        }, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Periodic checkpoints every {} when anything changed (checked every {})", interval, tick);
    }

    /** A failure (database or Kafka away) is logged and the next round tries again; the schedule never stops. */
    private static void safely(String what, Runnable job) {
        try {
            job.run();
        } catch (RuntimeException e) {
            log.warn("Checkpoints: could not {} now, will retry: {}", what, e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
