package org.kronika.query.projection;

import org.kronika.query.project.ProjectSummary;
import org.kronika.query.stream.ReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.TreeMap;

/**
 * A project's events strictly in order: applies the next one, holds one that comes early (the project waits),
 * parks the project where one cannot be applied, and releases what a closed gap held, as far as it now runs
 * without a gap. What each event changes is the {@link EventFolder}'s; the records, {@link Parking}'s.
 */
final class EventSequencer {

    private static final Logger log = LoggerFactory.getLogger(EventSequencer.class);

    private final ReadModelStores stores;
    private final ProjectionMetrics metrics;
    private final RecognisedEvents recognised;
    private final EventFolder folder;
    private final ActivityWorkingSet workingSet;
    private final CatchUpBudget budget;
    private final Parking parking;
    private final HeldReleases releases;

    EventSequencer(ReadModelStores stores, ProjectionMetrics metrics, RecognisedEvents recognised, EventFolder folder,
                   ActivityWorkingSet workingSet, CatchUpBudget budget, Parking parking, HeldReleases releases) {
        this.stores = stores;
        this.metrics = metrics;
        this.recognised = recognised;
        this.folder = folder;
        this.workingSet = workingSet;
        this.budget = budget;
        this.parking = parking;
        this.releases = releases;
    }

    /**
     * Applies the project's events of a batch (or of a catch-up's part) in order: those its summary includes are
     * repeats, an early one is held (the project waits), one that cannot be applied parks the project, and one that
     * closes a gap releases what was held behind it.
     *
     * @return the project's summary with the events applied
     */
    ProjectSummary apply(ProjectSummary summary, List<ReceivedEvent> events, ProjectWrites writes) {
        String projectId = summary.projectId();
        recognised.found(projectId, summary.version());
        // Stale or not, its events follow from its summary: the answer matters only to the retry check.
        finishStaleRelease(summary, writes);
        parking.catchUpIfAhead(summary);
        for (ReceivedEvent event : events) {
            ParkedProject waiting = parking.get(projectId);
            if (event.sequence() <= summary.version()) {
                writes.repeated.add(event);
                if (!recognised.recognise(projectId, event.sequence(), writes.recognised)) {
                    metrics.duplicate();
                }
            } else if (waiting != null && event.sequence() > waiting.version() && (ParkedProject.PARKED.equals(
                    waiting.status()) || event.sequence() != summary.version() + 1)) {
                // Events up to where it stopped were applied before (a restart may have lost their summary):
                // only later ones are held.
                parking.hold(waiting, event, writes);
            } else if (event.sequence() > summary.version() + 1) {
                parking.hold(parking.park(projectId, ParkedProject.WAITING, "event " + event.sequence()
                        + " came before event " + (summary.version() + 1) + ", which has not arrived",
                        summary.version()), event, writes);
            } else {
                try {
                    summary = folder.apply(summary, event, writes);
                } catch (RuntimeException e) {
                    // The store away a moment is no fault of the event: the run retries from its checkpoint.
                    StoreFailures.rethrowIfTransient(e);
                    log.error("Project {} parked at event {}: {}", projectId, event.sequence(), e.toString());
                    parking.hold(parking.park(projectId, ParkedProject.PARKED, event.type() + " #"
                            + event.sequence() + " cannot be applied: " + e.getMessage(), summary.version()), event,
                            writes);
                    continue;
                }
                if (waiting != null) {
                    summary = releaseHeld(summary, waiting, writes);
                }
            }
        }
        return summary;
    }

