package org.kronika.query.project;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.kronika.query.indicator.Bucket;
import org.kronika.query.indicator.IndicatorDefinition;
import org.kronika.query.indicator.ProgressView;
import org.kronika.query.indicator.TargetThere;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Keys;
import org.kronika.query.readmodel.Page;
import org.kronika.query.readmodel.Writes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code projects} collection of a generation: one document per project holding its summary, its list entry,
 * and the fields lists filter and sort on.
 */
public class ProjectSummaries {

    public static final String NAME = "projects";
    /** One small document per project: what lists filter, sort and show, so a list never reads a summary. */
    public static final String LIST = "project_list";
    /**
     * One document counting the writes that changed what lists filter and sort on: a list's order held in memory
     * ({@link ProjectOrder}) is read again when it moves. It counts writes, so two generations built from the same
     * events may count differently; the diff leaves it out.
     */
    public static final String LIST_REVISION = "project_list_revision";
    /**
     * A project's summary as it stood at every {@value #SNAPSHOT_EVERY}th event, never changed afterwards: a replay
     * known at an instant long before the last event folds forward from the one at or before it, through at most
     * that many events, instead of reading every fact (issue 9, point 6).
     */
    public static final String SNAPSHOTS = "project_snapshots";
    /**
     * Every how many events a summary is kept as it stood: a replay from one folds fewer events than that (from
     * nothing, before the first, as many at most), and the snapshots add a summary per that many events to the store.
     */
    public static final long SNAPSHOT_EVERY = 1_000;
    private static final String KEYS = "keys";
    /** Summaries per write request: bounded, so that no request outgrows the store's timeout however many are dirty. */
    static final int WRITES_PER_REQUEST = 100;

    private final MongoCollection<Document> collection;
    private final MongoCollection<Document> list;
    private final MongoCollection<Document> revision;
    private final MongoCollection<Document> snapshots;
    private final Generation generation;
    private final ProjectViews views;
    /** The list's order held in memory, or null to have the store filter and sort each page. */
    private final ProjectOrder order;

    public ProjectSummaries(MongoDatabase database, Generation generation, ProjectViews views) {
        this(database, generation, views, null);
    }

    public ProjectSummaries(MongoDatabase database, Generation generation, ProjectViews views, ProjectOrder order) {
        this.collection = database.getCollection(generation.collection(NAME));
        this.list = database.getCollection(generation.collection(LIST));
        this.revision = database.getCollection(generation.collection(LIST_REVISION));
        this.snapshots = database.getCollection(generation.collection(SNAPSHOTS));
        this.generation = generation;
        this.views = views;
        this.order = order;
    }

    /** For a real MongoDB; the local stand-in accepts and ignores them. */
    public void declareIndexes() {
        // Lets a guarded write find its document by id and version through an index, on the stand-in too.
        collection.createIndex(Indexes.ascending("_id", "version"), new com.mongodb.client.model.IndexOptions().unique(true));
        list.createIndex(Indexes.ascending("organisationId", "titleKey"));
        // A recorder's walk over their organisation's projects by id (the overdue reports).
        list.createIndex(Indexes.ascending("organisationId", "_id"));
        list.createIndex(Indexes.ascending("places"));
        list.createIndex(Indexes.ascending("titleKey"));
    }

    /**
     * The first project, by id, whose version here is below its version in {@code other}, with both versions; empty
     * when this generation has every project of {@code other} at least as far. Reads ids and versions only, once per
     * comparison (a rebuild from a recreated topic asks before it goes live).
     */
    public Optional<String> firstBehind(ProjectSummaries other) {
        Map<String, Long> mine = new HashMap<>();
        for (Document doc : collection.find().projection(Projections.include("version"))) {
            mine.put(doc.getString("_id"), ((Number) doc.get("version")).longValue());
        }
        for (Document doc : other.collection.find().projection(Projections.include("version"))
                .sort(Sorts.ascending("_id"))) {
            long theirs = ((Number) doc.get("version")).longValue();
            Long here = mine.get(doc.getString("_id"));
            if (here == null || here < theirs) {
                return Optional.of(doc.getString("_id") + " (version " + (here == null ? "none" : here) + ", "
                        + theirs + " in the generation it would replace)");
            }
        }
        return Optional.empty();
    }

    public Optional<ProjectSummary> find(String projectId) {
        Document doc = collection.find(Filters.eq("_id", projectId)).projection(Projections.include("summary")).first();
        return Optional.ofNullable(doc).map(ProjectSummaries::summary);
    }

