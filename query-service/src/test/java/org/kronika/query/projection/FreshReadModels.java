package org.kronika.query.projection;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.project.ProjectViews;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;

import java.util.UUID;

/** A generation of read models of a test's own, in a database of its own on the suite's MongoDB. */
record FreshReadModels(MongoDatabase database, Generations generations, Generation generation, ReadModelStores stores) {

    static final TopicIdentity TOPIC = new TopicIdentity("test-topic", "test-topic-id", 3);

    static FreshReadModels create(String name, ProjectViews views) {
        MongoDatabase database = MongoClients.create(TestInfrastructure.mongo().connectionString("x"))
                .getDatabase(name + "-" + UUID.randomUUID());
        Generations generations = new Generations(database, 3);
        Generation generation = generations.create(TOPIC, "test");
        return new FreshReadModels(database, generations, generation, ReadModelStores.of(generations, generation,
                views));
    }
}
