package org.kronika.query.portfolio;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Writes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code programme} collection of a generation (an aggregate per scope, in {@link Slices}) and
 * {@code programme_shares} (per project, the share the aggregates include).
 */
public class ProgrammeAggregates {

    public static final String NAME = "programme";
    public static final String SHARES = "programme_shares";
    /** {@link ProgrammeCell}s: each project's figures per place and month. */
    public static final String CELLS = "programme_cells";

    private final MongoCollection<Document> aggregates;
    private final MongoCollection<Document> shares;
    private final MongoCollection<Document> cells;

    public ProgrammeAggregates(MongoDatabase database, Generation generation) {
        this.aggregates = database.getCollection(generation.collection(NAME));
        this.shares = database.getCollection(generation.collection(SHARES));
        this.cells = database.getCollection(generation.collection(CELLS));
    }

    public static ProgrammeAggregates of(org.kronika.query.readmodel.Generations generations, Generation generation) {
        return new ProgrammeAggregates(generations.database(), generation);
    }

    /** The scope's aggregate, its {@link Slices} added up: none if no project was ever in it. */
    public Optional<ProgrammeAggregate> find(Scope scope) {
        Map<String, ProgrammeAggregate> slices = load(Slices.all(scope.id()));
        return slices.isEmpty() ? Optional.empty()
                : Optional.of(ProgrammeAggregate.sum(scope.id(), slices.values()));
    }

    /**
     * The aggregate's revision alone (0 for none), the sum of its slices': every write moves one of them, so an
     * aggregate held with the same revision is current, and is known so without reading a line per member project.
     */
    public long revision(Scope scope) {
        long revision = 0;
        for (Document doc : slices(scope, "revision")) {
            revision += ((Number) doc.get("revision")).longValue();
        }
        return revision;
    }

    /**
     * How many reports of the scope's projects are in each status ({@link ProgrammeAggregate#reports}), 0 for a
     * status none is in: the counts of its slices alone, without their line per member project, so a few small
     * reads whatever the programme holds.
     */
    public Map<String, Long> reportsByStatus(Scope scope) {
        Map<String, Long> found = new LinkedHashMap<>();
        ProgrammeShare.REPORT_STATUSES.forEach(status -> found.put(status, 0L));
        for (Document doc : slices(scope, "reports")) {
            Document counted = doc.get("reports", Document.class);
            for (String status : ProgrammeShare.REPORT_STATUSES) {
                Object count = counted == null ? null : counted.get(status);
                found.merge(status, count == null ? 0L : ((Number) count).longValue(), Long::sum);
            }
        }
        return found;
    }

    /** The scope's slices, only the field asked for. */
    private Iterable<Document> slices(Scope scope, String field) {
        return aggregates.find(Filters.in("_id", Slices.all(scope.id())))
                .projection(com.mongodb.client.model.Projections.include(field));
    }

    /** The aggregates' {@link Slices} with these ids that were ever written, by id. */
    Map<String, ProgrammeAggregate> load(Collection<String> scopeIds) {
        Map<String, ProgrammeAggregate> found = new HashMap<>();
        if (!scopeIds.isEmpty()) {
            for (Document doc : aggregates.find(Filters.in("_id", scopeIds))) {
                found.put(doc.getString("_id"), DocumentMapper.fromDocument(doc, ProgrammeAggregate.class));
            }
        }
        return found;
    }

    /**
     * Each project's tally in one place ({@code null} for everywhere, {@code (none)} for national level) and
     * period ({@code null} for all time): the sum of the cells of its months, a few documents (their slices) read
     * by id.
     */
    public Map<String, org.kronika.query.tally.Tally> byProject(String municipality,
                                                                org.kronika.query.programme.Programme.Period period) {
        Map<String, org.kronika.query.tally.Tally> sums = new HashMap<>();
        cells(Slices.all(ProgrammeCell.ids(municipality == null ? ProgrammeCell.EVERYWHERE : municipality, period)))
                .values()
                .forEach(cell -> cell.projects().forEach((project, tally) ->
                        sums.merge(project, tally, (sum, month) -> sum.plus(month, 1))));
        return sums;
    }

    /** The cells' {@link Slices} with these ids that have any line, by id. */
    public Map<String, ProgrammeCell> cells(Collection<String> cellIds) {
        Map<String, ProgrammeCell> found = new HashMap<>();
        if (!cellIds.isEmpty()) {
            for (Document doc : cells.find(Filters.in("_id", cellIds))) {
                doc.put("id", doc.get("_id"));
                found.put(doc.getString("_id"), DocumentMapper.fromDocument(doc, ProgrammeCell.class));
            }
        }
        return found;
    }

