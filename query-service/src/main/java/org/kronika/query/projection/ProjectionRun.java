package org.kronika.query.projection;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.errors.WakeupException;
import org.kronika.query.project.ProjectSummaryProjection;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.GenerationState;
import org.kronika.query.stream.EventStreamReader;
import org.kronika.query.stream.RejectedRecords;
import org.kronika.query.stream.StreamBatch;
import org.kronika.query.stream.StreamProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Keeps one generation of read models following the topic, on a thread of its own: polls, applies, flushes.
 *
 * <p>Live, every batch is flushed as soon as it is applied, so an event is visible within one poll of being
 * published; the programme's aggregates and the checkpoint follow on a thread of their own ({@link Checkpoints}),
 * so that no event waits for them. While catching up (a poll brings a full batch), summaries are written every
 * {@value #CATCH_UP_FLUSH_MS} ms, or sooner past {@value #CATCH_UP_MAX_DIRTY} changed projects,
 * {@value #CATCH_UP_MAX_UNFLUSHED} events applied, or changed summaries weighing a sixth of the heap. Until then
 * each changed project's summary is in memory twice, as stored and as changed (with 50,000 events between flushes,
 * one rebuild's 768 MB service spent most of its CPU collecting garbage; the events themselves are no longer kept).
 * The weight bounds what a catch-up holds whatever the size of the projects: a 1,000,000-event rebuild of 1,000
 * projects of 1,000 events held more than the 768 MB heap between flushes and did nothing but collect.
 *
 * <p>A rollup rewrites every changed project's shares, aggregates and cells. Its cost depends on the projects
 * changed and on how many projects share their cells, not on the events since the last one: in a rebuild every
 * project changes within seconds, and live, even one busy project's month and place cells hold the line of every
 * project active there. So a checkpoint is asked for only at a flush at least {@value #COST_FACTOR} times as long
 * after the last one as that one took to write; live, also at least {@value #CHECKPOINT_MS} ms after it and at
 * most {@value #LIVE_MAX_CHECKPOINT_WAIT_MS} ms, and catching up at least {@value #CATCH_UP_FLUSH_MS} ms. (Live
 * checkpoints every 250 ms took half of the query service's CPU under 16 clients, and 69 % of it with one busy
 * project, in profiles of 1,000 projects.) Waiting longer only means that the programme's views follow a project's
 * own a moment later, and that a restart reads more events again, each recognised as already applied. Any failure
 * discards what is in memory and starts again from the last checkpoint, with a growing pause.
 */
final class ProjectionRun {

    private static final Logger log = LoggerFactory.getLogger(ProjectionRun.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final long CHECKPOINT_MS = 1000;
    private static final long CATCH_UP_FLUSH_MS = 10_000;
    private static final int CATCH_UP_MAX_DIRTY = 20_000;
    private static final int CATCH_UP_MAX_UNFLUSHED = 20_000;
    /** In bytes, as {@link org.kronika.query.project.ProjectSummary#weight} weighs a summary. */
    private static final long CATCH_UP_MAX_DIRTY_WEIGHT = Runtime.getRuntime().maxMemory() / 6;
    private static final long COST_FACTOR = 10;
    /** Live, the programme's views are never more than about this far behind a project's own, however slow. */
    private static final long LIVE_MAX_CHECKPOINT_WAIT_MS = 5000;
    private static final long PROGRESS_MS = 5000;
    private static final long RETRY_CHECK_MS = 2000;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final ReadModelStores stores;
    private final GenerationState start;
    private final ProjectSummaryProjection summaryProjection;
    private final StreamProperties properties;
    private final RejectedRecords rejected;
    private final ProjectionMetrics metrics;
    private final MeterRegistry meters;
    private final Clock clock;
    /** Called once the run has caught up with the topic; false: not yet (asked again at the next progress check). */
    private final Predicate<ProjectionRun> onCaughtUp;

    private volatile boolean running;
    private volatile EventStreamReader reader;
    private volatile Projector projector;
    private volatile ProjectionStatus status;
    private Thread thread;
    private boolean caughtUpOnce;
    /** When {@link #onCaughtUp} last declined: it is asked again only after {@value #PROGRESS_MS} ms. */
    private long caughtUpDeclinedAt;
    /** Where the topic's partitions ended at a catch-up check, and when: a later check asks whether they reached it. */
    private Map<Integer, Long> endsSeen;
    private long endsSeenAt;
    /** Events accepted since the last checkpoint was written. */
    private boolean uncheckpointed;

    ProjectionRun(ReadModelStores stores, GenerationState start, ProjectSummaryProjection summaryProjection,
                  StreamProperties properties, RejectedRecords rejected, ProjectionMetrics metrics, MeterRegistry meters,
                  Clock clock, Predicate<ProjectionRun> onCaughtUp) {
        this.stores = stores;
        this.start = start;
        this.summaryProjection = summaryProjection;
        this.properties = properties;
        this.rejected = rejected;
        this.metrics = metrics;
        this.meters = meters;
        this.clock = clock;
        this.onCaughtUp = onCaughtUp;
        this.status = ProjectionStatus.starting(stores.generation(), start.applied());
    }

    Generation generation() {
        return stores.generation();
    }

    ReadModelStores stores() {
        return stores;
    }

    /** When its generation was created as this run found it: another one under the same number is not this run's. */
    Instant startedOn() {
        return start.createdAt();
    }

    ProjectionStatus status() {
        return status;
    }

    synchronized void start() {
        running = true;
        thread = new Thread(this::run, "projection-" + stores.generation().id());
        thread.start();
    }

    synchronized void stop() {
        running = false;
        EventStreamReader current = reader;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null && thread != Thread.currentThread()) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        Duration backoff = Duration.ofMillis(200);
        String group = start.consumerGroup();
        log.info("Read models {}: reading {} through consumer group {}", stores.generation().id(), start.topic(), group);
        while (running) {
            try (EventStreamReader kafka = new EventStreamReader(properties, rejected.in(stores.generation()), meters,
                    group + "-" + ProcessHandle.current().pid(), group)) {
                reader = kafka;
                replaceProjector();
                kafka.open(new EventStreamReader.Ownership() {
                    @Override
                    public void losing(java.util.Set<Integer> partitions) {
                        // Everything read from them is written before another instance starts on them; after a
                        // failure (the consumer closing gives them up), only what was written before it counts.
                        if (!projector.failed()
                                && (projector.dirty() > 0 || uncheckpointed || projector.checkpointOwed())) {
                            projector.flush(true);
                            uncheckpointed = false;
                        }
                        projector.awaitCheckpoints();
                        replaceProjector();
                    }

                    @Override
                    public void lost() {
                        // Its summaries, the rollup of a stale cache and an older position would undo what the
                        // new owner wrote since: it is dropped with everything it has not written.
                        Projector current = projector;
                        projector = null;
                        if (current != null) {
                            current.abandon();
                        }
                        uncheckpointed = false;
                        replaceProjector();
                    }

                    @Override
                    public java.util.Map<Integer, Long> gained(java.util.Set<Integer> partitions) {
                        replaceProjector();
                        // Before anything of them is written: a writer given them before now writes no fact over ours.
                        projector.writeAs(stores.generations().nextWriter(stores.generation()));
                        GenerationState state = stores.generations().state(stores.generation()).orElse(start);
                        int count = state.partitions();
                        projector.owning(projectId -> kafka.owned().contains(
                                EventStreamReader.partitionOf(projectId, count)));
                        log.info("Read models {}: reading partitions {}", stores.generation().id(), partitions);
                        return state.offsets();
                    }
                });
                follow(kafka);
                backoff = Duration.ofMillis(200);
            } catch (WakeupException e) {
                // stop() was called
            } catch (RuntimeException | Error e) {
                // An Error too (a stack overflow in a bug's path, a class that failed to load): left uncaught it
                // ended this thread while the run stayed registered, its status frozen, nothing projected. Out of
                // memory, the images' JVM exits instead (-XX:+ExitOnOutOfMemoryError) and is started again.
                log.warn("Projection of {} failed; starting again from its last checkpoint in {} ms: {}",
                        stores.generation().id(), backoff.toMillis(), e.toString());
                status = status.failing(e, clock.instant());
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                closeProjector();
                reader = null;
                // Partitions this run no longer reads are reported by whichever instance reads them now.
                metrics.partitionLag(stores.generation().id(), false, Map.of());
            }
        }
    }

    /**
     * A projector starting from the stored checkpoint, the one before it closed first: its checkpoint, if it was
     * still writing one, is what the new one starts from.
     */
    private void replaceProjector() {
        closeProjector();
        GenerationState state = stores.generations().state(stores.generation()).orElse(start);
        projector = new Projector(stores, summaryProjection, metrics, clock, state.applied(), true);
        // Until Kafka assigns it partitions it projects nothing: a retry or a stale release before that would act on
        // projects another instance may own, and checkpoint a count its successor counts again.
        projector.owning(projectId -> false);
    }

    private void closeProjector() {
        Projector current = projector;
        if (current != null) {
            current.close();
            projector = null;
        }
    }

    private void follow(EventStreamReader kafka) {
        status = status.resumed();
        long lastFlush = clock.millis();
        long lastCheckpoint = clock.millis();
        // The first progress check comes at once: after a failure it is what finds Kafka answering and clears it,
        // so one transient failure does not show as DOWN for the interval.
        long lastProgress = clock.millis() - PROGRESS_MS;
        long lastRetryCheck = 0;
        long appliedAtProgress = projector.applied();
        while (running) {
            StreamBatch batch = kafka.poll(POLL);
            Projector projector = this.projector;
            long checkedAt = clock.millis();
            // Before the batch: a batch that fails every time (a project at its limit of held events) must not keep
            // the operator's retry, which may be what sets it right, from ever being made.
            if (checkedAt - lastRetryCheck >= RETRY_CHECK_MS) {
                projector.retryRequested();
                lastRetryCheck = checkedAt;
            }
            if (!batch.nextOffsets().isEmpty()) {
                projector.accept(batch.events(), batch.nextOffsets());
                uncheckpointed = true;
            }
            long now = clock.millis();
            boolean catchingUp = batch.full();
            if (projector.dirty() > 0 && (!catchingUp || projector.dirty() >= CATCH_UP_MAX_DIRTY
                    || projector.unflushed() >= CATCH_UP_MAX_UNFLUSHED
                    || projector.dirtyWeight() >= CATCH_UP_MAX_DIRTY_WEIGHT || now - lastFlush >= CATCH_UP_FLUSH_MS)) {
                boolean checkpoint = now - lastCheckpoint >= checkpointWait(catchingUp, projector.lastCheckpointTook());
                projector.flush(checkpoint);
                lastFlush = now;
                if (checkpoint) {
                    lastCheckpoint = now;
                    uncheckpointed = false;
                }
            } else if ((uncheckpointed || projector.checkpointOwed()) && projector.dirty() == 0
                    && now - lastCheckpoint >= checkpointWait(false, projector.lastCheckpointTook())) {
                projector.flush(true);
                lastCheckpoint = now;
                uncheckpointed = false;
            }
            // What it read is applied and visible, and its last poll was not a full one: it reads at the topic's end.
            boolean following = !catchingUp && projector.dirty() == 0;
            boolean idle = following && !uncheckpointed && !projector.checkpointOwed() && !projector.checkpointPending();
            if (now - lastProgress >= PROGRESS_MS || (idle && !caughtUpOnce && now - caughtUpDeclinedAt >= PROGRESS_MS)) {
                boolean assigned = kafka.assigned();
                Map<Integer, Long> byPartition = assigned ? kafka.remainingByPartition() : Map.of();
                projector.refreshOthers();
                metrics.partitionLag(stores.generation().id(),
                        stores.generations().live().filter(stores.generation()::equals).isPresent(), byPartition);
                long remaining = assigned ? byPartition.values().stream().mapToLong(Long::longValue).sum()
                        : beyondCheckpoint(kafka);
                double rate = (projector.applied() - appliedAtProgress) * 1000.0 / Math.max(1, now - lastProgress);
                status = new ProjectionStatus(stores.generation(), state(assigned, kafka.owned(), remaining),
                        projector.applied(), remaining, rate, List.copyOf(projector.parked()), null, null, null);
                if (!assigned && now - lastProgress >= PROGRESS_MS) {
                    log.info("Read models {}: waiting for the consumer group to let this instance in; {} records "
                            + "beyond the last checkpoint", stores.generation().id(), remaining);
                } else if (now - lastProgress >= PROGRESS_MS && (remaining > 0 || rate > 0)) {
                    log.info("Read models {}: {} events applied ({}/s), {} to go", stores.generation().id(),
                            projector.applied(), Math.round(rate), remaining);
                }
                lastProgress = now;
                appliedAtProgress = projector.applied();
                if (!assigned) {
                    // Asked again at the next progress check, not at every poll while the group keeps it waiting.
                    caughtUpDeclinedAt = now;
                }
                // Not while a project catches up a part at a time: a generation switched to then would show it
                // behind for as many turns.
                if (assigned && following && remaining < properties.maxPollRecords() && !caughtUpOnce
                        && projector.parked().stream().noneMatch(ParkedProject::catchingUp)
                        && everyPartitionCaughtUp(kafka, now)) {
                    if (onCaughtUp.test(this)) {
                        caughtUpOnce = true;
                        log.info("Read models {} caught up with the topic", stores.generation().id());
                    } else {
                        caughtUpDeclinedAt = now;
                    }
                }
            }
        }
        if (this.projector.dirty() > 0 || uncheckpointed || this.projector.checkpointOwed()) {
            this.projector.flush(true);
        }
        this.projector.awaitCheckpoints();
    }

    private static final String JOINING = "joining the consumer group";
    private static final String NO_PARTITIONS = "reading no partitions";

    /**
     * Following only while the consumer holds partitions and has read to their end. Without an assignment (a
     * rebalance, or the group having dropped it) it reads nothing, and an empty set of partitions had nothing left.
     */
    private static String state(boolean assigned, java.util.Set<Integer> owned, long remaining) {
        if (!assigned) {
            return JOINING;
        }
        if (owned.isEmpty()) {
            return NO_PARTITIONS;
        }
        return remaining == 0 ? "following" : "catching up";
    }

    /**
     * What the read models lack while no instance may be reading: the records beyond the generation's checkpoint,
     * on every partition. Not the 0 the partitions it owns (none) added up to, which showed a projection stuck for
     * 45 s behind 619 events as following.
     */
    private long beyondCheckpoint(EventStreamReader kafka) {
        Map<Integer, Long> checkpoint = stores.generations().state(stores.generation())
                .<Map<Integer, Long>>map(GenerationState::offsets).orElse(Map.of());
        return EventStreamReader.remainingBeyond(checkpoint, kafka.endOffsets());
    }

    /** How long to wait after a checkpoint that took this long to write before asking for the next one. */
    static long checkpointWait(boolean catchingUp, long took) {
        return catchingUp ? Math.max(CATCH_UP_FLUSH_MS, COST_FACTOR * took)
                : Math.min(LIVE_MAX_CHECKPOINT_WAIT_MS, Math.max(CHECKPOINT_MS, COST_FACTOR * took));
    }

    /**
     * Whether every partition's checkpoint, whichever instance wrote it, has reached the topic's end: its end now
     * (nothing arrives), or where it ended when last looked at, {@value #PROGRESS_MS} to three times as many ms
     * ago. Under steady traffic a checkpoint never equals the end (it follows the events by up to a few seconds),
     * and a rebuild that waited for that never went live; an instance that is still catching up on its partitions
     * does not reach where the topic ended seconds ago either.
     */
    private boolean everyPartitionCaughtUp(EventStreamReader kafka, long now) {
        Map<Integer, Long> ends = kafka.endOffsets();
        // Seen longer ago than a few checks (the run was catching up meanwhile), it says nothing about now.
        Map<Integer, Long> earlier = now - endsSeenAt <= 3 * PROGRESS_MS ? endsSeen : null;
        if (earlier == null || now - endsSeenAt >= PROGRESS_MS) {
            endsSeen = ends;
            endsSeenAt = now;
        }
        return stores.generations().state(stores.generation()).map(state ->
                EventStreamReader.remainingBeyond(state.offsets(), ends) == 0
                        || earlier != null && EventStreamReader.remainingBeyond(state.offsets(), earlier) == 0)
                .orElse(false);
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** For tests and operators: the last time anything went wrong, if the run is failing now. */
    Instant failingSince() {
        return status.failingSince();
    }
}
