package org.kronika.query.projection;

import org.kronika.query.activity.Activity;
import org.kronika.query.history.HistoryEntry;
import org.kronika.query.measurement.Measurement;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.project.ProjectSummary;
import org.kronika.query.report.ApprovedFigures;
import org.kronika.query.report.PeriodReport;
import org.kronika.query.report.ReportEntry;
import org.kronika.query.stream.ReceivedEvent;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one project's part of a batch writes: filled as its events are applied, held or parked, then written in the
 * order {@link Projector}'s class comment gives. Lives for one batch, or one part of a catch-up.
 */
final class ProjectWrites {
    final ProjectSummary before;
    final List<ReceivedEvent> events;
    final List<ReceivedEvent> applied = new ArrayList<>();
    final List<HistoryEntry> history = new ArrayList<>();
    final Map<String, Activity> activities = new LinkedHashMap<>();
    /** Activities first recorded in this batch: written as new documents. */
    final Set<String> created = new HashSet<>();
    /**
     * Measurements this batch recorded or changed, by their ids (one document each: a repeated id is refused), as they
     * now stand.
     */
    final Map<String, Measurement> measurements = new LinkedHashMap<>();
    final List<ReceivedEvent> held = new ArrayList<>();
    /** Copies of events the project had applied or held already when they came: see {@link RepeatedCopies}. */
    final List<ReceivedEvent> repeated = new ArrayList<>();
    /** Events the summary included already, applied before this run: see {@link RecognisedEvents}. */
    final BitSet recognised = new BitSet();
    /**
     * Ranges of events counted that this run may not have read from the topic (held events applied from the store,
     * a release a stop had interrupted): the checkpoint records them ({@link RecognisedEvents}).
     */
    final SequenceRanges countedUnread = new SequenceRanges();
    /** Period reports this batch changed, by key, and what they add. */
    final Map<String, PeriodReport> reports = new LinkedHashMap<>();
    final List<ReportEntry> entries = new ArrayList<>();
    final List<ApprovedFigures> figures = new ArrayList<>();
    /** The summaries this batch passed through that are kept as they stood: {@link ProjectSummaries#SNAPSHOTS}. */
    final List<ProjectSummary> snapshots = new ArrayList<>();
    ParkedProject park;
    /** Whether and why the project waited or was parked before the batch. */
    ParkedProject parkedBefore;

    ProjectWrites(ProjectSummary before, List<ReceivedEvent> events) {
        this.before = before;
        this.events = events;
    }
}
