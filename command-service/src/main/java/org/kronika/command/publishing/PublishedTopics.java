package org.kronika.command.publishing;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.List;
import java.util.OptionalLong;

/**
 * Which events topic, by Kafka's topic id, holds the published events from which event store position on. The
 * publisher's token alone cannot say: it stays where it was when the topic is deleted, and the topic created again
 * under the same name holds only what is published after. Recorded after Kafka acknowledged a batch, and read by
 * the topic's health and by the checkpoints, which go out only while the topic that exists now holds every event
 * they sign.
 *
 * <p>A batch costs a write only when it lowers what is recorded: the first batch sent to a topic, and the first
 * batch of a republish (the token reset to the start); every other one compares with what this instance wrote.
 */
@Component
public class PublishedTopics {

    /** The position recorded for a topic created empty: it holds no event yet. */
    static final long NOTHING = Long.MAX_VALUE;

    private final JdbcTemplate jdbc;
    private volatile Recorded last;

    private record Recorded(String topicId, long from) {
    }

    public PublishedTopics(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Kronika has just created the topic with this id: empty, it holds nothing until the publisher sends to it. */
    void created(String topicId) {
        jdbc.update("INSERT INTO published_topics (topic_id, from_position, first_seen_at) VALUES (?, ?, now()) "
                + "ON CONFLICT (topic_id) DO NOTHING", topicId, NOTHING);
    }

    /**
     * Kafka acknowledged, on the topic with this id, a batch whose lowest position is {@code from}, the publisher
     * having sent everything after it in order. A topic Kronika did not create and never sent to is taken to hold
     * everything: the one it published to before it kept this record (an upgrade), or one a restored database has
     * no record of.
     */
    void sent(String topicId, boolean createdHere, long from) {
        Recorded known = last;
        if (known != null && known.topicId().equals(topicId) && known.from() <= from) {
            return;
        }
        jdbc.update("""
                INSERT INTO published_topics (topic_id, from_position, first_seen_at)
                VALUES (?, CASE WHEN ? THEN ? ELSE 0 END, now())
                ON CONFLICT (topic_id) DO UPDATE
                    SET from_position = LEAST(published_topics.from_position, EXCLUDED.from_position)
                """, topicId, createdHere, from);
        Recorded recorded = new Recorded(topicId, from);
        // Remembered once it commits with the batch: a batch rolled back after the write would otherwise leave this
        // instance believing in a row that is not there, and never writing it.
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    last = recorded;
                }
            });
        } else {
            last = recorded;
        }
    }

    /** From which position on the topic with this id holds every event the publisher has passed; empty if none. */
    public OptionalLong heldFrom(String topicId) {
        List<Long> from = jdbc.queryForList("SELECT from_position FROM published_topics WHERE topic_id = ?",
                Long.class, topicId);
        return from.isEmpty() ? OptionalLong.empty() : OptionalLong.of(from.get(0));
    }

    /**
     * The first stored event that the topic with this id lacks although the publisher passed it (it went to a topic
     * since deleted); empty when it lacks none, or when nothing was published to it yet.
     */
    OptionalLong lacksFrom(String topicId) {
        OptionalLong from = heldFrom(topicId);
        if (from.isEmpty()) {
            return OptionalLong.empty();
        }
        Long first = jdbc.queryForObject("SELECT min(globalindex) FROM domainevententry WHERE globalindex < ?",
                Long.class, from.getAsLong());
        return first == null ? OptionalLong.empty() : OptionalLong.of(first);
    }
}
