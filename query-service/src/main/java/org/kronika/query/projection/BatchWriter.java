package org.kronika.query.projection;

import com.mongodb.MongoException;
import org.bson.BsonSerializationException;
import org.kronika.query.activity.Activities;
import org.kronika.query.activity.Activity;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.report.ApprovedFigures;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.ReportEntry;
import org.kronika.query.stream.ReceivedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes a batch's facts and, at a flush, the changed summaries, in the order {@link Projector}'s class comment
 * gives; a project whose documents cannot be written is parked instead of stopping the others, and the store away
 * a moment stops the run, which retries from its checkpoint ({@link StoreFailures}).
 */
final class BatchWriter {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final ReadModelStores stores;
    private final ActivityWorkingSet workingSet;
    private final SummaryLedger ledger;
    private final Parking parking;
    private final EventSequencer sequencer;
    private final VisibilityLag lag;
    private final NextCheckpoint nextCheckpoint;

    /** The token this writer was given with its partitions ({@code Generations.nextWriter}); 0: none given. */
    private long token;

    BatchWriter(ReadModelStores stores, ActivityWorkingSet workingSet, SummaryLedger ledger, Parking parking,
                EventSequencer sequencer, VisibilityLag lag, NextCheckpoint nextCheckpoint) {
        this.stores = stores;
        this.workingSet = workingSet;
        this.ledger = ledger;
        this.parking = parking;
        this.sequencer = sequencer;
        this.lag = lag;
        this.nextCheckpoint = nextCheckpoint;
    }

    void writeAs(long writerToken) {
        this.token = writerToken;
    }

    /**
     * Writes a batch's facts (its projects' new activities first); if the store refuses the batch's documents, writes
     * them project by project, parking a project whose documents it refuses.
     *
     * @param writes each project's writes, which a project applied again (an activity id recorded twice) replaces
     */
    void write(Map<String, ProjectWrites> writes) {
        try {
            insertCreated(writes);
            writeFacts(writes.values());
        } catch (MongoException | BsonSerializationException e) {
            StoreFailures.rethrowIfTransient(e);
            log.warn("A batch's documents could not be written ({}); writing project by project", e.toString());
            // Each project's new activities too: the batch's insert stopped at the first that failed, and facts
            // alone leave new activities out (a project whose documents fit lost them all).
            for (String projectId : List.copyOf(writes.keySet())) {
                Map<String, ProjectWrites> one = new LinkedHashMap<>(Map.of(projectId, writes.get(projectId)));
                try {
                    insertCreated(one);
                    writeFacts(one.values());
                } catch (MongoException | BsonSerializationException failure) {
                    StoreFailures.rethrowIfTransient(failure);
                    parkUnwritable(one.get(projectId), failure);
                }
                // Applied again if it repeated an activity id: the batch goes on with what it now writes.
                writes.put(projectId, one.get(projectId));
            }
        }
    }

    private void writeFacts(Collection<ProjectWrites> writes) {
        List<HistoryEntry> history = new ArrayList<>();
        List<Activity> changedActivities = new ArrayList<>();
        List<Measurement> changedMeasurements = new ArrayList<>();
        List<ReceivedEvent> held = new ArrayList<>();
        List<PeriodReport> reports = new ArrayList<>();
        List<ReportEntry> entries = new ArrayList<>();
        List<ApprovedFigures> figures = new ArrayList<>();
        List<ProjectSummary> snapshots = new ArrayList<>();
        for (ProjectWrites project : writes) {
            history.addAll(project.history);
            reports.addAll(project.reports.values());
            entries.addAll(project.entries);
            figures.addAll(project.figures);
            snapshots.addAll(project.snapshots);
            project.activities.forEach((key, activity) -> {
                if (!project.created.contains(key)) {
                    changedActivities.add(activity);
                }
            });
            changedMeasurements.addAll(project.measurements.values());
            held.addAll(project.held);
        }
        stores.history().insertAll(history);
        requireNoneFenced(stores.activities().replaceAll(changedActivities, token)
                + stores.measurements().saveAll(changedMeasurements, token));
        requireNoneFenced(stores.reports().write(reports, entries, figures, token));
        stores.held().holdAll(held);
        // Before the summary, as every fact: a snapshot ahead of its summary is the one the summary will pass.
        stores.summaries().saveSnapshots(snapshots);
        parking.saveIfParked(writes);
    }

