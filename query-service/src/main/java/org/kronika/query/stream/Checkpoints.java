package org.kronika.query.stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.apache.kafka.common.TopicPartition;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The consumer's position, kept in MongoDB beside the read models rather than in a Kafka consumer group: lose
 * the read store and the position goes with it, so the service rebuilds everything from the topic.
 */
@Component
public class Checkpoints {

    static final String COLLECTION = "consumer_checkpoints";

    private final MongoCollection<Document> collection;

    public Checkpoints(MongoTemplate mongo) {
        this.collection = mongo.getCollection(COLLECTION);
    }

    public Map<TopicPartition, Long> load(String topic) {
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (Document checkpoint : collection.find(Filters.eq("topic", topic))) {
            positions.put(new TopicPartition(topic, checkpoint.getInteger("partition")), checkpoint.getLong("nextOffset"));
        }
        return positions;
    }

    public void save(Map<TopicPartition, Long> nextOffsets) {
        if (nextOffsets.isEmpty()) {
            return;
        }
        List<UpdateOneModel<Document>> updates = nextOffsets.entrySet().stream()
                .map(e -> new UpdateOneModel<Document>(
                        Filters.eq("_id", e.getKey().topic() + "-" + e.getKey().partition()),
                        Updates.combine(
                                Updates.set("topic", e.getKey().topic()),
                                Updates.set("partition", e.getKey().partition()),
                                Updates.set("nextOffset", e.getValue())),
                        new UpdateOptions().upsert(true)))
                .toList();
        collection.bulkWrite(updates);
    }

    public void clear(String topic) {
        collection.deleteMany(Filters.eq("topic", topic));
    }
}