    public Map<String, ProjectSummary> load(Collection<String> projectIds) {
        Map<String, ProjectSummary> found = new HashMap<>();
        if (projectIds.isEmpty()) {
            return found;
        }
        for (Document doc : collection.find(Filters.in("_id", projectIds)).projection(Projections.include("summary"))) {
            found.put(doc.getString("_id"), summary(doc));
        }
        return found;
    }

    /** Whether the summary at {@code version} is kept as it stood: every {@value #SNAPSHOT_EVERY}th event's. */
    public static boolean snapshotted(long version) {
        return version > 0 && version % SNAPSHOT_EVERY == 0;
    }

    /**
     * Keeps each summary as it stands, by its project and version. Written again after a stop, it is the same
     * summary: the events up to a version make it, however they were batched.
     */
    public void saveSnapshots(Collection<ProjectSummary> summaries) {
        Map<String, Document> byId = new LinkedHashMap<>();
        for (ProjectSummary summary : summaries) {
            String id = Keys.numbered(summary.projectId(), summary.version());
            byId.put(id, new Document("_id", id).append("summary", DocumentMapper.toDocument(summary)));
        }
        Writes.replaceAll(snapshots, byId);
    }

    /** The project's summary as it stood once the event at {@code version} had been applied, if it was kept. */
    public Optional<ProjectSummary> snapshot(String projectId, long version) {
        Document doc = snapshots.find(Filters.eq("_id", Keys.numbered(projectId, version))).first();
        return Optional.ofNullable(doc).map(ProjectSummaries::summary);
    }

    /** What each project did in one municipality, in all and per period, read alone. */
    public Map<String, org.kronika.query.tally.PeriodTallies> tallies(Collection<String> projectIds,
                                                                     String municipality) {
        return part(projectIds, place(municipality), org.kronika.query.tally.PeriodTallies.class);
    }

    /**
     * Each project's indicators that have a target in {@code municipality}, with what they achieved there: read
     * alone, each indicator's definition and its one bucket there, never its figures per period or elsewhere.
     * Projects without any are left out.
     */
    public Map<String, List<TargetThere>> targetsIn(Collection<String> projectIds, String municipality) {
        Map<String, List<TargetThere>> found = new HashMap<>();
        if (projectIds.isEmpty() || municipality == null || municipality.contains(".")) {
            return found;
        }
        for (Document doc : collection.find(Filters.in("_id", projectIds)).projection(Projections.include(
                "summary.indicators.definition", "summary.indicators.progress.byMunicipality." + municipality))) {
            List<TargetThere> targets = new ArrayList<>();
            for (Document indicator : doc.get("summary", Document.class).getList("indicators", Document.class)) {
                IndicatorDefinition definition = DocumentMapper.fromDocument(indicator.get("definition",
                        Document.class), IndicatorDefinition.class);
                Document there = indicator.get("progress", new Document()).get("byMunicipality", new Document())
                        .get(municipality, Document.class);
                ProgressView.againstTarget(definition, municipality,
                        there == null ? null : DocumentMapper.fromDocument(there, Bucket.class)).ifPresent(figures ->
                        targets.add(new TargetThere(definition.indicatorId(), definition.name(), definition.unit(),
                                figures)));
            }
            if (!targets.isEmpty()) {
                found.put(doc.getString("_id"), targets);
            }
        }
        return found;
    }

    private static String place(String municipality) {
        return "summary." + (municipality == null ? "totals" : "byMunicipality." + municipality);
    }

    /** A part of each summary by its path; names with a dot in them name no part, so they find nothing. */
    private <T> Map<String, T> part(Collection<String> projectIds, String path, Class<T> type) {
        Map<String, T> found = new HashMap<>();
        if (projectIds.isEmpty() || Arrays.asList(path.split("\\.", -1)).contains("")) {
            return found;
        }
        for (Document doc : collection.find(Filters.in("_id", projectIds)).projection(Projections.include(path))) {
            Object part = doc;
            for (String field : path.split("\\.")) {
                part = part instanceof Document d ? d.get(field) : null;
            }
            if (part instanceof Document value) {
                found.put(doc.getString("_id"), DocumentMapper.fromDocument(value, type));
            }
        }
        return found;
    }

