package org.kronika.query.measurement;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Keys;
import org.kronika.query.readmodel.Span;
import org.kronika.query.readmodel.Writes;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code measurements} collection of a generation: one document per measurement, keyed by its ordinal, with its
 * facts as they stand (corrections applied) where its indexes find them.
 */
public class Measurements {

    public static final String NAME = "measurements";
    private static final int READ_BATCH = 1000;
    /** The day a statement corrected said, within its element of {@code corrections}. */
    private static final String BEFORE_ON = "before.measuredOn";

    private final MongoCollection<Document> collection;

    public Measurements(MongoDatabase database, Generation generation) {
        this.collection = database.getCollection(generation.collection(NAME));
    }

    /** For a real MongoDB; the local stand-in accepts and ignores it. */
    public void declareIndexes() {
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("projectId", "indicatorId", "municipality"),
                Indexes.descending("measuredOn", "ordinal")));
        collection.createIndex(Indexes.ascending("projectId", "measurementId"));
        collection.createIndex(Indexes.ascending("projectId", "corrections.sequence"));
        collection.createIndex(Indexes.ascending("projectId", "retracted.sequence"));
        // A trace's read of an indicator's measurements everywhere, in the order they were measured.
        collection.createIndex(Indexes.ascending("projectId", "indicatorId", "measuredOn", "ordinal"));
        // What a day's measurements were before their corrections: for that day as known at an earlier event.
        collection.createIndex(Indexes.ascending("projectId", "indicatorId", "corrections." + BEFORE_ON));
    }

    /**
     * The indicator's measurements standing (not retracted) within {@code span}, in the order measured (by day,
     * then order recorded), among the first {@code recorded} (the summary's count: one the store holds ahead of it
     * is left out), from the {@code skip}-th on, at most {@code limit} ({@code 0}: all of them). Through an index on a real MongoDB, so it reads the span's measurements, never the project's
     * history; the local stand-in scans the project's documents on the server and answers the same.
     */
    public List<Measurement> standing(String projectId, long recorded, String indicatorId, Span span, int skip,
                                      int limit) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("projectId", projectId),
                Filters.eq("indicatorId", indicatorId), Filters.lt("ordinal", recorded),
                // Missing in measurements stored before they could be retracted, which a null matches.
                Filters.eq("retracted", null)));
        filters.addAll(span.filters("measuredOn", "municipality"));
        return read(filters, skip, limit);
    }

    /**
     * The indicator's measurements, standing or retracted, measured from {@code from} to {@code to} (both included)
     * as they stand, among the first {@code recorded}, in the order measured: through the same index as
     * {@link #standing}.
     */
    public List<Measurement> measured(String projectId, long recorded, String indicatorId, java.time.LocalDate from,
                                      java.time.LocalDate to) {
        return read(List.of(Filters.eq("projectId", projectId), Filters.eq("indicatorId", indicatorId),
                Filters.lt("ordinal", recorded), Filters.gte("measuredOn", from.toString()),
                Filters.lte("measuredOn", to.toString())), 0, 0);
    }

    /**
     * The indicator's measurements among the first {@code recorded} that any statement of theirs said were measured
     * from {@code from} to {@code to} (both included), retracted or not: with those moved out of those days since,
     * which a read of those days as known at an earlier event takes each as it stood then. Each statement but the
     * last is a correction's {@code before}; through indexes on both, whatever the project's history.
     */
    public List<Measurement> everMeasured(String projectId, long recorded, String indicatorId,
                                          java.time.LocalDate from, java.time.LocalDate to, int limit) {
        return read(List.of(Filters.eq("projectId", projectId), Filters.eq("indicatorId", indicatorId),
                Filters.lt("ordinal", recorded), Filters.or(
                        Filters.and(Filters.gte("measuredOn", from.toString()),
                                Filters.lte("measuredOn", to.toString())),
                        Filters.elemMatch("corrections", Filters.and(Filters.gte(BEFORE_ON, from.toString()),
                                Filters.lte(BEFORE_ON, to.toString()))))), 0, limit);
    }

    private List<Measurement> read(List<Bson> filters, int skip, int limit) {
        List<Measurement> found = new ArrayList<>();
        for (Document doc : collection.find(Filters.and(filters)).sort(Sorts.ascending("measuredOn", "ordinal"))
                .skip(skip).limit(limit)) {
            found.add(DocumentMapper.fromDocument(doc, Measurement.class));
        }
        return found;
    }

    /** The measurements a filter on their fields finds, through the indexes declared above on a real MongoDB. */
    public List<Measurement> matching(org.bson.conversions.Bson filter) {
        List<Measurement> found = new java.util.ArrayList<>();
        for (Document doc : collection.find(filter)) {
            found.add(DocumentMapper.fromDocument(doc, Measurement.class));
        }
        return found;
    }

    /** Through its index on a real MongoDB; the stand-in, which has none, reads the collection. */
    public Optional<Measurement> find(String projectId, String measurementId) {
        return Optional.ofNullable(collection.find(Filters.and(Filters.eq("projectId", projectId),
                        Filters.eq("measurementId", measurementId))).first())
                .map(d -> DocumentMapper.fromDocument(d, Measurement.class));
    }

    /**
     * The indicator's measurement standing (not retracted) dated last in {@code month} at {@code municipality}
     * ({@code null}: national level), by day then order recorded, among those recorded by the event at
     * {@code version} and not named in {@code except}: through an index, whatever the project's history. What a
     * caller knows better than the store (changed by its batch, or after {@code version} after a restart) is passed
     * over by the query.
     */
    public Optional<Measurement> latest(String projectId, String indicatorId, YearMonth month, String municipality,
                                        long version, Set<String> except) {
        List<Bson> filters = new ArrayList<>(List.of(Filters.eq("projectId", projectId),
                Filters.eq("indicatorId", indicatorId), Filters.eq("municipality", municipality),
                Filters.gte("measuredOn", month.atDay(1).toString()),
                Filters.lte("measuredOn", month.atEndOfMonth().toString()), Filters.lte("sequence", version),
                // Missing in measurements stored before they could be retracted, which a null matches.
                Filters.eq("retracted", null)));
        if (!except.isEmpty()) {
            filters.add(Filters.nin("measurementId", except));
        }
        Document doc = collection.find(Filters.and(filters)).sort(Sorts.descending("measuredOn", "ordinal")).limit(1)
                .first();
        return Optional.ofNullable(doc).map(d -> DocumentMapper.fromDocument(d, Measurement.class));
    }

    /**
     * The project's measurements corrected or retracted by an event after {@code version}: after a restart, what
     * the store holds ahead of a summary (as many as the events since its last write, whatever the history).
     */
    public List<Measurement> changedAfter(String projectId, long version) {
        List<Measurement> changed = new ArrayList<>();
        for (Document doc : collection.find(Filters.and(Filters.eq("projectId", projectId),
                Filters.or(Filters.gt("corrections.sequence", version), Filters.gt("retracted.sequence", version))))) {
            changed.add(DocumentMapper.fromDocument(doc, Measurement.class));
        }
        return changed;
    }

    /**
     * The measurements named, of several projects at once (by project, their ids), in one query: through the index on
     * their ids on a real MongoDB, one pass over the collection on the local stand-in.
     */
    public List<Measurement> named(Map<String, ? extends Collection<String>> idsByProject) {
        if (idsByProject.isEmpty()) {
            return List.of();
        }
        List<Bson> each = new ArrayList<>();
        idsByProject.forEach((projectId, ids) -> each.add(Filters.and(Filters.eq("projectId", projectId),
                Filters.in("measurementId", ids))));
        List<Measurement> found = new ArrayList<>();
        for (Document doc : collection.find(each.size() == 1 ? each.get(0) : Filters.or(each))) {
            found.add(DocumentMapper.fromDocument(doc, Measurement.class));
        }
        return found;
    }

    /** The project's measurements named, through the index on their ids. */
    public List<Measurement> named(String projectId, Collection<String> measurementIds) {
        return named(Map.of(projectId, measurementIds));
    }

    public List<Measurement> page(String projectId, long from, int count) {
        List<Measurement> found = new ArrayList<>();
        for (long start = from; start < from + count; start += READ_BATCH) {
            for (Document doc : collection.find(Filters.in("_id", Keys.numbered(projectId, start,
                    Math.min(from + count, start + READ_BATCH))))) {
                found.add(DocumentMapper.fromDocument(doc, Measurement.class));
            }
        }
        found.sort(Comparator.comparingLong(Measurement::ordinal));
        return found;
    }

    public List<Measurement> all(String projectId, long recorded) {
        return page(projectId, 0, (int) recorded);
    }

    /** For tests and one-off writes: {@link #saveAll(Collection, long)} as no writer of the projection. */
    public void saveAll(Collection<Measurement> measurements) {
        saveAll(measurements, 0);
    }

    /**
     * Writes each whole; one a later writer stored is left as it is ({@link Writes#replaceUnlessFenced}).
     *
     * @return how many were not written, a later writer's
     */
    public int saveAll(Collection<Measurement> measurements, long writer) {
        return Writes.replaceUnlessFenced(collection,
                Writes.byId(measurements, m -> Keys.numbered(m.projectId(), m.ordinal())), writer);
    }
}