    /**
     * The gap closed: applies what was held behind it, as far as it now runs without a gap, and no more than
     * {@link CatchUpBudget#chunk} of them; if more are held, the project catches up with them once the batch is
     * written, a part at a time ({@link ParkedProject#catchingUp}), as they may not fit in memory at once with the
     * batch's.
     */
    private ProjectSummary releaseHeld(ProjectSummary summary, ParkedProject waiting, ProjectWrites writes) {
        String projectId = summary.projectId();
        // A part of the turn's budget too: a batch that closes the gaps of many projects would otherwise read a part
        // for each. Without one left, the project catches up from the next turn on.
        long readTo = budget.take() ? Math.min(waiting.heldTo(), summary.version() + budget.chunk())
                : summary.version();
        TreeMap<Long, ReceivedEvent> held = new TreeMap<>();
        if (readTo > summary.version()) {
            stores.held().range(projectId, summary.version() + 1, readTo).forEach(e -> held.put(e.sequence(), e));
        }
        // Those this batch held beyond what is read now stay held: written with the batch, applied later. A copy held
        // before them, stored or earlier in the batch, is the one applied: the first read.
        for (var it = writes.held.iterator(); it.hasNext(); ) {
            ReceivedEvent event = it.next();
            if (event.sequence() <= readTo) {
                held.putIfAbsent(event.sequence(), event);
                it.remove();
            }
        }
        parking.remove(projectId);
        // From the batch's first event on: one it applied may be held too, a copy left by a run that stopped after
        // applying it from the store and saving a record that held from further on.
        long from = Math.min(waiting.heldFrom(), writes.before.version() + 1);
        workingSet.preload(held.values());
        folder.preload(held.values());
        long firstApplied = -1;
        for (ReceivedEvent event : held.values()) {
            if (event.sequence() <= summary.version()) {
                continue;
            }
            if (event.sequence() != summary.version() + 1 || parking.has(projectId)) {
                parking.hold(parking.has(projectId) ? parking.get(projectId) : parking.park(projectId,
                        ParkedProject.WAITING, "event " + event.sequence() + " came before event "
                                + (summary.version() + 1) + ", which has not arrived", summary.version()), event,
                        writes);
                continue;
            }
            try {
                summary = folder.apply(summary, event, writes);
                firstApplied = firstApplied < 0 ? event.sequence() : firstApplied;
            } catch (RuntimeException e) {
                // The store away a moment is no fault of the event: the run retries from its checkpoint.
                StoreFailures.rethrowIfTransient(e);
                parking.hold(parking.park(projectId, ParkedProject.PARKED, event.type() + " #" + event.sequence()
                        + " cannot be applied: " + e.getMessage(), summary.version()), event, writes);
            }
        }
        if (firstApplied >= 0) {
            // Some read from the store: held by a run that may have stopped before its checkpoint passed them.
            writes.countedUnread.add(firstApplied, summary.version());
        }
        if (waiting.heldTo() > readTo) {
            // Events read here stay in the store until the summary that includes them is written: still held, from
            // where the record held them (a stop before the checkpoint counts them as applied before, from it).
            ParkedProject rest = parking.has(projectId) ? parking.get(projectId)
                    : summary.version() == readTo
                    ? parking.park(projectId, ParkedProject.CATCHING_UP, "event " + (waiting.version() + 1)
                    + " came; what it held after it is applied a part at a time", summary.version())
                    : parking.park(projectId, ParkedProject.WAITING, "event " + (summary.version() + 1)
                    + " has not arrived; later ones are held", summary.version());
            rest = rest.through(waiting.heldFrom(), waiting.heldTo(), Math.max(0, waiting.held() - held.size()));
            parking.put(projectId, rest);
            writes.park = rest;
        }
        releases.mark(projectId, from, summary.version());
        return summary;
    }

    /**
     * A project still parked or waiting whose summary includes every event it held was released before a stop: a
     * gap closed or a retry applied its events, its summary was written, and the stop came before the clean-up.
     * Finishes the clean-up and counts those events as applied before this run. Left parked, a project that a
     * retry had set right held every later event until someone retried it again.
     *
     * @return whether it was stale
     */
    boolean finishStaleRelease(ProjectSummary summary, ProjectWrites writes) {
        String projectId = summary.projectId();
        ParkedProject stale = parking.get(projectId);
        if (stale == null || stale.heldTo() > summary.version()) {
            return false;
        }
        parking.remove(projectId);
        releases.mark(projectId, stale.heldFrom(), summary.version());
        recognised.recognise(projectId, stale.heldFrom(), stale.heldTo(), writes.recognised);
        if (!recognised.countedBefore(projectId, stale.heldFrom(), stale.heldTo())) {
            writes.countedUnread.add(stale.heldFrom(), stale.heldTo());
        }
        return true;
    }
}
