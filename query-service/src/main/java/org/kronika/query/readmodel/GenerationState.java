package org.kronika.query.readmodel;

import java.time.Instant;
import java.util.SortedMap;

/**
 * What is known of a generation: the topic it was built from (by id, so a recreated topic is never mistaken for
 * the old one), how far it has read, and its place in its life: building, live or retired.
 *
 * @param offsets next offset to read per partition: the checkpoint, saved only after what came before it is
 *                written
 * @param applied events applied so far
 * @param consumerGroup the Kafka consumer group the instances on this read store share the generation's partitions
 *                      through: its own, so that a service on another read store, reading this topic or another one
 *                      on the same cluster, never takes partitions from it nor holds up its rebalances
 */
public record GenerationState(Generation generation, String status, String topic, String topicId, int partitions,
                              SortedMap<Integer, Long> offsets, long applied, Instant createdAt, Instant liveSince,
                              String reason, String consumerGroup) {

    public static final String BUILDING = "building";
    /** Made to be built, not yet: until its instance has claimed the topic's build ({@link Generations#startBuilding}). */
    public static final String CANDIDATE = "candidate";
    public static final String LIVE = "live";
    public static final String RETIRED = "retired";

    public GenerationState {
        offsets = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(offsets));
    }

    public long position() {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    public boolean readsTopic(TopicIdentity identity) {
        return topic.equals(identity.name()) && topicId.equals(identity.topicId());
    }
}
