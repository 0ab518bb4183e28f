package org.kronika.query.activity;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Keys;
import org.kronika.query.readmodel.Span;
import org.kronika.query.readmodel.Writes;
import org.kronika.query.tally.Tally;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code activities} collection of a generation, one document per activity (id {@code projectId|activityId}),
 * and {@code activity_index}: for each project, its activity ids by ordinal in chunks of {@value #CHUNK}, so that a
 * page of activities is found by id however many there are. Each activity document also holds, while the activity
 * stands, its current day, place, indicators and the participant categories it counted anyone in
 * ({@code standing}, see {@link Tally#categoriesOf}), the day it happened as it stands, retracted or not
 * ({@code happenedOn}), and the last event that changed it ({@code lastSequence}): what finds the latest activity, or
 * a month's, through an index instead of reading them all.
 */
public class Activities {

    public static final String NAME = "activities";
    public static final String INDEX = "activity_index";
    static final int CHUNK = 500;
    private static final String STANDING = "standing";
    private static final String LAST_SEQUENCE = "lastSequence";
    private static final String HAPPENED = "happenedOn";
    /** The day a statement says, within its element of {@code states}. */
    private static final String STATED_ON = "data.occurredOn";
    private static final int READ_BATCH = 1000;

    private final MongoCollection<Document> activities;
    private final MongoCollection<Document> index;

    public Activities(MongoDatabase database, Generation generation) {
        this.activities = database.getCollection(generation.collection(NAME));
        this.index = database.getCollection(generation.collection(INDEX));
    }

    /** For a real MongoDB; the local stand-in accepts and ignores them. */
    public void declareIndexes() {
        activities.createIndex(Indexes.compoundIndex(Indexes.ascending("projectId"),
                Indexes.descending(STANDING + ".on", "ordinal")));
        activities.createIndex(Indexes.compoundIndex(Indexes.ascending("projectId", STANDING + ".indicatorIds",
                STANDING + ".municipality"), Indexes.descending(STANDING + ".on", "ordinal")));
        activities.createIndex(Indexes.ascending("projectId", LAST_SEQUENCE));
        activities.createIndex(Indexes.ascending("projectId", HAPPENED, "ordinal"));
        activities.createIndex(Indexes.ascending("projectId", "states." + STATED_ON, "ordinal"));
        // A trace's reads in the order things happened, at one place, towards one indicator or of one type.
        activities.createIndex(Indexes.ascending("projectId", STANDING + ".municipality", STANDING + ".on", "ordinal"));
        activities.createIndex(Indexes.ascending("projectId", STANDING + ".indicatorIds", STANDING + ".on", "ordinal"));
        activities.createIndex(Indexes.ascending("projectId", "type", STANDING + ".on", "ordinal"));
        activities.createIndex(Indexes.ascending("projectId", "type", STANDING + ".municipality", STANDING + ".on",
                "ordinal"));
        activities.createIndex(Indexes.ascending("projectId", STANDING + ".categories", STANDING + ".on", "ordinal"));
        activities.createIndex(Indexes.ascending("projectId", STANDING + ".categories", STANDING + ".municipality",
                STANDING + ".on", "ordinal"));
    }

    /**
     * Which standing activities (not retracted) a read in the order they happened takes.
     *
     * @param recorded    how many the project's summary has recorded: one the store holds ahead of it is left out,
     *                    as reading the activities by ordinal up to that count leaves it out
     * @param span        their days and place as they stand
     * @param indicatorId only those that name it, or {@code null}
     * @param type        only those of this type, or {@code null}
     * @param category    only those that counted anyone in this participant category ({@code sex:female}, see
     *                    {@link Tally#categoriesOf}), or {@code null}
     */
    public record Standing(String projectId, long recorded, Span span, String indicatorId, String type,
                           String category) {

        public Standing from(java.time.LocalDate day) {
            return new Standing(projectId, recorded, span.startingAt(day), indicatorId, type, category);
        }

        Bson filter() {
            List<Bson> filters = new ArrayList<>(List.of(Filters.eq("projectId", projectId),
                    Filters.lt("ordinal", recorded)));
            filters.addAll(span.filters(STANDING + ".on", STANDING + ".municipality"));
            if (indicatorId != null) {
                filters.add(Filters.eq(STANDING + ".indicatorIds", indicatorId));
            }
            if (type != null) {
                filters.add(Filters.eq("type", type));
            }
            if (category != null) {
                filters.add(Filters.eq(STANDING + ".categories", category));
            }
            return Filters.and(filters);
        }
    }

    /**
     * The activities {@code standing} takes, in the order they happened (by day, then ordinal), from the
     * {@code skip}-th on, at most {@code limit} ({@code 0}: all of them). Through an index on a real MongoDB, so a
     * read costs what it takes and skips, never the project's history; the local stand-in scans the project's
     * documents on the server and answers the same.
     */
    public List<Activity> standing(Standing standing, int skip, int limit) {
        return read(standing, Sorts.ascending(STANDING + ".on", "ordinal"), skip, limit);
    }

    /**
     * The last {@code limit} (more than 0) activities {@code standing} takes, latest first (by day, then ordinal):
     * through the latest-first index, as many documents as it answers.
     */
    public List<Activity> lastOf(Standing standing, int limit) {
        return read(standing, Sorts.descending(STANDING + ".on", "ordinal"), 0, limit);
    }

    private List<Activity> read(Standing standing, Bson order, int skip, int limit) {
        return activitiesOf(activities.find(standing.filter()).sort(order).skip(skip).limit(limit));
    }

    private static List<Activity> activitiesOf(Iterable<Document> docs) {
        List<Activity> found = new ArrayList<>();
        for (Document doc : docs) {
            found.add(DocumentMapper.fromDocument(doc, Activity.class));
        }
        return found;
    }

    /**
     * The activities, standing or retracted, that happened from {@code from} to {@code to} (both included) as they
     * stand, among the first {@code recorded}, in the order they happened: through an index on the day, so a read
     * costs those days' activities, never the project's history.
     */
    public List<Activity> happened(String projectId, long recorded, java.time.LocalDate from, java.time.LocalDate to) {
        return activitiesOf(activities.find(Filters.and(Filters.eq("projectId", projectId),
                Filters.gte(HAPPENED, from.toString()), Filters.lte(HAPPENED, to.toString()),
                Filters.lt("ordinal", recorded))).sort(Sorts.ascending(HAPPENED, "ordinal")));
    }

    /**
     * The activities among the first {@code recorded} that any statement of theirs said happened from {@code from}
     * to {@code to} (both included), retracted or not: those days' activities as they stood at any event, with those
     * moved out of them since, which a read of those days as known at an earlier event takes each as it stood then.
     * Through an index on every statement's day, so a read costs what those days ever held, never the project's
     * history; at most {@code limit} of them ({@code 0}: all).
     */
    public List<Activity> everHappened(String projectId, long recorded, java.time.LocalDate from,
                                       java.time.LocalDate to, int limit) {
        return activitiesOf(activities.find(Filters.and(Filters.eq("projectId", projectId),
                Filters.lt("ordinal", recorded), Filters.elemMatch("states", Filters.and(
                        Filters.gte(STATED_ON, from.toString()), Filters.lte(STATED_ON, to.toString())))))
                .limit(limit));
    }

    /**
     * The {@code limit} activities standing now (not retracted) that happened last, by day then ordinal, latest
     * first, among those not named in {@code except}; with an indicator, the last that count towards it in
     * {@code month} at {@code municipality} ({@code null}: national level). Reads as many documents, through an
     * index, latest first (a scan of the collection on the local stand-in, which has no secondary indexes): what a
     * caller knows better than the store (changed since it was written) is passed over by the query, so a batch
     * that changed many activities does not make it read as many.
     */
    public List<Activity> lastStanding(String projectId, String indicatorId, YearMonth month,
                                       String municipality, Set<String> except, int limit) {
        if (limit <= 0) {
            // MongoDB reads a limit of 0 as none at all.
            return List.of();
        }
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("projectId", projectId)));
        if (indicatorId == null) {
            // Every string sorts after the empty one; a retracted activity has no standing day.
            filters.add(Filters.gte(STANDING + ".on", ""));
        } else {
            filters.add(Filters.eq(STANDING + ".indicatorIds", indicatorId));
            filters.add(Filters.eq(STANDING + ".municipality", municipality));
            filters.add(Filters.gte(STANDING + ".on", month.atDay(1).toString()));
            filters.add(Filters.lte(STANDING + ".on", month.atEndOfMonth().toString()));
        }
        if (!except.isEmpty()) {
            filters.add(Filters.nin("activityId", except));
        }
        return activitiesOf(activities.find(Filters.and(filters))
                .sort(Sorts.descending(STANDING + ".on", "ordinal")).limit(limit));
    }

    /**
     * The project's activities stated or retracted by an event after {@code version}: after a restart, what the
     * store holds ahead of a summary (as many as the events since its last write, whatever the project's history).
     */
    public List<Activity> changedAfter(String projectId, long version) {
        return activitiesOf(activities.find(Filters.and(Filters.eq("projectId", projectId),
                Filters.gt(LAST_SEQUENCE, version))));
    }

    /** Activities by {@code projectId|activityId} key. */
    public Map<String, Activity> load(Collection<String> keys) {
        Map<String, Activity> found = new HashMap<>();
        List<String> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += READ_BATCH) {
            for (Document doc : activities.find(Filters.in("_id", all.subList(from, Math.min(all.size(),
                    from + READ_BATCH))))) {
                found.put(doc.getString("_id"), DocumentMapper.fromDocument(doc, Activity.class));
            }
        }
        return found;
    }

    public static String key(String projectId, String activityId) {
        return Keys.named(projectId, activityId);
    }

    public java.util.Optional<Activity> find(String projectId, String activityId) {
        return java.util.Optional.ofNullable(load(List.of(key(projectId, activityId))).get(key(projectId, activityId)));
    }

    /** The activities with ordinals {@code from} to {@code from + count - 1}, in order. */
    public List<Activity> page(String projectId, long from, int count) {
        Map<Long, String> ids = ids(projectId, from, from + count);
        List<Activity> page = new ArrayList<>(load(ids.values().stream().map(id -> key(projectId, id)).toList()).values());
        page.sort(Comparator.comparingLong(Activity::ordinal));
        return page;
    }

    /** Every activity of a project, in order: for a recount, never on a page's path. */
    public List<Activity> all(String projectId, long recorded) {
        return page(projectId, 0, (int) recorded);
    }

    private Map<Long, String> ids(String projectId, long from, long toExclusive) {
        List<String> chunks = new ArrayList<>();
        for (long chunk = from / CHUNK; chunk * CHUNK < toExclusive; chunk++) {
            chunks.add(Keys.numbered(projectId, chunk));
        }
        Map<Long, String> ids = new TreeMap<>();
        if (chunks.isEmpty()) {
            return ids;
        }
        for (Document doc : index.find(Filters.in("_id", chunks))) {
            long base = ((Number) doc.get("chunk")).longValue() * CHUNK;
            doc.get("slots", Document.class).forEach((slot, activityId) -> {
                long ordinal = base + Integer.parseInt(slot);
                if (ordinal >= from && ordinal < toExclusive) {
                    ids.put(ordinal, (String) activityId);
                }
            });
        }
        return ids;
    }

    /**
     * Writes activities recorded since they were last written, each as a new document; answers the keys that
     * already exist, which the caller must look at (written before a restart, or an activity id recorded twice).
     * Each names its writer, as {@link #replaceAll} does: one without would be open to any writer's replacing it.
     */
    public java.util.Set<String> insertNew(Collection<Activity> created, long writer) {
        java.util.Set<String> existing = new java.util.HashSet<>();
        if (created.isEmpty()) {
            return existing;
        }
        List<Activity> all = new ArrayList<>(created);
        List<Document> docs = new ArrayList<>(all.size());
        all.forEach(activity -> docs.add(document(activity).append(Writes.WRITER, writer)));
        try {
            activities.insertMany(docs, new com.mongodb.client.model.InsertManyOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            if (e.getWriteConcernError() != null) {
                throw e;
            }
            for (var error : e.getWriteErrors()) {
                if (error.getCode() != 11000) {
                    throw e;
                }
                existing.add(docs.get(error.getIndex()).getString("_id"));
            }
        }
        return existing;
    }

    /**
     * Removes activities written moments ago by a batch that, applied again, no longer records them: those this
     * writer wrote, not one a later writer wrote since.
     */
    public void delete(Collection<String> keys, long writer) {
        if (!keys.isEmpty()) {
            activities.deleteMany(Filters.and(Filters.in("_id", List.copyOf(keys)), Filters.eq(Writes.WRITER, writer)));
        }
    }

    /**
     * Writes activities as they now stand, whole: writing the same activity again changes nothing. One a later
     * writer stored is left as it is ({@link Writes#replaceUnlessFenced}).
     *
     * @return how many were not written, a later writer's
     */
    public int replaceAll(Collection<Activity> changed, long writer) {
        Map<String, Document> byId = new LinkedHashMap<>();
        changed.forEach(activity -> byId.put(key(activity.projectId(), activity.activityId()), document(activity)));
        return Writes.replaceUnlessFenced(activities, byId, writer);
    }

    /**
     * Records where activities stand in their projects' order, chunk by chunk. Each slot is set by position, so
     * writing it again changes nothing.
     */
    public void index(Collection<Activity> recorded) {
        if (recorded.isEmpty()) {
            return;
        }
        Map<String, List<Bson>> slots = new LinkedHashMap<>();
        for (Activity activity : recorded) {
            long chunk = activity.ordinal() / CHUNK;
            slots.computeIfAbsent(Keys.numbered(activity.projectId(), chunk), k -> new ArrayList<>(
                            List.of(Updates.set("projectId", activity.projectId()), Updates.set("chunk", chunk))))
                    .add(Updates.set("slots." + (activity.ordinal() % CHUNK), activity.activityId()));
        }
        List<WriteModel<Document>> indexWrites = new ArrayList<>(slots.size());
        slots.forEach((id, updates) -> indexWrites.add(new UpdateOneModel<>(Filters.eq("_id", id),
                Updates.combine(updates), new UpdateOptions().upsert(true))));
        index.bulkWrite(indexWrites, new BulkWriteOptions().ordered(false));
    }

    /** Writes them whole and indexes them: for tests and one-off writes. */
    public void saveAll(Collection<Activity> changed) {
        replaceAll(changed, 0);
        index(changed);
    }

    /** An activity as its document: written by hand, it is on the path of every activity a rebuild writes. */
    static Document document(Activity activity) {
        List<Document> states = new ArrayList<>(activity.states().size());
        for (Activity.Statement statement : activity.states()) {
            states.add(new Document("sequence", statement.sequence())
                    .append("recordedAt", statement.recordedAt().toString())
                    .append("reason", statement.reason())
                    .append("data", new Document(statement.data())));
        }
        Activity.Retraction retraction = activity.retracted();
        // As last stated, retracted or not: a retraction keeps the day the activity was said to happen.
        ActivityFacts stated = ActivityData.facts(activity);
        ActivityFacts now = retraction == null ? stated : null;
        return new Document("_id", key(activity.projectId(), activity.activityId()))
                .append("projectId", activity.projectId())
                .append("activityId", activity.activityId())
                .append("type", activity.type())
                .append("ordinal", activity.ordinal())
                .append("states", states)
                .append("retracted", retraction == null ? null : new Document("sequence", retraction.sequence())
                        .append("recordedAt", retraction.recordedAt().toString()).append("reason", retraction.reason()))
                .append(STANDING, now == null ? null : new Document("on", now.occurredOn().toString())
                        .append("municipality", now.municipality()).append("indicatorIds", now.indicatorIds())
                        .append("categories", Tally.categoriesOf(now.participants())))
                .append(HAPPENED, stated.occurredOn().toString())
                .append(LAST_SEQUENCE, retraction != null ? retraction.sequence() : activity.current().sequence());
    }
}