    /** The organisation a project belongs to, cheaply, for access checks. */
    public Optional<ProjectListEntry> entry(String projectId) {
        Document doc = list.find(Filters.eq("_id", projectId)).projection(Projections.include("entry")).first();
        return Optional.ofNullable(doc).map(d -> DocumentMapper.fromDocument(d.get("entry", Document.class),
                ProjectListEntry.class));
    }

    /** The list entries of the projects named that are listed, by id, in one read however many are named. */
    public Map<String, ProjectListEntry> entries(Collection<String> projectIds) {
        Map<String, ProjectListEntry> found = new HashMap<>();
        if (projectIds.isEmpty()) {
            return found;
        }
        for (Document doc : list.find(Filters.in("_id", projectIds)).projection(Projections.include("entry"))) {
            found.put(doc.getString("_id"), DocumentMapper.fromDocument(doc.get("entry", Document.class),
                    ProjectListEntry.class));
        }
        return found;
    }

    /**
     * Up to {@code limit} project ids in their order, from {@code from} on ({@code null} from the first), of one
     * organisation or of all: a walk over the programme's projects a bounded step at a time, through the list's
     * {@code _id} index.
     *
     * @param inclusive whether {@code from} itself is among them
     * @param organisationId {@code null} for every organisation's
     */
    public List<String> idsFrom(String from, boolean inclusive, String organisationId, int limit) {
        return ids(from == null ? null : inclusive ? Filters.gte("_id", from) : Filters.gt("_id", from),
                Sorts.ascending("_id"), organisationId, limit);
    }

    /**
     * The same walk backwards: up to {@code limit} project ids from {@code from} down ({@code null} from the last),
     * last first.
     */
    public List<String> idsBefore(String from, boolean inclusive, String organisationId, int limit) {
        return ids(from == null ? null : inclusive ? Filters.lte("_id", from) : Filters.lt("_id", from),
                Sorts.descending("_id"), organisationId, limit);
    }

    private List<String> ids(Bson from, Bson order, String organisationId, int limit) {
        List<Bson> conditions = new ArrayList<>();
        if (from != null) {
            conditions.add(from);
        }
        if (organisationId != null) {
            conditions.add(Filters.eq("organisationId", organisationId));
        }
        List<String> ids = new ArrayList<>();
        for (Document doc : list.find(conditions.isEmpty() ? new Document() : Filters.and(conditions))
                .sort(order).projection(Projections.include("_id")).limit(limit)) {
            ids.add(doc.getString("_id"));
        }
        return ids;
    }

    /** The ids of an organisation's projects: one read through the list's index on the organisation. */
    public List<String> idsOf(String organisationId) {
        List<String> ids = new ArrayList<>();
        for (Document doc : list.find(Filters.eq("organisationId", organisationId)).projection(Projections.include("_id"))) {
            ids.add(doc.getString("_id"));
        }
        return ids;
    }

    /**
     * An organisation's name as its projects registered it (the first by title, should they differ), or empty when
     * none is listed: one read through the list's index on the organisation, however many projects it has.
     */
    public Optional<String> organisationName(String organisationId) {
        Document doc = list.find(Filters.eq("organisationId", organisationId)).sort(Sorts.ascending("titleKey"))
                .projection(Projections.include("entry.organisation")).first();
        return Optional.ofNullable(doc).map(d -> d.get("entry", Document.class)).map(e -> e.getString("organisation"));
    }

    /**
     * The version of each project named that is listed (unknown ones are left out), in one read of the list's small
     * documents however many are named: open pages ask for the projects they watch once a second.
     */
    public Map<String, Long> versions(Collection<String> projectIds) {
        Map<String, Long> found = new HashMap<>();
        if (projectIds.isEmpty()) {
            return found;
        }
        for (Document doc : list.find(Filters.in("_id", projectIds)).projection(Projections.include("entry.version"))) {
            found.put(doc.getString("_id"), ((Number) doc.get("entry", Document.class).get("version")).longValue());
        }
        return found;
    }

    /**
     * A summary to write, and the summary stored now: {@code null} (or one not registered yet) when none is, else
     * exactly what the store holds at its version, for only the differences between the two are written.
     */
    public record Change(ProjectSummary summary, ProjectSummary stored) {

        public long storedVersion() {
            return stored == null || !stored.isRegistered() ? -1 : stored.version();
        }
    }

