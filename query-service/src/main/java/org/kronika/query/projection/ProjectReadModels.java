package org.kronika.query.projection;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Read access to the projections, for the query API. */
@Component
public class ProjectReadModels {

    private final MongoCollection<Document> summaries;
    private final MongoCollection<Document> history;

    public ProjectReadModels(MongoTemplate mongo) {
        this.summaries = mongo.getCollection(ProjectSummaryProjection.COLLECTION);
        this.history = mongo.getCollection(ProjectHistoryProjection.COLLECTION);
    }

    public List<Document> summaries() {
        return summaries.find().sort(Sorts.ascending("title", "_id")).into(new ArrayList<>());
    }

    public Optional<Document> summary(String projectId) {
        return Optional.ofNullable(summaries.find(Filters.eq("_id", projectId)).first());
    }

    public List<Document> history(String projectId) {
        return history.find(Filters.eq("projectId", projectId)).sort(Sorts.ascending("sequence"))
                .into(new ArrayList<>());
    }

    /** True when nothing has been projected: the read store is new or was lost. */
    public boolean isEmpty() {
        return summaries.estimatedDocumentCount() == 0 || history.estimatedDocumentCount() == 0;
    }

    /** Forgets every read model, before a rebuild from the topic. */
    public void clear() {
        summaries.deleteMany(new Document());
        history.deleteMany(new Document());
    }
}