    Map<String, ProgrammeShare> shares(Collection<String> projectIds) {
        Map<String, ProgrammeShare> found = new HashMap<>();
        if (!projectIds.isEmpty()) {
            for (Document doc : shares.find(Filters.in("_id", projectIds))) {
                found.put(doc.getString("_id"), DocumentMapper.fromDocument(doc, ProgrammeShare.class));
            }
        }
        return found;
    }

    public void declareIndexes() {
        // Lets a guarded write find its aggregate by id and revision through an index, on the stand-in too.
        aggregates.createIndex(com.mongodb.client.model.Indexes.ascending("_id", "revision"),
                new com.mongodb.client.model.IndexOptions().unique(true));
        cells.createIndex(com.mongodb.client.model.Indexes.ascending("_id", "revision"),
                new com.mongodb.client.model.IndexOptions().unique(true));
    }

    /**
     * Writes each aggregate over the revision it was read at, as the next revision; answers the scopes another
     * writer changed in between, which are not written and must be read again.
     */
    java.util.Set<String> save(Collection<ProgrammeAggregate> changed) {
        List<Writes.Guarded> writes = new ArrayList<>(changed.size());
        for (ProgrammeAggregate aggregate : changed) {
            writes.add(new Writes.Guarded(aggregate.scope(), aggregate.revision(),
                    DocumentMapper.toDocument(aggregate.revised())));
        }
        java.util.Set<String> written = Writes.guarded(aggregates, writes);
        java.util.Set<String> conflicts = new java.util.HashSet<>();
        changed.forEach(aggregate -> {
            if (!written.contains(aggregate.scope())) {
                conflicts.add(aggregate.scope());
            }
        });
        return conflicts;
    }

    /**
     * Writes each cell over the revision it was read at and deletes one left with no line; answers the cells
     * written, as now stored. Those missing were changed by another writer in between, and must be read again.
     * A cell written anew takes a random revision, not 1: one deleted and written again must not match a
     * revision another writer read before the deletion.
     */
    Map<String, ProgrammeCell> saveCells(Collection<ProgrammeCell> changed) {
        Map<String, ProgrammeCell> asked = new HashMap<>();
        List<Writes.Guarded> writes = new ArrayList<>(changed.size());
        for (ProgrammeCell cell : changed) {
            if (cell.projects().isEmpty()) {
                asked.put(cell.id(), ProgrammeCell.empty(cell.id()));
                writes.add(new Writes.Guarded(cell.id(), cell.revision(), null));
                continue;
            }
            long next = cell.revision() == 0 ? java.util.concurrent.ThreadLocalRandom.current().nextLong(1, 1L << 52)
                    : cell.revision() + 1;
            ProgrammeCell stored = new ProgrammeCell(cell.id(), next, cell.projects());
            Document doc = DocumentMapper.toDocument(stored);
            doc.remove("id");
            asked.put(cell.id(), stored);
            writes.add(new Writes.Guarded(cell.id(), cell.revision(), doc));
        }
        Map<String, ProgrammeCell> written = new HashMap<>();
        Writes.guarded(cells, writes).forEach(id -> written.put(id, asked.get(id)));
        return written;
    }

    /**
     * A share is about as large as its project's summary; a rebuild's checkpoint writes a thousand of them, whose
     * documents mapped at once held half a million documents in the heap. So they go {@value #SHARES_PER_REQUEST}
     * to a request. A stop between requests is as harmless as one within an unordered bulk write.
     */
    void saveShares(Collection<ProgrammeShare> changed) {
        Writes.replaceAll(shares, Writes.byId(changed, ProgrammeShare::projectId), SHARES_PER_REQUEST);
    }

    private static final int SHARES_PER_REQUEST = 32;

    /**
     * Writes each share unless one of the same or a later version of its project is stored: written ahead of the
     * aggregates, it must never replace the share of a writer that read further.
     */
    void saveSharesAhead(Collection<ProgrammeShare> ahead) {
        // A share stored at the same or a later version stays: its _id is taken, so the upsert finds it no place.
        Writes.replaceWhere(shares, Writes.byId(ahead, ProgrammeShare::projectId), doc -> doc,
                doc -> Filters.lt("version", doc.get("version")));
    }
}
