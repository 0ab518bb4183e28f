package org.kronika.query.measurement;

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
import org.kronika.query.readmodel.Keys;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** The {@code measurements} collection of a generation: one document per measurement, keyed by its ordinal. */
public class Measurements {

    public static final String NAME = "measurements";
    private static final int READ_BATCH = 1000;

    private final MongoCollection<Document> collection;

    public Measurements(MongoDatabase database, Generation generation) {
        this.collection = database.getCollection(generation.collection(NAME));
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

    public void saveAll(Collection<Measurement> measurements) {
        if (measurements.isEmpty()) {
            return;
        }
        java.util.Map<String, Measurement> byId = new java.util.LinkedHashMap<>();
        measurements.forEach(m -> byId.put(Keys.numbered(m.projectId(), m.ordinal()), m));
        org.kronika.query.readmodel.Writes.replaceAll(collection, byId);
    }
}
