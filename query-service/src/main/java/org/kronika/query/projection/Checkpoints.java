package org.kronika.query.projection;

import org.kronika.query.portfolio.ProgrammeAggregateProjection;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.readmodel.HeldRange;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checkpoint's two writes, in their order: the programme's aggregates rolled up from the summaries flushed so far,
 * then the position. They may run on a thread of their own, so that a project's events become visible without
 * waiting for the programme-wide roll-up (its writes touch many projects' shares and the shared aggregates), which
 * follows a moment later.
 *
 * <p>Checkpoints asked for while one is being written are merged into the next one: each project's latest summary,
 * the latest position, the events applied in between added up. That is the same as having written them one by one,
 * because summaries only move forward and a position is only saved once everything before it is in the aggregates.
 * A crash at any point leaves an older checkpoint, from which the events are applied again and recognised.
 */
final class Checkpoints implements AutoCloseable {

    private final ProgrammeAggregateProjection programme;
    private final ReadModelStores stores;
    private final boolean inBackground;
    private final Thread thread;
    /** When the generation was created as this projector found it: checkpoints are only ever written to that one. */
    private final java.time.Instant incarnation;

    /** What the next checkpoint writes; guarded by {@code this}. */
    private final Map<String, ProjectSummary> summaries = new LinkedHashMap<>();
    private final Map<String, Long> unparked = new LinkedHashMap<>();
    private Map<Integer, Long> offsets = Map.of();
    private long applied;
    private final List<HeldRange> countedUnread = new java.util.ArrayList<>();
    private boolean pending;
    private boolean writing;
    private boolean closed;
    private RuntimeException failure;
    /** How long the last checkpoint written took, in ms: catching up, the next one waits in proportion. */
    private volatile long lastTook;

    /** @param inBackground whether checkpoints are written on a thread of their own, or as they are asked for */
    Checkpoints(ReadModelStores stores, boolean inBackground) {
        this.stores = stores;
        this.programme = new ProgrammeAggregateProjection(stores.programme());
        this.inBackground = inBackground;
        this.incarnation = stores.generations().state(stores.generation())
                .map(org.kronika.query.readmodel.GenerationState::createdAt).orElse(null);
        this.thread = inBackground ? new Thread(this::run, "checkpoints-" + stores.generation().id()) : null;
        if (thread != null) {
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * Asks for a checkpoint of these summaries (as flushed) and this position, with {@code applied} events applied
     * since the last one asked for, {@code countedUnread} the held ranges among them counted without being read;
     * then the records of {@code unparked} projects are removed, unless they hold more than the given summary
     * version includes (parked again meanwhile).
     *
     * @throws RuntimeException the failure of an earlier checkpoint: the projection starts again from the last one
     */
    void write(Collection<ProjectSummary> flushed, Map<Integer, Long> position, long appliedSince,
               List<HeldRange> countedUnread, Map<String, Long> unparking) {
        if (!inBackground) {
            writeNow(flushed, position, appliedSince, countedUnread, unparking);
            return;
        }
        synchronized (this) {
            rethrow();
            flushed.forEach(summary -> summaries.put(summary.projectId(), summary));
            unparking.forEach((projectId, version) -> unparked.merge(projectId, version, Math::max));
            offsets = new TreeMap<>(position);
            applied += appliedSince;
            this.countedUnread.addAll(countedUnread);
            pending = true;
            notifyAll();
        }
    }

    /** Whether a checkpoint asked for is not written yet. */
    synchronized boolean pending() {
        rethrow();
        return pending || writing;
    }

    /** Waits until every checkpoint asked for is written. */
    synchronized void await() throws InterruptedException {
        while ((pending || writing) && failure == null) {
            wait();
        }
        rethrow();
    }

    /** Writes what was asked for, if it can, and stops. */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops, dropping the checkpoints asked for and not yet begun: the one being written, if any, still finishes
     * (the store's guards keep it from moving anything backwards).
     */
    void abandon() {
        synchronized (this) {
            summaries.clear();
            unparked.clear();
            applied = 0;
            countedUnread.clear();
            pending = false;
        }
        close();
    }

    /** How long the last checkpoint written took, in ms (0 before the first). */
    long lastTook() {
        return lastTook;
    }

    private void writeNow(Collection<ProjectSummary> flushed, Map<Integer, Long> position, long appliedSince,
                          List<HeldRange> countedUnread, Map<String, Long> unparking) {
        long start = System.nanoTime();
        programme.rollUp(flushed);
        stores.generations().saveOffsets(stores.generation(), incarnation, position, appliedSince, countedUnread);
        // Last: until here a stop leaves the record, and the next run finishes its release (counting its events only
        // if this checkpoint did not: the ranges it counted unread say so).
        unparking.forEach(stores.parked()::removeIfHoldingNothingBeyond);
        lastTook = (System.nanoTime() - start) / 1_000_000;
    }

    private void rethrow() {
        if (failure != null) {
            throw new IllegalStateException("Writing a checkpoint failed: " + failure, failure);
        }
    }

    private void run() {
        while (true) {
            List<ProjectSummary> rollUp;
            Map<String, Long> unparking;
            Map<Integer, Long> position;
            long appliedSince;
            List<HeldRange> counted;
            synchronized (this) {
                while (!pending && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (!pending || failure != null) {
                    return;
                }
                rollUp = List.copyOf(summaries.values());
                unparking = Map.copyOf(unparked);
                unparked.clear();
                position = offsets;
                appliedSince = applied;
                counted = List.copyOf(countedUnread);
                summaries.clear();
                applied = 0;
                countedUnread.clear();
                pending = false;
                writing = true;
            }
            try {
                writeNow(rollUp, position, appliedSince, counted, unparking);
            } catch (RuntimeException | Error e) {
                // An Error too: uncaught, it ended this thread with the failure unset, and await() waited for good.
                synchronized (this) {
                    failure = e instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException(e.toString(), e);
                }
            } finally {
                synchronized (this) {
                    writing = false;
                    notifyAll();
                }
            }
        }
    }
}
