package org.kronika.query.readmodel;

/**
 * A topic as Kafka identifies it: a topic deleted and created again under the same name has another id, and
 * offsets saved against the old one mean nothing in the new one.
 */
public record TopicIdentity(String name, String topicId, int partitions) {
}
