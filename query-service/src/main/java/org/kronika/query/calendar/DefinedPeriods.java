package org.kronika.query.calendar;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Writes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code reportingPeriods} collection of a generation: one document per defined period, keyed by programme
 * and period. A definition never changes once made, so writing one again, or in another order, changes nothing.
 */
public class DefinedPeriods {

    public static final String NAME = "reportingPeriods";

    private final MongoCollection<Document> collection;

    public DefinedPeriods(MongoDatabase database, Generation generation) {
        this.collection = database.getCollection(generation.collection(NAME));
    }

    public void saveAll(Collection<DefinedPeriod> periods) {
        Map<String, DefinedPeriod> byId = new LinkedHashMap<>();
        periods.forEach(p -> byId.put(p.programmeId() + "/" + p.periodId(), p));
        Writes.replaceAll(collection, byId);
    }

    /** A programme has at most a thousand periods (the command side's limit), so they are read whole. */
    public List<DefinedPeriod> of(String programmeId) {
        List<DefinedPeriod> found = new ArrayList<>();
        for (Document doc : collection.find(Filters.eq("programmeId", programmeId))) {
            found.add(DocumentMapper.fromDocument(doc, DefinedPeriod.class));
        }
        found.sort(Comparator.comparing(DefinedPeriod::start).thenComparing(DefinedPeriod::calendar)
                .thenComparing(DefinedPeriod::periodId));
        return found;
    }
}