    /** Another writer changed a summary this one was about to replace: this instance no longer owns it. */
    public static class WrittenByAnother extends RuntimeException {
        public WrittenByAnother(String message) {
            super(message);
        }
    }

    /** Writes without a guard: for tests and tools that are the only writer. */
    public void saveAll(Collection<ProjectSummary> summaries) {
        List<Change> changes = new ArrayList<>();
        Map<String, ProjectSummary> stored = load(summaries.stream().map(ProjectSummary::projectId).toList());
        for (ProjectSummary summary : summaries) {
            ProjectSummary there = stored.get(summary.projectId());
            changes.add(new Change(summary, there));
        }
        write(changes);
    }

    /**
     * Writes each summary only over the version this writer read, so an instance that lost its partitions to
     * another (after a long pause, say) can never put an older summary back over a newer one.
     *
     * @throws WrittenByAnother if any was written meanwhile by another instance
     */
    public void write(Collection<Change> changes) {
        List<Change> registered = changes.stream().filter(change -> change.summary().isRegistered()).toList();
        boolean reordered = false;
        // In bounded requests: a catch-up flush holds every dirty summary, and as one request it outgrew the
        // driver's read timeout on a slow store (1,000 summaries of 1,000-event projects), failing every retry.
        // Each request's updates are built only when it is sent: built all at once, a rebuild's flush of 1,000
        // summaries held 100,000 updates and their values, a fifth of the service's live heap.
        for (int from = 0; from < registered.size(); from += WRITES_PER_REQUEST) {
            List<Change> request = registered.subList(from, Math.min(registered.size(), from + WRITES_PER_REQUEST));
            List<com.mongodb.client.model.WriteModel<Document>> writes = new ArrayList<>(request.size());
            for (Change change : request) {
                reordered |= detailsChanged(change);
                writes.add(model(change));
            }
            // Refused as written by another (an instance that lost its partitions, say), a request's other
            // summaries are written (it is unordered) but not their entries: which summaries matched is not known,
            // and an entry ahead of its summary would keep the newer one out. The run starts again, reads their
            // events again, recognises them, and writes those entries then (SummaryLedger's relist).
            writeGuarded(writes);
            writeEntries(request.stream().map(Change::summary).toList());
        }
        if (reordered) {
            moveRevision();
        }
    }

    /**
     * Writes the list entries of summaries written before a failure or a stop that left their entries behind, which
     * are found when their events are read again, each only over an older one; and moves the list's revision if it
     * wrote any. What such an entry changes in what lists filter and sort on (a closure, places, details) is not
     * known here, and no write counted it: without the move, every instance's order held in memory would keep the
     * entry as it was (open, say, while it is closed) until it grew too old.
     */
    public void relist(Collection<ProjectSummary> summaries) {
        if (writeEntries(summaries)) {
            moveRevision();
        }
    }

    /** After the entries: a list that read the revision before this saw either the old revision or these. */
    private void moveRevision() {
        revision.updateOne(Filters.eq("_id", KEYS), Updates.inc("revision", 1L), new UpdateOptions().upsert(true));
    }

