package org.kronika.query.readmodel;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Whole-document writes by id: writing the same document again changes nothing. */
public final class Writes {

    private Writes() {
    }

    /** Writes each record, mapped, as the document with that id, in one unordered bulk write. */
    public static void replaceAll(MongoCollection<Document> collection, Map<String, ?> recordsById) {
        if (recordsById.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> writes = new ArrayList<>(recordsById.size());
        recordsById.forEach((id, record) -> {
            Document doc = record instanceof Document given ? given : DocumentMapper.toDocument(record);
            doc.put("_id", id);
            writes.add(new ReplaceOneModel<>(Filters.eq("_id", id), doc, new ReplaceOptions().upsert(true)));
        });
        collection.bulkWrite(writes, new BulkWriteOptions().ordered(false));
    }
}
