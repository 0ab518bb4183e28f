package org.kronika.query.projection;

import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectSummaryProjection;
import org.kronika.query.stream.ReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Applies the published events to one generation of read models, in batches, each project strictly in sequence.
 *
 * <p>Order of writes, which is what makes a crash at any point harmless: a batch's facts (history entries,
 * activities, measurements, held events) are written first, each keyed by project and sequence or id so that
 * writing it again changes nothing; then, at a flush, the project summaries, whose {@code version} says which
 * events they include; then the programme's aggregates, which record which version of each project they include;
 * and last the checkpoint. A restart reads again from the checkpoint and every event already reflected is
 * recognised as such.
 *
 * <p>A project whose event comes before the one it follows waits; a project whose event cannot be applied is
 * parked. Either way its events are held in MongoDB and the position moves on: no event is lost, no other project
 * stops. Not thread-safe: one thread drives a projector.
 *
 * <p>This class holds the turns (a batch, a flush, a retry check, a drain), whose order of statements is the order
 * of writes; the state and the work are its collaborators', made anew with each projector: {@link CalendarStream}
 * (the programme's calendar), {@link EventSequencer} (a project's events in order), {@link EventFolder} (what one
 * event changes), {@link ActivityWorkingSet} and {@link SummaryLedger} (the activities and summaries as cached,
 * changed and stored), {@link Parking} (the projects' records), {@link HeldReleases} (held events to delete),
 * {@link BatchWriter} (writing, a project that cannot be written parked), {@link CatchUpBudget},
 * {@link VisibilityLag} and {@link NextCheckpoint}.
 */
final class Projector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Projector.class);
    /**
     * Beyond this many held events for one project (the span of sequences it holds), the projection stops rather
     * than store more.
     */
    static final long MAX_HELD = 1_000_000;
    /** Held events are read back and applied this many at a time: all at once, a long wait's would not fit in memory. */
    static final int DRAIN_CHUNK = 1_000;
    /**
     * Parts of held events a batch, or a retry check, applies in all (about 15 s here): a consumer that does not
     * poll again within {@code max.poll.interval.ms} (5 minutes) is taken for dead and its partitions handed to
     * another instance, and a project held for a day may hold hundreds of thousands. The rest waits for the next
     * turns, the project catching up meanwhile.
     */
    static final int DRAIN_PARTS_PER_TURN = 20;
    /**
     * The summaries kept across batches, in bytes (see {@link ProjectSummary#weight}): a summary weighs 100 KB to
     * 1 MB, so a count would let the heap grow with the number of projects and their months.
     */
    static final long SUMMARY_CACHE = 32L << 20;
    /** Activities weigh about 2 KB each in memory, bounded by the command side's limits: about 20 MB. */
    static final int ACTIVITY_CACHE = 10_000;

    private static final int STALE_CHECKS_PER_READ = 64;

    private final ReadModelStores stores;
    private final SummaryLedger ledger;
    private final ActivityWorkingSet workingSet;
    private final EventFolder folder;
    private final Checkpoints checkpoints;
    private final VisibilityLag lag;
    private final NextCheckpoint nextCheckpoint;
    private final CalendarStream calendar;
    private final RepeatedCopies repeatedCopies;
    private final Parking parking;
    private final HeldReleases releases;
    private final EventSequencer sequencer;
    private final BatchWriter writer;
    private final RecognisedEvents recognised;
    private final CatchUpBudget budget = new CatchUpBudget(DRAIN_CHUNK, DRAIN_PARTS_PER_TURN);
    /** Which projects this instance projects now: those of its partitions. */
    private Predicate<String> owns = projectId -> true;
    private boolean failed;
    /** Whether the retry check finished the stale releases of the projects this instance projects now. */
    private boolean staleReleasesFinished;

    /** @param checkpointsInBackground whether checkpoints are written on a thread of their own ({@link Checkpoints}) */
    Projector(ReadModelStores stores, ProjectSummaryProjection summaryProjection, ProjectionMetrics metrics,
              Clock clock, long appliedBefore, boolean checkpointsInBackground) {
        this(stores, summaryProjection, metrics, clock, appliedBefore, SUMMARY_CACHE, ACTIVITY_CACHE,
                checkpointsInBackground);
    }

    /** With caches of the given sizes: tests make them tiny, so that nothing may depend on what they keep. */
    Projector(ReadModelStores stores, ProjectSummaryProjection summaryProjection, ProjectionMetrics metrics,
              Clock clock, long appliedBefore, long summaryCache, int activityCache, boolean checkpointsInBackground) {
        this.ledger = new SummaryLedger(stores, summaryCache);
        this.workingSet = new ActivityWorkingSet(stores, activityCache);
        this.stores = stores;
        this.folder = new EventFolder(stores, summaryProjection, workingSet);
        this.lag = new VisibilityLag(clock, metrics, () -> stores.generations().isLive(stores.generation()));
        this.nextCheckpoint = new NextCheckpoint(appliedBefore, metrics);
        this.recognised = new RecognisedEvents(stores.generations().countedHeld(stores.generation()));
        this.calendar = new CalendarStream(stores, metrics, nextCheckpoint);
        this.repeatedCopies = new RepeatedCopies(stores, metrics);
        this.parking = new Parking(stores, clock, metrics, MAX_HELD);
        this.releases = new HeldReleases(stores, parking);
        this.sequencer = new EventSequencer(stores, metrics, recognised, folder, workingSet, budget, parking, releases);
        this.writer = new BatchWriter(stores, workingSet, ledger, parking, sequencer, lag, nextCheckpoint);
        // Last: its thread runs until the projector is closed, and a projector that fails to construct (the
        // parked projects are read above, from a store that may be down) is never closed.
        this.checkpoints = new Checkpoints(stores, checkpointsInBackground);
    }

    long applied() {
        return nextCheckpoint.total();
    }

    /**
     * Whether something it was asked to do failed. Its memory may then be ahead of the store: a batch's summaries
     * are changed before its facts are written, so flushing them after a failed write of facts would record events
     * as applied whose history was never written, and a restart would skip them as already applied. So it does
     * nothing more; a new projector starts again from the last checkpoint.
     */
    boolean failed() {
        return failed;
    }

    private void usable(Runnable step) {
        if (failed) {
            throw new IllegalStateException("A projector whose write failed writes nothing more: start again from"
                    + " the last checkpoint");
        }
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            failed = true;
            throw e;
        }
    }

    /** Writes facts as the writer of this token, given with its partitions ({@code Generations.nextWriter}). */
    void writeAs(long writerToken) {
        writer.writeAs(writerToken);
    }

    /**
     * Only projects that pass this are this instance's to retry or to unpark; the next retry check looks for stale
     * ones among them again ({@link #finishStaleReleases}).
     */
    void owning(Predicate<String> projects) {
        this.owns = projects;
        staleReleasesFinished = false;
    }

    Collection<ParkedProject> parked() {
        return parking.snapshot();
    }

    /**
     * Reads again the records of the projects other instances project: this one keeps its own up to date as it
     * goes, but saw the others' only when it was made, so a project another instance retried or that parked there
     * since was reported wrongly here until the next rebalance. Every instance reports every project (health, the
     * gauges' max over instances), so each must see the others' changes.
     */
    void refreshOthers() {
        parking.refreshOthers(owns);
    }

    /** Applies a batch and writes its facts. Its summaries become visible at the next {@link #flush}. */
    void accept(List<ReceivedEvent> events, Map<Integer, Long> nextOffsets) {
        usable(() -> acceptNow(events, nextOffsets));
    }

    private void acceptNow(List<ReceivedEvent> events, Map<Integer, Long> nextOffsets) {
        budget.newTurn();
        lag.received();
        Map<String, List<ReceivedEvent>> byProject = calendar.projectEvents(events);
        Map<String, ProjectSummary> current = ledger.load(byProject.keySet());
        workingSet.startBatch();
        folder.startBatch();
        workingSet.preload(events);
        folder.preload(events);
        Map<String, ProjectWrites> writes = new LinkedHashMap<>();
        for (var project : byProject.entrySet()) {
            nextCheckpoint.touched(project.getKey());
            ProjectSummary before = current.get(project.getKey());
            ProjectWrites projectWrites = new ProjectWrites(before, project.getValue());
            projectWrites.parkedBefore = parking.get(project.getKey());
            writes.put(project.getKey(), projectWrites);
            ledger.pending(project.getKey(), sequencer.apply(before, project.getValue(), projectWrites));
        }
        // Before the batch's writes: a copy held again replaces the one it is compared with.
        repeatedCopies.compare(byProject.values(),
                writes.values().stream().flatMap(project -> project.repeated.stream()).toList());
        writer.write(writes);
        writes.values().forEach(this::changed);
        nextCheckpoint.advancedTo(nextOffsets);
        workingSet.keep();
        // A gap closed before more held events than are read at once: the rest now, a part at a time.
        for (String projectId : byProject.keySet()) {
            ParkedProject waiting = parking.get(projectId);
            if (waiting != null && waiting.catchingUp() && budget.left()) {
                drain(waiting);
            }
        }
    }

    /** Keeps track of a project's changed summary until it is flushed. */
    private void changed(ProjectWrites projectWrites) {
        String projectId = projectWrites.before.projectId();
        workingSet.recorded(projectWrites);
        if (ledger.settle(projectId, projectWrites.before, projectWrites.applied.size())) {
            lag.applied(projectId, projectWrites.applied);
        }
        nextCheckpoint.applied(projectWrites.applied.size());
        nextCheckpoint.countedUnread(projectId, projectWrites.countedUnread);
        int appliedBefore = recognised.count(projectId, projectWrites.recognised);
        nextCheckpoint.recognised(appliedBefore);
        if (appliedBefore > 0) {
            ledger.relist(projectId);
        }
    }

    /** Projects changed since the last flush. */
    int dirty() {
        return ledger.count();
    }

    /** How much the summaries changed since the last flush weigh, in bytes ({@link ProjectSummary#weight}). */
    long dirtyWeight() {
        return ledger.weight();
    }

    /** Events applied since the last flush: their summaries are written at the next one. */
    int unflushed() {
        return ledger.unflushed();
    }

    /**
     * Writes the changed summaries, making them visible; with {@code checkpoint}, also asks for the programme's
     * aggregates to be rolled up and the position saved ({@link Checkpoints}).
     */
    void flush(boolean checkpoint) {
        usable(() -> flushNow(checkpoint));
    }

    private void flushNow(boolean checkpoint) {
        workingSet.index();
        writer.writeSummaries(ledger.changed());
        Map<String, ProjectSummary> written = checkpoint ? ledger.changedCopy() : Map.of();
        ledger.written();
        releases.applied(ledger.load(releases.projects()));
        lag.visible();
        ledger.flushDone();
        if (checkpoint) {
            checkpoints.write(ledger.current(nextCheckpoint.projects(), written), nextCheckpoint.offsets(),
                    nextCheckpoint.appliedSince(), nextCheckpoint.countedUnread(), releases.unparking());
            releases.unparked();
            nextCheckpoint.written();
        }
    }

    /** How long the last checkpoint written took, in ms. */
    long lastCheckpointTook() {
        return checkpoints.lastTook();
    }

    /** Whether a checkpoint asked for is still being written. */
    boolean checkpointPending() {
        return checkpoints.pending();
    }

    /** Waits until every checkpoint asked for is written: before another instance may take over. */
    void awaitCheckpoints() {
        try {
            checkpoints.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while a checkpoint was written", e);
        }
    }

    /** Writes the checkpoint asked for, if it can, and stops its thread. */
    @Override
    public void close() {
        checkpoints.close();
    }

    /** A smaller limit of held events per project than {@link #MAX_HELD}: for tests of what happens at the limit. */
    void maxHeld(long limit) {
        parking.maxHeld(limit);
    }

    /** Fewer held events applied at a time than {@link #DRAIN_CHUNK}: for tests of projects that hold more. */
    void drainChunk(int chunk) {
        budget.chunk(chunk);
    }

    /** Fewer parts a turn than {@link #DRAIN_PARTS_PER_TURN}: for tests of catch-ups that take many turns. */
    void drainPartsPerTurn(int parts) {
        budget.partsPerTurn(parts);
    }

    /** Stops without writing what it has not written yet: its partitions belong to another instance now. */
    public void abandon() {
        checkpoints.abandon();
    }

    /** Tries a parked project's held events again, if an operator asked to. */
    void retryRequested() {
        usable(this::retryNow);
    }

    private void retryNow() {
        lag.received();
        budget.newTurn();
        if (!staleReleasesFinished) {
            finishStaleReleases();
            staleReleasesFinished = true;
        }
        for (ParkedProject stored : stores.parked().all()) {
            if (stored.retryRequested() != null && owns.test(stored.projectId())
                    && !stored.retryRequested().equals(releases.retriedAt(stored.projectId()))) {
                if (!budget.left()) {
                    // The turn's parts are spent: the request stays, for the next turn.
                    continue;
                }
                log.info("Retrying project {} with {} held event(s)", stored.projectId(), stored.held());
                drain(stored);
                // Only now: a flush in the middle of the drain would clear the request, and a stop then left the
                // project parked, its retry forgotten.
                releases.retried(stored.projectId(), stored.retryRequested());
            }
        }
        for (ParkedProject waiting : parking.snapshot()) {
            if (waiting.catchingUp() && owns.test(waiting.projectId()) && budget.left()) {
                drain(waiting);
            }
        }
    }

    /**
     * Applies a project's held events in order, {@link #drainChunk} at a time, each part written before the next is
     * read, and flushed once as many events wait for it: a project parked for a day may hold hundreds of thousands,
     * which read, or kept for a flush, all at once would not fit in memory. If one cannot be applied, the project
     * parks again there and holds the rest, which stay where they are.
     */
    private void drain(ParkedProject holding) {
        String projectId = holding.projectId();
        parking.remove(projectId);
        ProjectSummary summary = ledger.load(List.of(projectId)).get(projectId);
        // From the summary on too: a record saved after a stop may hold from further on than the drain reads.
        long releaseFrom = Math.min(holding.heldFrom(), summary.version() + 1);
        long read = summary.version();
        long counted = 0;
        boolean yielded = false;
        try {
            while (read < holding.heldTo() && !parking.has(projectId)) {
                if (!budget.take()) {
                    yielded = true;
                    break;
                }
                long from = Math.max(read, summary.version()) + 1;
                read = Math.min(holding.heldTo(), from + budget.chunk() - 1);
                List<ReceivedEvent> held = stores.held().range(projectId, from, read);
                if (held.isEmpty()) {
                    // The next event is not held: it has not arrived, and the project waits for it, holding the
                    // rest. Read on, part after empty part, it spent every turn's budget catching up with nothing.
                    // From the next event on: what it applied stays held only till its summary is written, and a
                    // drain reads from the summary's version whatever the record says.
                    parking.keepHolding(holding, ParkedProject.WAITING, "event " + (summary.version() + 1)
                            + " has not arrived; later ones are held", summary.version(),
                            Math.max(holding.heldFrom(), summary.version() + 1), counted);
                    break;
                }
                counted += held.size();
                // Parked again by this part, however (applied, or as its writes find), the one record it saves
                // holds the rest too: saved narrower first, a stop before the rest was added lost them.
                parking.draining(projectId, read + 1, holding.heldTo(), Math.max(0, holding.held() - counted));
                workingSet.startBatch();
                folder.startBatch();
                workingSet.preload(held);
                folder.preload(held);
                ProjectWrites writes = new ProjectWrites(summary, held);
                ledger.pending(projectId, sequencer.apply(summary, held, writes));
                Map<String, ProjectWrites> batch = new LinkedHashMap<>(Map.of(projectId, writes));
                writer.write(batch);
                // As written: a part applied again (an activity id recorded twice) or held again (unwritable).
                ProjectWrites written = batch.get(projectId);
                if (!written.applied.isEmpty()) {
                    // Read from the store: held by a run that may have stopped before its checkpoint passed them.
                    written.countedUnread.add(written.applied.get(0).sequence(),
                            written.applied.get(written.applied.size() - 1).sequence());
                }
                changed(written);
                workingSet.keep();
                summary = ledger.pendingOr(projectId, summary);
                // Released before the flush that writes the summary including them, which so deletes them: released
                // only at the drain's end, a stop after that flush left them held for good, below the summary and
                // below the range of the record the drain saves when it waits or parks again.
                releases.mark(projectId, releaseFrom, summary.version());
                if (ledger.unflushed() >= budget.chunk()) {
                    flushNow(false);
                }
            }
        } finally {
            parking.drained(projectId);
        }
        if (yielded) {
            // Saved now: a project an operator retried would otherwise come back parked after a stop, its retry
            // made and cleared. Its range stays whole, as what it applied stays held till its summary is written.
            parking.keepHolding(holding, ParkedProject.CATCHING_UP, "what it held is applied a part at a time, from"
                    + " event " + (summary.version() + 1), holding.version(), holding.heldFrom(), counted);
        }
        releases.mark(projectId, releaseFrom, summary.version());
        nextCheckpoint.touched(projectId);
    }

    /**
     * At the first retry check once the projector knows its projects ({@link #owning}): finishes the stale releases
     * ({@link EventSequencer#finishStaleRelease}) of the projects it projects, so that one with no new event is not
     * left listed as parked either. Summaries are read {@value #STALE_CHECKS_PER_READ} at a time: a fault may have
     * parked many projects, and a summary weighs up to a megabyte.
     */
    private void finishStaleReleases() {
        List<String> projectIds = parking.owned(owns);
        for (int from = 0; from < projectIds.size(); from += STALE_CHECKS_PER_READ) {
            List<String> chunk = projectIds.subList(from, Math.min(projectIds.size(), from + STALE_CHECKS_PER_READ));
            Map<String, ProjectSummary> current = ledger.load(chunk);
            for (String projectId : chunk) {
                ProjectSummary summary = current.get(projectId);
                recognised.found(projectId, summary.version());
                ProjectWrites writes = new ProjectWrites(summary, List.of());
                if (sequencer.finishStaleRelease(summary, writes)) {
                    log.info("Project {} holds nothing its summary does not include: no longer parked", projectId);
                    ledger.pending(projectId, summary);
                    changed(writes);
                    // Its summary may be newer than the programme's aggregates: the stop came before the checkpoint.
                    nextCheckpoint.touched(projectId);
                } else {
                    // One that gets no event more catches up too, in this check.
                    parking.catchUpIfAhead(summary);
                }
            }
        }
    }

    /**
     * Whether a checkpoint is owed for something no batch brought: projects a retry or a stale release changed, or
     * a clean-up still to do. Their rollup and their count wait for it.
     */
    boolean checkpointOwed() {
        return nextCheckpoint.owed() || releases.pending();
    }
}
