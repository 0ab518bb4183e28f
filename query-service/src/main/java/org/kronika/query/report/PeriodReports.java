package org.kronika.query.report;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Keys;
import org.kronika.query.readmodel.Writes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The period reports of a generation, in three collections, every document read by an id computed from what the
 * report says: {@value #NAME} (one per project and period), {@value #ENTRIES} (its discussion steps and flagged
 * changes, numbered) and {@value #APPROVED} (the figures of each approval). Every write is a whole document by id,
 * so writing it again changes nothing.
 */
public class PeriodReports {

    public static final String NAME = "periodReports";
    public static final String ENTRIES = "periodReportEntries";
    public static final String APPROVED = "approvedFigures";
    /** The most steps or changes one read returns: the latest ones. */
    public static final int MAX_ENTRIES = 1000;

    private final MongoCollection<Document> reports;
    private final MongoCollection<Document> entries;
    private final MongoCollection<Document> approved;

    public PeriodReports(MongoDatabase database, Generation generation) {
        this.reports = database.getCollection(generation.collection(NAME));
        this.entries = database.getCollection(generation.collection(ENTRIES));
        this.approved = database.getCollection(generation.collection(APPROVED));
    }

    public static String key(String projectId, String periodId) {
        return Keys.named(projectId, periodId);
    }

    private static String entryKey(String projectId, String periodId, boolean change, long ordinal) {
        return Keys.numbered(Keys.named(projectId, periodId) + (change ? "|c" : "|d"), ordinal);
    }

    private static String figuresKey(String projectId, String periodId, long approvalSequence) {
        return Keys.numbered(Keys.named(projectId, periodId) + "|a", approvalSequence);
    }

    /**
     * Reports are listed by status across the programme ({@link #inStatusAfter}, {@link #inStatusBefore}) and read by
     * project ({@link #ofProjects}); the key orders them.
     */
    public void declareIndexes() {
        // Status, then key: a page in either direction reads its own reports through the index, in order, however
        // many others are in that status before or after it.
        reports.createIndex(com.mongodb.client.model.Indexes.ascending("status", "_id"));
        // A recorder's page, of its organisation's projects only: one range per project in that status, merged in
        // key order, not a walk through every other organisation's reports in it.
        reports.createIndex(com.mongodb.client.model.Indexes.ascending("status", "projectId", "_id"));
        reports.createIndex(com.mongodb.client.model.Indexes.ascending("projectId"));
    }

    /**
     * Up to {@code limit} reports in {@code status} across the programme, or of these projects only, in the order of
     * their keys, from the one after {@code after} (a key, exclusive; {@code null} from the first): what waits for
     * an officer's review, or which approved reports changed since.
     *
     * @param projects {@code null} for every project's
     */
    public List<PeriodReport> inStatusAfter(String status, Collection<String> projects, String after, int limit) {
        return inStatus(status, projects, after == null ? null : Filters.gt("_id", after), true, limit);
    }

    /**
     * The last {@code limit} reports in {@code status} whose keys come before {@code before} (exclusive; {@code null}
     * for the end of the list), answered in the order of their keys as {@link #inStatusAfter} answers them: the page
     * before one.
     *
     * @param projects {@code null} for every project's
     */
    public List<PeriodReport> inStatusBefore(String status, Collection<String> projects, String before, int limit) {
        List<PeriodReport> found = inStatus(status, projects, before == null ? null : Filters.lt("_id", before), false,
                limit);
        java.util.Collections.reverse(found);
        return found;
    }

    private List<PeriodReport> inStatus(String status, Collection<String> projects, org.bson.conversions.Bson from,
                                        boolean forwards, int limit) {
        List<org.bson.conversions.Bson> conditions = new ArrayList<>(List.of(Filters.eq("status", status)));
        if (projects != null) {
            conditions.add(Filters.in("projectId", projects));
        }
        if (from != null) {
            conditions.add(from);
        }
        var order = forwards ? com.mongodb.client.model.Sorts.ascending("_id")
                : com.mongodb.client.model.Sorts.descending("_id");
        List<PeriodReport> found = new ArrayList<>();
        for (Document doc : reports.find(Filters.and(conditions)).sort(order).limit(limit)) {
            found.add(DocumentMapper.fromDocument(doc, PeriodReport.class));
        }
        return found;
    }

    /** Every report these projects have (each is stored once it was submitted), by key: one read by project. */
    public Map<String, PeriodReport> ofProjects(Collection<String> projectIds) {
        return projectIds.isEmpty() ? new LinkedHashMap<>() : byKey(Filters.in("projectId", List.copyOf(projectIds)));
    }

    /** The reports of these keys that exist. */
    public Map<String, PeriodReport> load(Collection<String> keys) {
        return keys.isEmpty() ? new LinkedHashMap<>() : byKey(Filters.in("_id", List.copyOf(keys)));
    }

    private Map<String, PeriodReport> byKey(org.bson.conversions.Bson filter) {
        Map<String, PeriodReport> found = new LinkedHashMap<>();
        for (Document doc : reports.find(filter)) {
            found.put(doc.getString("_id"), DocumentMapper.fromDocument(doc, PeriodReport.class));
        }
        return found;
    }

    public Optional<PeriodReport> find(String projectId, String periodId) {
        return Optional.ofNullable(load(List.of(key(projectId, periodId))).get(key(projectId, periodId)));
    }

    /** For tests and one-off writes: {@link #write(Collection, Collection, Collection, long)} as no writer. */
    public void write(Collection<PeriodReport> changed, Collection<ReportEntry> newEntries,
                      Collection<ApprovedFigures> figures) {
        write(changed, newEntries, figures, 0);
    }

    /**
     * Entries first, then figures, then the reports that count them: a crash in between only repeats a write. A
     * report a later writer stored is left as it is ({@link Writes#replaceUnlessFenced}); entries and figures are
     * keyed by what they record, the same whoever writes them.
     *
     * @return how many reports were not written, a later writer's
     */
    public int write(Collection<PeriodReport> changed, Collection<ReportEntry> newEntries,
                     Collection<ApprovedFigures> figures, long writer) {
        Writes.replaceAll(entries, Writes.byId(newEntries,
                e -> entryKey(e.projectId(), e.periodId(), e.isChange(), e.ordinal())));
        Writes.replaceAll(approved, Writes.byId(figures,
                f -> figuresKey(f.projectId(), f.periodId(), f.approvalSequence())));
        return Writes.replaceUnlessFenced(reports, Writes.byId(changed, r -> key(r.projectId(), r.periodId())),
                writer);
    }

    /** The report's discussion, oldest first (at most the latest {@value #MAX_ENTRIES} steps). */
    public List<ReportEntry> discussion(PeriodReport report) {
        return entries(report, false, Math.max(0, report.discussion() - MAX_ENTRIES), report.discussion());
    }

    /** The changes flagged since its last approval, oldest first (at most the latest {@value #MAX_ENTRIES}). */
    public List<ReportEntry> changesSinceApproval(PeriodReport report) {
        if (report.approval() == null) {
            return List.of();
        }
        long from = Math.max(report.approval().changesBefore(), report.changes() - MAX_ENTRIES);
        return entries(report, true, from, report.changes());
    }

    /**
     * The changes flagged while an earlier approval stood, oldest first: all before the last approval (at most the
     * latest {@value #MAX_ENTRIES}).
     */
    public List<ReportEntry> changesBeforeApproval(PeriodReport report) {
        if (report.approval() == null) {
            return List.of();
        }
        long to = report.approval().changesBefore();
        return entries(report, true, Math.max(0, to - MAX_ENTRIES), to);
    }

    private List<ReportEntry> entries(PeriodReport report, boolean changes, long from, long to) {
        List<String> ids = new ArrayList<>();
        for (long n = from; n < to; n++) {
            ids.add(entryKey(report.projectId(), report.periodId(), changes, n));
        }
        List<ReportEntry> found = new ArrayList<>();
        if (!ids.isEmpty()) {
            for (Document doc : entries.find(Filters.in("_id", ids))) {
                found.add(DocumentMapper.fromDocument(doc, ReportEntry.class));
            }
        }
        found.sort(Comparator.comparingLong(ReportEntry::ordinal));
        return found;
    }

    /** What each of these approvals of the report saw, by the approval's sequence. */
    public Map<Long, ApprovedFigures> asApproved(PeriodReport report, Collection<Long> approvalSequences) {
        Map<Long, ApprovedFigures> found = new LinkedHashMap<>();
        if (approvalSequences.isEmpty()) {
            return found;
        }
        List<String> ids = approvalSequences.stream()
                .map(sequence -> figuresKey(report.projectId(), report.periodId(), sequence)).toList();
        for (Document doc : approved.find(Filters.in("_id", ids))) {
            ApprovedFigures figures = DocumentMapper.fromDocument(doc, ApprovedFigures.class);
            found.put(figures.approvalSequence(), figures);
        }
        return found;
    }

    /** What the report's last approval saw. */
    public Optional<ApprovedFigures> asApproved(PeriodReport report) {
        if (report.approval() == null) {
            return Optional.empty();
        }
        long sequence = report.approval().sequence();
        return Optional.ofNullable(asApproved(report, List.of(sequence)).get(sequence));
    }
}
