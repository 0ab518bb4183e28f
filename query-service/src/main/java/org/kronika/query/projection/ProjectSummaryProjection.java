package org.kronika.query.projection;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.kronika.query.stream.ReceivedEvent;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a batch of events into project summaries: one read and one bulk write per batch, one atomic
 * single-document write per project. An event is applied only if it is exactly the next of its project, so a
 * repeat changes nothing and nothing is applied out of order.
 */
@Component
public class ProjectSummaryProjection {

    static final String COLLECTION = "project_summaries";

    private final MongoCollection<Document> summaries;
    private final ReportingPeriods periods;

    public ProjectSummaryProjection(MongoTemplate mongo, ReportingPeriods periods) {
        this.summaries = mongo.getCollection(COLLECTION);
        this.periods = periods;
    }

    public ProjectionOutcome apply(List<ReceivedEvent> batch) {
        Map<String, List<ReceivedEvent>> byProject = new LinkedHashMap<>();
        batch.forEach(event -> byProject.computeIfAbsent(event.projectId(), k -> new ArrayList<>()).add(event));

        Map<String, ProjectSummary> current = new HashMap<>();
        summaries.find(Filters.in("_id", byProject.keySet()))
                .forEach(doc -> current.put(doc.getString("_id"), ProjectSummary.fromDocument(doc)));

        int applied = 0;
        int duplicates = 0;
        int early = 0;
        List<WriteModel<Document>> writes = new ArrayList<>();
        for (var project : byProject.entrySet()) {
            ProjectSummary existing = current.get(project.getKey());
            ProjectSummary summary = existing != null ? existing : ProjectSummary.empty(project.getKey());
            long versionBefore = summary.version();
            for (ReceivedEvent event : project.getValue()) {
                if (event.sequence() <= summary.version()) {
                    duplicates++;
                } else if (event.sequence() > summary.version() + 1) {
                    early++;
                } else {
                    summary.apply(event);
                    applied++;
                }
            }
            if (summary.version() == versionBefore) {
                continue;
            }
            summary.derive(periods);
            writes.add(existing == null
                    ? new InsertOneModel<>(summary.toDocument())
                    // Guarded by the version read above: a concurrent writer makes this match nothing.
                    : new ReplaceOneModel<>(Filters.and(Filters.eq("_id", project.getKey()),
                    Filters.eq("version", versionBefore)), summary.toDocument()));
        }
        write(writes);
        return new ProjectionOutcome(applied, duplicates, early);
    }

    private void write(List<WriteModel<Document>> writes) {
        if (writes.isEmpty()) {
            return;
        }
        long replacements = writes.stream().filter(ReplaceOneModel.class::isInstance).count();
        try {
            var result = summaries.bulkWrite(writes);
            if (result.getMatchedCount() < replacements) {
                throw new ConcurrentProjectionUpdate("a project summary changed while this batch was applied");
            }
        } catch (MongoBulkWriteException e) {
            throw new ConcurrentProjectionUpdate("a project summary was created concurrently: " + e.getMessage());
        }
    }

    /** Another writer got there first; the batch is retried from the checkpoint and applies cleanly. */
    public static class ConcurrentProjectionUpdate extends RuntimeException {
        ConcurrentProjectionUpdate(String message) {
            super(message);
        }
    }
}
