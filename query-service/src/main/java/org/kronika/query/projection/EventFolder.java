package org.kronika.query.projection;

import org.kronika.query.activity.Activities;
import org.kronika.query.activity.ActivityChange;
import org.kronika.query.history.ProjectHistoryProjection;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.measurement.MeasurementChange;
import org.kronika.query.measurement.MeasurementProjection;
import org.kronika.query.project.FactChanges;
import org.kronika.query.project.ProjectFacts;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.StoredFacts;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.project.ProjectSummaryProjection;
import org.kronika.query.readmodel.Keys;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.PeriodReportProjection;
import org.kronika.query.report.PeriodReports;
import org.kronika.query.stream.ReceivedEvent;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one event changes, in memory: the project's summary, its activity, measurement, period reports and history
 * entry, put in the project's {@link ProjectWrites}. It neither holds, parks nor writes; it reads what an event
 * needs that the batch does not have (a measurement, a period report), and the activities from the batch's
 * {@link ActivityWorkingSet}.
 */
final class EventFolder {

    private final ReadModelStores stores;
    private final ActivityWorkingSet workingSet;
    private final ProjectSummaryProjection summaryProjection;
    private final ProjectHistoryProjection historyProjection = new ProjectHistoryProjection();
    private final PeriodReportProjection reportProjection = new PeriodReportProjection();
    /**
     * The period reports as stored when this batch first needed them, never changed in place: a project's part of
     * a batch applied again starts from them; what the batch changes is in its {@link ProjectWrites}.
     */
    private final Map<String, PeriodReport> storedReports = new HashMap<>();
    /**
     * The measurements the batch's events name as stored when the batch began, by {@link #measurementKey}; empty for
     * one not stored. Read once for the batch: every measurement event looks its measurement up, a new one too, to
     * find an id recorded twice.
     */
    private final Map<String, Optional<Measurement>> storedMeasurements = new HashMap<>();

    EventFolder(ReadModelStores stores, ProjectSummaryProjection summaryProjection, ActivityWorkingSet workingSet) {
        this.stores = stores;
        this.summaryProjection = summaryProjection;
        this.workingSet = workingSet;
    }

    /** A batch, or a part of a catch-up, starts: the period reports and measurements are read anew. */
    void startBatch() {
        storedReports.clear();
        storedMeasurements.clear();
    }

    /** Reads the measurements these events name, all in one query. */
    void preload(Collection<ReceivedEvent> events) {
        Map<String, Set<String>> named = new LinkedHashMap<>();
        for (ReceivedEvent event : events) {
            String measurementId = MeasurementProjection.measurementId(event);
            if (measurementId != null
                    && !storedMeasurements.containsKey(measurementKey(event.projectId(), measurementId))) {
                named.computeIfAbsent(event.projectId(), k -> new LinkedHashSet<>()).add(measurementId);
            }
        }
        named.forEach((projectId, ids) -> ids.forEach(id -> storedMeasurements.put(measurementKey(projectId, id),
                Optional.empty())));
        stores.measurements().named(named).forEach(stored -> storedMeasurements.put(
                measurementKey(stored.projectId(), stored.measurementId()), Optional.of(stored)));
    }

    /** Applies the project's next event: the summary it makes, the rest in {@code writes}. */
    ProjectSummary apply(ProjectSummary summary, ReceivedEvent event, ProjectWrites writes) {
        FactChanges changes = FactChanges.of(event, summary, activityId -> {
            String key = Activities.key(event.projectId(), activityId);
            return writes.activities.containsKey(key) ? writes.activities.get(key) : workingSet.get(key);
        }, measurementId -> storedMeasurement(writes, event.projectId(), measurementId));
        ActivityChange change = changes.activity();
        MeasurementChange measured = changes.measurement();
        ProjectSummary next = summaryProjection.apply(summary, event, change, measured,
                facts(summary, writes, change, measured));
        String reportStatus = PeriodReportProjection.statusAfter(event.event());
        for (String periodId : PeriodReportProjection.periodIds(event.event())) {
            if (reportStatus != null) {
                // From the event, not from the report this batch read: a report stored ahead of its summary (a stop
                // between the two writes) answers the event as applied already, and the count would miss it.
                next = next.withReportStatus(periodId, reportStatus);
            }
            // The summary before the event: for an approval, the state at the head it approved.
            PeriodReportProjection.Result result = reportProjection.apply(report(writes, event.projectId(), periodId),
                    event, summary);
            writes.reports.put(PeriodReports.key(event.projectId(), periodId), result.report());
            writes.entries.addAll(result.entries());
            if (result.figures() != null) {
                writes.figures.add(result.figures());
            }
        }
        if (change != null) {
            String key = Activities.key(event.projectId(), change.after().activityId());
            if (change.before() == null) {
                writes.created.add(key);
            }
            writes.activities.put(key, change.after());
            workingSet.put(key, change.after());
        }
        if (measured != null) {
            writes.measurements.put(measured.after().measurementId(), measured.after());
        }
        writes.history.add(historyProjection.entry(event, change, measured));
        writes.applied.add(event);
        if (ProjectSummaries.snapshotted(next.version())) {
            writes.snapshots.add(next);
        }
        return next;
    }

    /** The project's facts as they stand with this event's change, for the rare question of what is latest now. */
    private ProjectFacts facts(ProjectSummary summary, ProjectWrites writes, ActivityChange change,
                               MeasurementChange measured) {
        // The batch's own, as they stand: read only if the event asks (copied for every event, a project's 5,000
        // events in one batch cost 12 million copies).
        return new StoredFacts(stores.activities(), stores.measurements(), summary.projectId(), summary.version(),
                writes.activities.values(), change == null ? null : change.after(), writes.measurements.values(),
                measured == null ? null : measured.after());
    }

    /**
     * The measurement an event names: as this batch left it, else as stored when the batch began (read by
     * {@link #preload}; through its index for one the batch did not preload).
     */
    private Measurement storedMeasurement(ProjectWrites writes, String projectId, String measurementId) {
        Measurement inBatch = writes.measurements.get(measurementId);
        if (inBatch != null) {
            return inBatch;
        }
        Optional<Measurement> stored = storedMeasurements.get(measurementKey(projectId, measurementId));
        return stored != null ? stored.orElse(null)
                : stores.measurements().find(projectId, measurementId).orElse(null);
    }

    private static String measurementKey(String projectId, String measurementId) {
        return Keys.named(projectId, measurementId);
    }

    /** The report as this batch left it, else as stored, else a new open one. */
    private PeriodReport report(ProjectWrites writes, String projectId, String periodId) {
        String key = PeriodReports.key(projectId, periodId);
        PeriodReport changed = writes.reports.get(key);
        if (changed != null) {
            return changed;
        }
        return storedReports.computeIfAbsent(key, k -> stores.reports().find(projectId, periodId)
                .orElseGet(() -> PeriodReport.open(projectId, periodId)));
    }
}
