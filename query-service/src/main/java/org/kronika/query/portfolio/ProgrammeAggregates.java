package org.kronika.query.portfolio;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Writes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code programme} collection of a generation (one aggregate per scope) and {@code programme_shares} (per
 * project, the share the aggregates include).
 */
public class ProgrammeAggregates {

    public static final String NAME = "programme";
    public static final String SHARES = "programme_shares";

    private final MongoCollection<Document> aggregates;
    private final MongoCollection<Document> shares;

    public ProgrammeAggregates(MongoDatabase database, Generation generation) {
        this.aggregates = database.getCollection(generation.collection(NAME));
        this.shares = database.getCollection(generation.collection(SHARES));
    }

    public static ProgrammeAggregates of(org.kronika.query.readmodel.Generations generations, Generation generation) {
        return new ProgrammeAggregates(generations.database(), generation);
    }

    public Optional<ProgrammeAggregate> find(Scope scope) {
        return Optional.ofNullable(aggregates.find(Filters.eq("_id", scope.id())).first())
                .map(doc -> DocumentMapper.fromDocument(doc, ProgrammeAggregate.class));
    }

    /** Every aggregate of a kind, e.g. all municipalities' for one organisation, by scope id. */
    Map<String, ProgrammeAggregate> load(Collection<String> scopeIds) {
        Map<String, ProgrammeAggregate> found = new HashMap<>();
        if (!scopeIds.isEmpty()) {
            for (Document doc : aggregates.find(Filters.in("_id", scopeIds))) {
                found.put(doc.getString("_id"), DocumentMapper.fromDocument(doc, ProgrammeAggregate.class));
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
    }

    /**
     * Writes each aggregate over the revision it was read at, as the next revision; answers the scopes another
     * writer changed in between, which are not written and must be read again.
     */
    java.util.Set<String> save(Collection<ProgrammeAggregate> changed) {
        java.util.Set<String> conflicts = new java.util.HashSet<>();
        for (ProgrammeAggregate aggregate : changed) {
            Document doc = DocumentMapper.toDocument(new ProgrammeAggregate(aggregate.scope(), aggregate.revision() + 1,
                    aggregate.members(), aggregate.totals(), aggregate.byMunicipality()));
            doc.put("_id", aggregate.scope());
            try {
                if (aggregate.revision() == 0) {
                    aggregates.insertOne(doc);
                } else if (aggregates.replaceOne(Filters.and(Filters.eq("_id", aggregate.scope()),
                        Filters.eq("revision", aggregate.revision())), doc).getMatchedCount() == 0) {
                    conflicts.add(aggregate.scope());
                }
            } catch (com.mongodb.MongoWriteException e) {
                if (e.getError().getCode() != 11000) {
                    throw e;
                }
                conflicts.add(aggregate.scope());
            }
        }
        return conflicts;
    }

    void saveShares(Collection<ProgrammeShare> changed) {
        Map<String, ProgrammeShare> byId = new java.util.LinkedHashMap<>();
        changed.forEach(share -> byId.put(share.projectId(), share));
        Writes.replaceAll(shares, byId);
    }
}
