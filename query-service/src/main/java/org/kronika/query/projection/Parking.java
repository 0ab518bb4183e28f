package org.kronika.query.projection;

import org.kronika.query.project.ProjectSummary;
import org.kronika.query.stream.ReceivedEvent;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Every project's record as this instance knows it: parked, waiting or catching up, and what it holds. Its own
 * projects' records are kept up to date as their events are held, the others' read again from the store
 * ({@link #refreshOthers}); this is the only place that saves a record.
 */
final class Parking {

    private final ReadModelStores stores;
    private final Clock clock;
    private final ProjectionMetrics metrics;
    private final Map<String, ParkedProject> parked = new HashMap<>();
    private long maxHeld;

    /** Held events a drain has not read yet: from and to, and about how many. */
    private record Unread(long from, long to, long count) {
    }

    /**
     * Per project being drained, what it holds beyond the part read: a record that parks it again holds them too,
     * from its one save ({@link #saveIfParked}).
     */
    private final Map<String, Unread> unread = new HashMap<>();

    /**
     * Starts from the records the store holds.
     *
     * @param maxHeld held events per project (the span of sequences it holds) beyond which the projection stops
     */
    Parking(ReadModelStores stores, Clock clock, ProjectionMetrics metrics, long maxHeld) {
        this.stores = stores;
        this.clock = clock;
        this.metrics = metrics;
        this.maxHeld = maxHeld;
        stores.parked().all().forEach(p -> parked.put(p.projectId(), p));
    }

    /** A smaller limit of held events per project: for tests of what happens at the limit. */
    void maxHeld(long limit) {
        this.maxHeld = limit;
    }

    ParkedProject get(String projectId) {
        return parked.get(projectId);
    }

    boolean has(String projectId) {
        return parked.containsKey(projectId);
    }

    void remove(String projectId) {
        parked.remove(projectId);
    }

    void put(String projectId, ParkedProject record) {
        parked.put(projectId, record);
    }

    /** A copy: read by other threads (health, HTTP), and changed while a caller goes through it. */
    List<ParkedProject> snapshot() {
        return List.copyOf(parked.values());
    }

    /** The projects with a record that this instance projects. */
    List<String> owned(Predicate<String> owns) {
        return parked.keySet().stream().filter(owns).toList();
    }

    /**
     * Reads again the records of the projects other instances project: this one keeps its own up to date as it
     * goes, but saw the others' only when it was made.
     */
    void refreshOthers(Predicate<String> owns) {
        Map<String, ParkedProject> stored = new HashMap<>();
        stores.parked().all().forEach(p -> stored.put(p.projectId(), p));
        parked.keySet().removeIf(projectId -> !owns.test(projectId) && !stored.containsKey(projectId));
        stored.forEach((projectId, record) -> {
            if (!owns.test(projectId)) {
                parked.put(projectId, record);
            }
        });
    }

    /** Parks a project (or changes why it waits), keeping track of what it already holds. */
    ParkedProject park(String projectId, String status, String reason, long version) {
        ParkedProject holding = parked.get(projectId);
        // Parked, it holds everything after the event that failed; waiting, what came early, whenever it came.
        long from = ParkedProject.PARKED.equals(status) ? version + 1
                : holding == null ? Long.MAX_VALUE : holding.heldFrom();
        ParkedProject project = new ParkedProject(projectId, status, reason, clock.instant(), version, from,
                holding == null ? Long.MIN_VALUE : holding.heldTo(), holding == null ? 0 : holding.held(), null);
        parked.put(projectId, project);
        return project;
    }

    void hold(ParkedProject project, ReceivedEvent event, ProjectWrites writes) {
        hold(project, event, writes, project.holds(event.sequence()));
    }

    /** @param known whether the event is held already (delivered again), so not counted again */
    void hold(ParkedProject project, ReceivedEvent event, ProjectWrites writes, boolean known) {
        // One delivered again is held already: refusing it would stop the projection at every start for good.
        if (!known && project.spanHolding(event.sequence()) > maxHeld) {
            throw new IllegalStateException("Project " + project.projectId() + " may hold no more than " + maxHeld
                    + " events; the projection stops here rather than lose one: " + project.reason());
        }
        if (known) {
            writes.repeated.add(event);
        }
        ParkedProject holding = known ? project : project.holding(event.sequence());
        parked.put(project.projectId(), holding);
        writes.held.add(event);
        writes.park = holding;
        metrics.held();
    }

    /** Saves what a drain stopped short of: the project still holds up to where it held, less what it applied. */
    void keepHolding(ParkedProject holding, String status, String reason, long version, long heldFrom,
                     long applied) {
        ParkedProject rest = new ParkedProject(holding.projectId(), status, reason, holding.since(), version, heldFrom,
                holding.heldTo(), Math.max(0, holding.held() - applied), null);
        parked.put(holding.projectId(), rest);
        stores.parked().save(rest);
    }

    /**
     * A project waiting or parked under a record ahead of its summary: a stop came after a release or a catch-up
     * applied held events and saved the record (parked again, at a later event, it may be), before the summary
     * including them was written. Those events are still held, and not read again from the topic if they came before
     * the checkpoint: waiting for the next of them, which only a new delivery of it would have released, the project
     * waited for good; parked, it held them below its record's range, unapplied, until an operator's retry. It catches
     * up instead, from its summary, and parks again where it did.
     */
    void catchUpIfAhead(ProjectSummary summary) {
        ParkedProject waiting = parked.get(summary.projectId());
        if (waiting != null && !waiting.catchingUp() && waiting.version() > summary.version()) {
            parked.put(summary.projectId(), waiting.catchingUpFrom(summary.version(), "what it held is applied a"
                    + " part at a time, from event " + (summary.version() + 1)));
        }
    }

    /**
     * One record whose range covers both the project's record before a batch and after it, which a release in the
     * batch may have made anew for what it held again; its count is the one before.
     */
    static ParkedProject covering(ParkedProject before, ParkedProject after) {
        if (before == null || after == null) {
            return after == null ? before : after;
        }
        return new ParkedProject(after.projectId(), after.status(), after.reason(), after.since(), after.version(),
                Math.min(before.heldFrom(), after.heldFrom()), Math.max(before.heldTo(), after.heldTo()),
                before.held(), after.retryRequested());
    }

    /** A drain reads a part of the project's held events: beyond it, it still holds these. */
    void draining(String projectId, long from, long to, long count) {
        unread.put(projectId, new Unread(from, to, count));
    }

    /** The drain is over. */
    void drained(String projectId) {
        unread.remove(projectId);
    }

    /** Once the batch's facts are written: saves the record of each of its projects that waits or is parked. */
    void saveIfParked(Collection<ProjectWrites> writes) {
        for (ProjectWrites project : writes) {
            String projectId = project.before.projectId();
            if (project.park != null && parked.containsKey(projectId)) {
                ParkedProject record = parked.get(projectId);
                Unread rest = unread.get(projectId);
                if (rest != null) {
                    // Only now, once the part's own events are held and counted: within the range, they were not.
                    record = record.through(rest.from(), rest.to(), rest.count());
                    parked.put(projectId, record);
                }
                stores.parked().save(record);
            }
        }
    }
}