    /**
     * Writes the activities a batch recorded for the first time as new documents, before anything else of the
     * batch. One that exists already was either written before a restart with this same first statement (nothing
     * more to do: its later statements follow from the events applied again), or is an activity id recorded twice:
     * then its project's part of the batch is applied again knowing the activity, so that it parks exactly at the
     * event that repeats it, whichever way the repeat was found.
     */
    private void insertCreated(Map<String, ProjectWrites> writes) {
        Map<String, ProjectWrites> pending = writes;
        for (int round = 0; round < 3 && !pending.isEmpty(); round++) {
            List<Activity> created = new ArrayList<>();
            pending.values().forEach(project -> project.created.forEach(key -> created.add(project.activities.get(key))));
            Set<String> existing = stores.activities().insertNew(created, token);
            if (existing.isEmpty()) {
                return;
            }
            Map<String, Activity> stored = stores.activities().load(existing);
            List<Activity> rewrite = new ArrayList<>();
            Map<String, ProjectWrites> again = new LinkedHashMap<>();
            for (Activity ours : created) {
                String key = Activities.key(ours.projectId(), ours.activityId());
                Activity there = stored.get(key);
                if (there == null || !existing.contains(key)) {
                    continue;
                }
                if (there.recordedSequence() == ours.recordedSequence()) {
                    rewrite.add(ours);
                } else {
                    workingSet.learn(key, there);
                    again.put(ours.projectId(), writes.get(ours.projectId()));
                }
            }
            int fenced = stores.activities().replaceAll(rewrite, token);
            if (fenced > 0) {
                // Not left as this writer inserted them: its successor may have parked the project before them.
                stores.activities().delete(created.stream().map(a -> Activities.key(a.projectId(), a.activityId()))
                        .filter(key -> !existing.contains(key)).toList(), token);
                requireNoneFenced(fenced);
            }
            Map<String, ProjectWrites> refolded = new LinkedHashMap<>();
            for (ProjectWrites project : again.values()) {
                String projectId = project.before.projectId();
                // From where the project stood before the batch: its activities as stored, the repeated one known.
                project.activities.keySet().forEach(key -> {
                    if (!existing.contains(key)) {
                        workingSet.forgetWorking(key);
                    }
                });
                workingSet.preload(project.events);
                if (project.parkedBefore == null) {
                    parking.remove(projectId);
                } else {
                    parking.put(projectId, project.parkedBefore);
                }
                ProjectWrites redone = new ProjectWrites(project.before, project.events);
                redone.parkedBefore = project.parkedBefore;
                ledger.pending(projectId, sequencer.apply(project.before, project.events, redone));
                writes.put(projectId, redone);
                refolded.put(projectId, redone);
                // Activities this batch wrote as new that the project, applied again, no longer records.
                List<String> undone = project.created.stream()
                        .filter(key -> !redone.created.contains(key) && !existing.contains(key)).toList();
                stores.activities().delete(undone, token);
                undone.forEach(workingSet::forgetWorking);
            }
            pending = refolded;
        }
    }

    /**
     * A fact a later writer stored means this instance lost its partitions unawares (frozen past its consumer
     * group's session): it writes nothing more, and starts again from the last checkpoint, as when a summary it
     * writes was written by another.
     */
    private static void requireNoneFenced(int fenced) {
        if (fenced > 0) {
            throw new ProjectSummaries.WrittenByAnother(fenced + " activities, measurements or reports were written"
                    + " by a later writer: another instance was given this one's partitions");
        }
    }

