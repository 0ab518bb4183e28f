package org.kronika.command.publishing;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.HashMap;
import java.util.Map;
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
     * The topic with this id existed before this table did (a database from before V9): it held everything then.
     * Recorded only while the table is empty, once, when this instance first finds the topic existing rather than
     * creating it. Any other topic Kronika did not create, found while the table records another, is taken to hold
     * only what the publisher sends to it: an instance that restarts after the topic was created anew, or takes over
     * the publisher, must not lower what was recorded for it and so let checkpoints out over the events it lacks.
     */
    void existedBeforeAnyRecord(String topicId) {
        jdbc.update("""
                INSERT INTO published_topics (topic_id, from_position, first_seen_at)
                SELECT ?, 0, now() WHERE NOT EXISTS (SELECT 1 FROM published_topics)
                ON CONFLICT (topic_id) DO NOTHING
                """, topicId);
    }

    /**
     * Kafka acknowledged, on the topic with this id, a batch whose lowest position is {@code from}, the publisher
     * having passed everything after it in order (events it set aside in its dead-letter queue included: the
     * checkpoints see those by their own rule).
     */
    void sent(String topicId, long from) {
        Recorded known = last;
        if (known != null && known.topicId().equals(topicId) && known.from() <= from) {
            return;
        }
        jdbc.update("""
                INSERT INTO published_topics (topic_id, from_position, first_seen_at) VALUES (?, ?, now())
                ON CONFLICT (topic_id) DO UPDATE
                    SET from_position = LEAST(published_topics.from_position, EXCLUDED.from_position)
                """, topicId, from);
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
        Long from = all().get(topicId);
        return from == null ? OptionalLong.empty() : OptionalLong.of(from);
    }

    /**
     * Every topic recorded, by id, with the position it holds everything from: one row per events topic the
     * programme ever had. Read before the publisher's token by whoever needs both to agree: a republish that
     * starts in between can then only make the answer more cautious.
     */
    public Map<String, Long> all() {
        Map<String, Long> topics = new HashMap<>();
        jdbc.query("SELECT topic_id, from_position FROM published_topics",
                rs -> {
                    topics.put(rs.getString(1), rs.getLong(2));
                });
        return topics;
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
