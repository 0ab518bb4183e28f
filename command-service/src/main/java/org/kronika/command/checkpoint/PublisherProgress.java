package org.kronika.command.checkpoint;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.kronika.command.publishing.ProjectEventPublisher;
import org.kronika.command.publishing.ProjectEventsTopic;
import org.kronika.command.publishing.PublishedTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far the Kafka publisher has come through the event store, read from its tokens in {@code tokenentry}, which
 * every instance sees (the processor's own status shows only the segments this instance holds). Reading the rows
 * claims nothing.
 */
@Component
public class PublisherProgress {

    private static final Logger log = LoggerFactory.getLogger(PublisherProgress.class);

    private final JdbcTemplate jdbc;
    private final Serializer serializer;
    private final ProjectEventsTopic topic;
    private final PublishedTopics publishedTopics;

    public PublisherProgress(JdbcTemplate jdbc, Serializer serializer, ProjectEventsTopic topic,
                             PublishedTopics publishedTopics) {
        this.jdbc = jdbc;
        this.serializer = serializer;
        this.topic = topic;
        this.publishedTopics = publishedTopics;
    }

    /**
     * Whether the events at these event store positions (global indexes) are all on the topic: every segment of the
     * publisher has passed them, none of them, nor any event of their streams before them, waits in the
     * publisher's dead-letter queue (which the publisher's token passes too), and the topic that exists now is one
     * the publisher sent them to. The token alone is not enough: it stays where it was when the topic is deleted,
     * and a topic created again under its name holds only what was published after ({@link PublishedTopics}).
     *
     * <p>What the topics hold is read before the token, and Kafka asked last: a republish starting in between (the
     * token reset, a first batch lowering the topic's record) then finds either the old record with the new token,
     * or both new, never the old token with a record already lowered, which passed events not yet republished.
     */
    public boolean hasPublished(Collection<Long> positions) {
        Map<String, Long> heldFrom = publishedTopics.all();
        List<TrackingToken> tokens = jdbc.query(
                "SELECT token, tokentype FROM tokenentry WHERE processorname = ?",
                (rs, n) -> rs.getBytes(1) == null ? null : serializer.<byte[], TrackingToken>deserialize(
                        new SimpleSerializedObject<>(rs.getBytes(1), byte[].class, rs.getString(2), null)),
                ProjectEventPublisher.PROCESSING_GROUP);
        return !tokens.isEmpty() && tokens.stream().allMatch(token -> covers(token, positions))
                && !deadLettered(positions) && onTheTopicNow(heldFrom, positions);
    }

    /** Asked of Kafka each time, last: a topic deleted a moment ago must not let a checkpoint out. */
    private boolean onTheTopicNow(Map<String, Long> heldFrom, Collection<Long> positions) {
        Optional<String> id;
        try {
            id = topic.existingId();
        } catch (RuntimeException e) {
            log.debug("Topic {} not described now; checkpoints wait: {}", topic.name(), e.getMessage());
            return false;
        }
        if (id.isEmpty()) {
            return false;
        }
        Long from = heldFrom.get(id.get());
        return from != null && positions.stream().allMatch(position -> position >= from);
    }

    private boolean deadLettered(Collection<Long> positions) {
        if (positions.isEmpty()) {
            return false;
        }
        Boolean any = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM deadletterentry d JOIN domainevententry e
                               ON e.aggregateidentifier = d.aggregateidentifier AND d.sequencenumber <= e.sequencenumber
                               WHERE d.processinggroup = ? AND e.globalindex = ANY (?))
                """, Boolean.class, ProjectEventPublisher.PROCESSING_GROUP, positions.toArray(Long[]::new));
        return Boolean.TRUE.equals(any);
    }

    /**
     * Per stream (aggregate) with events in the publisher's dead-letter queue, the sequence of the first: it and
     * everything after it in its stream are not on the topic until an operator retries them.
     */
    public Map<String, Long> firstDeadLettered() {
        Map<String, Long> first = new HashMap<>();
        jdbc.query("SELECT aggregateidentifier, min(sequencenumber) FROM deadletterentry WHERE processinggroup = ? "
                        + "AND aggregateidentifier IS NOT NULL GROUP BY aggregateidentifier",
                rs -> {
                    first.put(rs.getString(1), rs.getLong(2));
                }, ProjectEventPublisher.PROCESSING_GROUP);
        return first;
    }

    /**
     * A gap is a position the publisher passed while its event was not yet committed: it is published when it
     * appears, so it is not covered until then.
     */
    static boolean covers(TrackingToken token, Collection<Long> positions) {
        if (token == null) {
            return false;
        }
        TrackingToken lowerBound = WrappedToken.unwrapLowerBound(token);
        if (lowerBound == null) {
            // A token reset to the start (a republish; also Axon's first token when it creates the row anew after an
            // operator deleted it) has passed nothing yet.
            return false;
        }
        if (lowerBound instanceof GapAwareTrackingToken gapAware) {
            return positions.stream().allMatch(p -> p <= gapAware.getIndex() && !gapAware.getGaps().contains(p));
        }
        long reached = lowerBound.position().orElse(-1);
        return positions.stream().allMatch(p -> p <= reached);
    }
}