    /** The project's events of this batch are held instead, and it goes back to where it stood before it. */
    private void parkUnwritable(ProjectWrites project, RuntimeException failure) {
        String projectId = project.before.projectId();
        log.error("Project {} parked: its documents cannot be written: {}", projectId, failure.toString());
        project.activities.keySet().forEach(workingSet::forget);
        ledger.pending(projectId, project.before);
        // Waiting or parked already, it holds events of earlier batches too: they stay in its range and count,
        // also those a release in this batch took from the store. The count stands on the record as the batch found
        // it, or, for a summary that cannot be written, as it is now (the events applied since lie below it); the
        // batch's events count unless that record held them already or the batch repeats them.
        ParkedProject counted = project.parkedBefore != null ? project.parkedBefore : parking.get(projectId);
        ParkedProject holding = Parking.covering(project.parkedBefore, parking.get(projectId));
        if (holding != null) {
            parking.put(projectId, holding);
        }
        ParkedProject parkedProject = parking.park(projectId, ParkedProject.PARKED, "its read models cannot be"
                + " written: " + failure.getMessage(), project.before.version());
        ProjectWrites held = new ProjectWrites(project.before, List.of());
        Set<Long> seen = new HashSet<>();
        project.events.stream().filter(e -> e.sequence() > project.before.version()).forEach(e ->
                parking.hold(parking.get(projectId), e, held, !seen.add(e.sequence())
                        || counted != null && counted.holds(e.sequence())));
        held.park = parking.get(projectId);
        project.applied.clear();
        // Held again, uncounted: a checkpoint must not say they were counted.
        project.countedUnread.clear();
        project.created.clear();
        project.activities.clear();
        project.reports.clear();
        project.entries.clear();
        project.figures.clear();
        project.snapshots.clear();
        writeFacts(List.of(held));
        log.debug("Parked {}", parkedProject);
    }

    /** Each changed summary, written over the version it was read at. */
    void writeSummaries(List<ProjectSummary> changed) {
        try {
            stores.summaries().write(changed.stream().map(ledger::change).toList());
        } catch (MongoException | BsonSerializationException e) {
            StoreFailures.rethrowIfTransient(e);
            for (ProjectSummary summary : changed) {
                try {
                    stores.summaries().write(List.of(ledger.change(summary)));
                } catch (ProjectSummaries.WrittenByAnother written) {
                    // The bulk write may have written this one already; only another writer's version is a loss.
                    if (stores.summaries().find(summary.projectId()).map(ProjectSummary::version).orElse(-1L)
                            != summary.version()) {
                        throw written;
                    }
                    stores.summaries().relist(List.of(summary));
                } catch (MongoException | BsonSerializationException failure) {
                    StoreFailures.rethrowIfTransient(failure);
                    ProjectSummary before = ledger.storedBefore(summary.projectId());
                    // Its events are held, not visible, and no longer count as applied: a retry applies them.
                    lag.forget(summary.projectId());
                    List<ReceivedEvent> held = appliedSince(before, summary);
                    nextCheckpoint.unapplied(held.size());
                    nextCheckpoint.uncountedAfter(summary.projectId(), before.version());
                    parkUnwritable(new ProjectWrites(before, held), failure);
                }
            }
        }
    }

    /**
     * The events that took a project from one summary to a later one, read back from its history: a batch writes
     * each applied event's entry there, exactly as published, before its summary. Typed again when read back as
     * held events, as every held event is.
     */
    private List<ReceivedEvent> appliedSince(ProjectSummary stored, ProjectSummary current) {
        List<ReceivedEvent> events = new ArrayList<>();
        String projectId = current.projectId();
        stores.history().each(projectId, stored.version() + 1, current.version(), entry -> events.add(
                entry.received()));
        if (events.size() != current.version() - stored.version()) {
            // Holding fewer would lose events: stop instead, and start again from the last checkpoint.
            throw new IllegalStateException("Project " + projectId + " applied events " + (stored.version() + 1)
                    + " to " + current.version() + ", but its history holds " + events.size() + " of them");
        }
        return events;
    }
}
