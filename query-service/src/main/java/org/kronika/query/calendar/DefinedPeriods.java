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

    /**
     * Stores the periods not stored yet; returns those of them that another definition of their period, stored or
     * earlier among them, contradicts, storing none of those. The command side defines a period once, so a second,
     * different definition is forged or altered: written over the first, it silently moved every view's grouping and
     * every due date.
     */
    public List<DefinedPeriod> saveAll(Collection<DefinedPeriod> periods) {
        java.util.Set<String> keys = new java.util.LinkedHashSet<>();
        periods.forEach(period -> keys.add(key(period)));
        // Each is judged by the definition that stands: the stored one, else the first read of those new here. A
        // copy of the stored one read after a forged one is no forgery.
        Map<String, DefinedPeriod> standing = new LinkedHashMap<>();
        for (Document doc : collection.find(Filters.in("_id", keys))) {
            DefinedPeriod stored = DocumentMapper.fromDocument(doc, DefinedPeriod.class);
            standing.put(key(stored), stored);
        }
        Map<String, DefinedPeriod> added = new LinkedHashMap<>();
        List<DefinedPeriod> contradicting = new ArrayList<>();
        for (DefinedPeriod period : periods) {
            DefinedPeriod first = standing.putIfAbsent(key(period), period);
            if (first == null) {
                added.put(key(period), period);
            } else if (!first.sameDefinition(period)) {
                contradicting.add(period);
            }
        }
        Writes.replaceAll(collection, added);
        return contradicting;
    }

    private static String key(DefinedPeriod period) {
        return period.programmeId() + "/" + period.periodId();
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