    /**
     * Writes the projects' list entries, each only over an older one: an entry never goes back to an earlier version
     * (an instance that lost its partitions), and writing one again changes nothing. Answers whether any was written.
     */
    private boolean writeEntries(Collection<ProjectSummary> summaries) {
        List<ReplaceOneModel<Document>> entries = new ArrayList<>(summaries.size());
        for (ProjectSummary summary : summaries) {
            if (summary.isRegistered()) {
                entries.add(new ReplaceOneModel<>(Filters.and(Filters.eq("_id", summary.projectId()),
                        Filters.lt("entry.version", summary.version())), listed(summary),
                        new ReplaceOptions().upsert(true)));
            }
        }
        if (entries.isEmpty()) {
            return false;
        }
        com.mongodb.bulk.BulkWriteResult result;
        try {
            result = list.bulkWrite(entries, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            // An entry as new or newer is there already: the upsert then finds no older one and cannot insert.
            if (!e.getWriteErrors().stream().allMatch(error -> error.getCode() == 11000)) {
                throw e;
            }
            result = e.getWriteResult();
        }
        return result.getMatchedCount() + result.getUpserts().size() > 0;
    }

    /** A summary's first write is whole; every later one sends only what changed, over the version it changes. */
    private static com.mongodb.client.model.WriteModel<Document> model(Change change) {
        ProjectSummary summary = change.summary();
        if (change.storedVersion() < 0) {
            return new com.mongodb.client.model.InsertOneModel<>(new Document("_id", summary.projectId())
                    .append("version", summary.version()).append("summary", DocumentMapper.toDocument(summary)));
        }
        // Only what changed: rewriting a whole summary at every flush was half of what the projection allocated,
        // and a write's size now follows its batch, not the summary (the local stand-in still copies the whole
        // document on every update; MongoDB's oplog and replicas get the update alone).
        List<Bson> updates = new ArrayList<>(DocumentMapper.changes("summary", change.stored(), summary));
        updates.add(Updates.set("version", summary.version()));
        return new com.mongodb.client.model.UpdateOneModel<>(Filters.and(Filters.eq("_id", summary.projectId()),
                Filters.eq("version", change.storedVersion())), Updates.combine(updates));
    }

    private void writeGuarded(List<com.mongodb.client.model.WriteModel<Document>> writes) {
        long guarded = writes.stream().filter(com.mongodb.client.model.UpdateOneModel.class::isInstance).count();
        try {
            var result = collection.bulkWrite(writes, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
            if (result.getMatchedCount() < guarded) {
                throw new WrittenByAnother((guarded - result.getMatchedCount())
                        + " project summaries were written by another instance");
            }
        } catch (com.mongodb.MongoBulkWriteException e) {
            if (e.getWriteErrors().stream().allMatch(error -> error.getCode() == 11000)) {
                throw new WrittenByAnother("a project summary was created by another instance: " + e.getMessage());
            }
            throw e;
        }
    }

    /**
     * Whether this write may change what lists filter and sort on: a project's details change only when it is
     * registered (nothing stored yet) or amended, and every amendment is kept with its sequence; its places also
     * when its activities change, and whether it is closed when it is closed or reopened.
     */
    static boolean detailsChanged(Change change) {
        return change.storedVersion() < 0
                || change.summary().amendments().stream().anyMatch(a -> a.sequence() > change.storedVersion())
                // A retraction or correction can take away the last activity in a municipality it left.
                || !change.summary().places().equals(change.stored().places())
                // A closure or a reopening changes its status.
                || (change.summary().closure() == null) != (change.stored().closure() == null);
    }

    /** How many writes changed what lists filter and sort on; 0 before the first. */
    private long revision() {
        Document doc = revision.find(Filters.eq("_id", KEYS)).first();
        return doc == null ? 0 : ((Number) doc.get("revision")).longValue();
    }

    /** The project as lists find it: the fields they filter and sort on, and the entry they show. */
    Document listed(ProjectSummary summary) {
        ProjectDetails d = summary.details();
        return new Document("_id", summary.projectId())
                .append("organisationId", d.organisationId())
                // Where it works, as the programme's counts per municipality take it: not its registration alone.
                .append("places", summary.places())
                .append("startDate", d.startDate().toString())
                .append("endDate", d.endDate().toString())
                // Closed is a status of its own, whatever the dates say.
                .append("closed", summary.closure() != null)
                .append("titleKey", ProjectViews.fold(d.title()) + "\u0000" + summary.projectId())
                .append("searchText", ProjectViews.fold(String.join(" ", summary.projectId(), d.title(),
                        d.organisation(), d.organisationId(), d.summary() == null ? "" : d.summary())))
                .append("entry", DocumentMapper.toDocument(views.entry(summary)));
    }

    /** A page of the list in English order, as the API answers a caller that asks for no language. */
    public Page<ProjectListEntry> list(ProjectFilter filter, int page, int size) {
        return list(filter, page, size, Locale.ENGLISH);
    }

    /** A page of the list by title in the reader's language's order ({@link ProjectOrder}), from the order in memory. */
    public Page<ProjectListEntry> list(ProjectFilter filter, int page, int size, Locale locale) {
        if (order != null) {
            return listInOrder(filter, page, size, locale);
        }
        Bson query = query(filter);
        long total = list.countDocuments(query);
        List<ProjectListEntry> items = new ArrayList<>();
        for (Document doc : list.find(query).projection(Projections.include("entry"))
                .sort(Sorts.ascending("titleKey")).skip(page * size).limit(size)) {
            items.add(ProjectViews.withStatus(DocumentMapper.fromDocument(doc.get("entry", Document.class),
                    ProjectListEntry.class), filter.today()));
        }
        return Page.of(items, page, size, total);
    }

    /**
     * A page picked from the order held in memory, then only its entries read, by id: the same page the store's
     * filter and sort give, at a cost that does not depend on how many entries the store would have to scan.
     */
    private Page<ProjectListEntry> listInOrder(ProjectFilter filter, int page, int size, Locale locale) {
        List<ProjectOrder.Keys> sorted = order.sorted(generation.id(), revision(), this::keys, locale);
        // Words are searched by the store, which says only which projects have them: the order stays this one.
        java.util.Set<String> worded = filter.text() == null ? null : new java.util.HashSet<>();
        if (worded != null) {
            list.find(query(filter)).projection(Projections.include("_id")).forEach(d -> worded.add(d.getString("_id")));
        }
        List<String> ids = new ArrayList<>(size);
        long from = (long) page * size;
        long total = 0;
        for (ProjectOrder.Keys keys : sorted) {
            if (keys.matches(filter) && (worded == null || worded.contains(keys.projectId()))) {
                if (total >= from && ids.size() < size) {
                    ids.add(keys.projectId());
                }
                total++;
            }
        }
        Map<String, ProjectListEntry> found = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Document doc : list.find(Filters.in("_id", ids)).projection(Projections.include("entry"))) {
                found.put(doc.getString("_id"), ProjectViews.withStatus(DocumentMapper.fromDocument(
                        doc.get("entry", Document.class), ProjectListEntry.class), filter.today()));
            }
        }
        List<ProjectListEntry> items = ids.stream().map(found::get).filter(java.util.Objects::nonNull).toList();
        return Page.of(items, page, size, total);
    }

