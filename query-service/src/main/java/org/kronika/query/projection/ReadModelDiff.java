package org.kronika.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.kronika.query.activity.Activities;
import org.kronika.query.calendar.DefinedPeriods;
import org.kronika.query.history.ProjectHistory;
import org.kronika.query.measurement.Measurements;
import org.kronika.query.portfolio.ProgrammeAggregates;
import org.kronika.query.project.ProjectSummaries;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.Writes;
import org.kronika.query.report.PeriodReports;
import org.kronika.query.stream.RejectedRecords;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares two generations of read models document by document: what one has and the other lacks, and what
 * differs. Two generations built from the same events hold the same documents, whatever batches and restarts
 * built them; only when a parked project was parked is not part of what is compared.
 */
public final class ReadModelDiff {

    /**
     * Every collection of a generation, in the order they are compared; not the list's revision
     * ({@link ProjectSummaries#LIST_REVISION}), which counts writes, not what they say.
     */
    public static final List<String> COLLECTIONS = List.of(ProjectSummaries.NAME, ProjectSummaries.LIST,
            ProjectSummaries.SNAPSHOTS,
            Activities.NAME, Activities.INDEX,
            Measurements.NAME, ProjectHistory.NAME, ProgrammeAggregates.NAME, ProgrammeAggregates.SHARES,
            ProgrammeAggregates.CELLS,
            ParkedProjects.NAME, HeldEvents.NAME, RejectedRecords.BY_PROJECT, DefinedPeriods.NAME, PeriodReports.NAME,
            PeriodReports.ENTRIES, PeriodReports.APPROVED);
    /**
     * How often an aggregate or a cell was written (its revision), which cells a share last left, when a project was
     * parked, how many events a re-delivery added to what it holds, and which writer's token a fact carries, depend on
     * when the events came and who read them, not on what they say.
     */
    private static final Map<String, Set<String>> IGNORED = Map.of(ParkedProjects.NAME,
            Set.of("since", "retryRequested", "held"), ProgrammeAggregates.NAME, Set.of("revision"),
            ProgrammeAggregates.CELLS, Set.of("revision"), ProgrammeAggregates.SHARES, Set.of("cellsToClear"),
            Activities.NAME, Set.of(Writes.WRITER), Measurements.NAME, Set.of(Writes.WRITER),
            PeriodReports.NAME, Set.of(Writes.WRITER));
    private static final int BATCH = 1000;

    /**
     * @param compared per collection, the documents found in either generation
     * @param onlyIn   per collection, "a" and "b": documents only one of them has
     * @param differ   per collection, documents both have with different content
     * @param examples the first differences, described
     */
    public record Report(Generation a, Generation b, Map<String, Long> compared, Map<String, Long> onlyInA,
                         Map<String, Long> onlyInB, Map<String, Long> differ, List<String> examples) {

        public long differences() {
            return onlyInA.values().stream().mapToLong(Long::longValue).sum()
                    + onlyInB.values().stream().mapToLong(Long::longValue).sum()
                    + differ.values().stream().mapToLong(Long::longValue).sum();
        }

        public String describe() {
            StringBuilder text = new StringBuilder("Read models " + a.id() + " against " + b.id() + ":\n");
            text.append(String.format("  %-18s %10s %10s %10s %10s%n", "collection", "documents", "only " + a.id(),
                    "only " + b.id(), "differ"));
            for (String collection : compared.keySet()) {
                text.append(String.format("  %-18s %10d %10d %10d %10d%n", collection, compared.get(collection),
                        onlyInA.get(collection), onlyInB.get(collection), differ.get(collection)));
            }
            text.append("  ").append(differences()).append(" difference(s)\n");
            examples.forEach(example -> text.append("  - ").append(example).append('\n'));
            return text.toString();
        }
    }

    private ReadModelDiff() {
    }

    public static Report compare(Generations generations, Generation a, Generation b, int examples) {
        Map<String, Long> compared = new LinkedHashMap<>();
        Map<String, Long> onlyA = new LinkedHashMap<>();
        Map<String, Long> onlyB = new LinkedHashMap<>();
        Map<String, Long> differ = new LinkedHashMap<>();
        List<String> described = new ArrayList<>();
        for (String name : COLLECTIONS) {
            long[] counts = new long[4];
            Iterator<Document> left = sorted(generations.database().getCollection(a.collection(name)));
            Iterator<Document> right = sorted(generations.database().getCollection(b.collection(name)));
            Document l = next(left);
            Document r = next(right);
            Set<String> ignored = IGNORED.getOrDefault(name, Set.of());
            while (l != null || r != null) {
                counts[0]++;
                int order = l == null ? 1 : r == null ? -1 : l.getString("_id").compareTo(r.getString("_id"));
                if (order < 0) {
                    counts[1]++;
                    note(described, examples, name + " " + l.getString("_id") + " only in " + a.id());
                    l = next(left);
                } else if (order > 0) {
                    counts[2]++;
                    note(described, examples, name + " " + r.getString("_id") + " only in " + b.id());
                    r = next(right);
                } else {
                    Document x = without(l, ignored);
                    Document y = without(r, ignored);
                    if (!x.equals(y)) {
                        counts[3]++;
                        note(described, examples, name + " " + l.getString("_id") + " differs: " + difference(x, y));
                    }
                    l = next(left);
                    r = next(right);
                }
            }
            compared.put(name, counts[0]);
            onlyA.put(name, counts[1]);
            onlyB.put(name, counts[2]);
            differ.put(name, counts[3]);
        }
        return new Report(a, b, compared, onlyA, onlyB, differ, described);
    }

    /** Reads a collection in id order, streamed in batches. */
    private static Iterator<Document> sorted(MongoCollection<Document> collection) {
        return collection.find().sort(Sorts.ascending("_id")).batchSize(BATCH).iterator();
    }

    private static Document next(Iterator<Document> documents) {
        return documents.hasNext() ? documents.next() : null;
    }

    /** The document without the fields that depend on when events came: a difference shown is one that counts. */
    private static Document without(Document document, Set<String> ignored) {
        if (ignored.isEmpty()) {
            return document;
        }
        Document copy = new Document(document);
        ignored.forEach(copy::remove);
        return copy;
    }

    /** The path of the first field that differs, with both values. */
    private static String difference(Object a, Object b) {
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            java.util.Set<Object> keys = new java.util.LinkedHashSet<>(x.keySet());
            keys.addAll(y.keySet());
            for (Object key : keys) {
                if (!Objects.equals(x.get(key), y.get(key))) {
                    return key + "." + difference(x.get(key), y.get(key));
                }
            }
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                if (!Objects.equals(x.get(i), y.get(i))) {
                    return "[" + i + "]." + difference(x.get(i), y.get(i));
                }
            }
            if (x.size() != y.size()) {
                // Alike as far as the shorter goes: what the longer holds beyond it is the difference.
                return "[" + Math.min(x.size(), y.size()) + "] " + x.size() + " / " + y.size() + " entries: "
                        + difference(x.size() > y.size() ? x.get(y.size()) : null,
                        y.size() > x.size() ? y.get(x.size()) : null);
            }
        }
        String left = String.valueOf(a);
        String right = String.valueOf(b);
        return ": " + left.substring(0, Math.min(300, left.length())) + " / "
                + right.substring(0, Math.min(300, right.length()));
    }

    private static void note(List<String> described, int limit, String text) {
        if (described.size() < limit) {
            described.add(text);
        }
    }
}
