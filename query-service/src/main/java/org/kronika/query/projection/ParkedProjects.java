package org.kronika.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.kronika.query.readmodel.DocumentMapper;
import org.kronika.query.readmodel.Generation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code parked_projects} collection of a generation. Small: one document per project that waits. */
public class ParkedProjects {

    public static final String NAME = "parked_projects";

    private final MongoCollection<Document> collection;

    public ParkedProjects(MongoDatabase database, Generation generation) {
        this.collection = database.getCollection(generation.collection(NAME));
    }

    /** For a real MongoDB: the parked longest, read in order; the local stand-in accepts and ignores it. */
    public void declareIndexes() {
        collection.createIndex(com.mongodb.client.model.Indexes.ascending("since"));
    }

    /** The {@code limit} parked longest, for callers: a fault that parks every project must not make one answer of them all. */
    public List<ParkedProject> first(int limit) {
        List<ParkedProject> parked = new ArrayList<>();
        for (Document doc : collection.find().sort(Sorts.ascending("since")).limit(limit)) {
            parked.add(DocumentMapper.fromDocument(doc, ParkedProject.class));
        }
        return parked;
    }

    /** The project's record, if it waits or is parked: one read by its id. */
    public Optional<ParkedProject> find(String projectId) {
        return Optional.ofNullable(collection.find(Filters.eq("_id", projectId)).first())
                .map(doc -> DocumentMapper.fromDocument(doc, ParkedProject.class));
    }

    public List<ParkedProject> all() {
        List<ParkedProject> parked = new ArrayList<>();
        for (Document doc : collection.find()) {
            parked.add(DocumentMapper.fromDocument(doc, ParkedProject.class));
        }
        parked.sort(java.util.Comparator.comparing(ParkedProject::since));
        return parked;
    }

    /**
     * Saves the record as the projection knows it, keeping any retry an operator asked for meanwhile: a held event
     * saved the record whole, and a project that got events more often than the retry checks could not be retried.
     */
    void save(ParkedProject project) {
        Document fields = DocumentMapper.toDocument(project);
        fields.remove("retryRequested");
        collection.updateOne(Filters.eq("_id", project.projectId()), new Document("$set", fields),
                new com.mongodb.client.model.UpdateOptions().upsert(true));
    }

    /** The retry asked for at {@code requested} was made: the request is cleared, unless a newer one came since. */
    void retried(String projectId, Instant requested) {
        collection.updateOne(Filters.and(Filters.eq("_id", projectId),
                Filters.eq("retryRequested", requested.toString())), Updates.unset("retryRequested"));
    }

    /** Removes the project's record if it holds nothing its summary at {@code version} does not include. */
    void removeIfHoldingNothingBeyond(String projectId, long version) {
        collection.deleteOne(Filters.and(Filters.eq("_id", projectId), Filters.lte("heldTo", version)));
    }

    /** Asks the projection to try a parked project's held events again. False if the project is not parked. */
    public boolean requestRetry(String projectId) {
        return collection.updateOne(Filters.eq("_id", projectId), Updates.set("retryRequested",
                Instant.now().toString())).getMatchedCount() == 1;
    }
}