    /** Every project's list keys, without the entries: read when the list's order is read again. */
    private List<ProjectOrder.Keys> keys() {
        List<ProjectOrder.Keys> keys = new ArrayList<>();
        for (Document doc : list.find().projection(Projections.include("organisationId", "places",
                "startDate", "endDate", "closed", "entry.title"))) {
            keys.add(new ProjectOrder.Keys(doc.getString("_id"), doc.getString("organisationId"),
                    places(doc.get("places")), doc.getString("startDate"),
                    doc.getString("endDate"), Boolean.TRUE.equals(doc.get("closed")),
                    doc.get("entry", Document.class).getString("title")));
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static List<String> places(Object stored) {
        return stored instanceof List<?> names ? (List<String>) names : List.of();
    }

    /** Every visible project's list entry, for rankings and municipality lists: one read, slim documents. */
    public List<ProjectListEntry> entries(ProjectFilter filter) {
        List<ProjectListEntry> items = new ArrayList<>();
        for (Document doc : list.find(query(filter)).projection(Projections.include("entry"))) {
            items.add(ProjectViews.withStatus(DocumentMapper.fromDocument(doc.get("entry", Document.class),
                    ProjectListEntry.class), filter.today()));
        }
        return items;
    }

    private static Bson query(ProjectFilter filter) {
        List<Bson> conditions = new ArrayList<>();
        if (filter.visibleOrganisation() != null) {
            conditions.add(Filters.eq("organisationId", filter.visibleOrganisation()));
        }
        if (filter.organisation() != null) {
            conditions.add(Filters.eq("organisationId", filter.organisation()));
        }
        if (filter.municipality() != null) {
            conditions.add(Filters.eq("places", filter.municipality()));
        }
        if (filter.status() != null) {
            String today = filter.today().toString();
            // As ProjectStatus derives it: a closed project is closed alone, whatever its dates.
            Bson open = Filters.eq("closed", false);
            conditions.add(switch (filter.status()) {
                case ProjectStatus.CLOSED -> Filters.eq("closed", true);
                case ProjectStatus.PLANNED -> Filters.and(open, Filters.gt("startDate", today));
                case ProjectStatus.ENDED -> Filters.and(open, Filters.lt("endDate", today));
                default -> Filters.and(open, Filters.lte("startDate", today), Filters.gte("endDate", today));
            });
        }
        if (filter.text() != null) {
            for (String word : ProjectViews.fold(filter.text()).split("\\s+")) {
                if (!word.isEmpty()) {
                    conditions.add(Filters.regex("searchText", Pattern.quote(word)));
                }
            }
        }
        return conditions.isEmpty() ? new Document() : Filters.and(conditions);
    }

    private static ProjectSummary summary(Document doc) {
        return DocumentMapper.fromDocument(doc.get("summary", Document.class), ProjectSummary.class);
    }
}
