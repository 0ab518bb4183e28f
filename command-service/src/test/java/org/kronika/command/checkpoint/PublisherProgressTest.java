package org.kronika.command.checkpoint;

import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;
import org.kronika.command.KronikaCommandProperties;
import org.kronika.command.TestInfrastructure;
import org.kronika.command.publishing.ProjectEventPublisher;
import org.kronika.command.publishing.ProjectEventsTopic;
import org.kronika.command.publishing.PublishedTopics;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.kafka.core.KafkaAdmin;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A checkpoint waits until the Kafka publisher has put every event it signs on the topic. */
class PublisherProgressTest {

    @Test
    void anEventIsPublishedOnceThePublisherPassedItAndItIsNoGap() {
        GapAwareTrackingToken token = GapAwareTrackingToken.newInstance(100, List.of(97L));
        assertThat(PublisherProgress.covers(token, List.of(3L, 96L, 100L))).isTrue();
        assertThat(PublisherProgress.covers(token, List.of(3L, 101L))).as("not reached yet").isFalse();
        assertThat(PublisherProgress.covers(token, List.of(97L)))
                .as("passed while its transaction was open: published when it appears").isFalse();
        assertThat(PublisherProgress.covers(null, List.of(1L))).as("the publisher never ran").isFalse();
    }

    @Test
    void aReplayingPublisherCoversOnlyWhatItRepublished() {
        var replay = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(100, List.of()),
                GapAwareTrackingToken.newInstance(40, List.of()));
        assertThat(PublisherProgress.covers(replay, List.of(40L))).isTrue();
        assertThat(PublisherProgress.covers(replay, List.of(41L))).isFalse();
        assertThat(PublisherProgress.covers(new GlobalSequenceTrackingToken(7), List.of(7L))).isTrue();
    }

    /**
     * The token an operator's republish leaves (deleted, Axon creates it anew as a replay from the start up to the
     * head it saw), until the first batch: it has passed nothing, which is an answer, not a failure to find one.
     */
    @Test
    void aPublisherWhoseTokenWasResetToTheStartHasPublishedNothingYet() {
        var fromTheStart = ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(100, List.of()));
        assertThat(PublisherProgress.covers(fromTheStart, List.of(1L))).isFalse();
    }

    /**
     * A republish starting between the reads: the token read before it still passes the event, and the republish's
     * first batch then lowers the topic's record to the first event. Read after the token, that record let the event
     * pass though the topic created anew does not hold it yet; read before it, the event waits.
     */
    @Test
    void aRepublishStartingWhileTheProgressIsReadLetsNoEventPassThatTheTopicDoesNotHoldYet() {
        String database = "publisher_progress_test";
        JdbcTemplate store = TestInfrastructure.database(database, "V1__axon_event_store.sql",
                "V5__publisher_dead_letters.sql", "V9__published_topics.sql");
        try {
            Serializer serializer = JacksonSerializer.defaultSerializer();
            var token = serializer.serialize(GapAwareTrackingToken.newInstance(200, List.of()), byte[].class);
            store.update("INSERT INTO tokenentry (processorname, segment, token, tokentype) VALUES (?, 0, ?, ?)",
                    ProjectEventPublisher.PROCESSING_GROUP, token.getData(), token.getType().getName());
            store.update("INSERT INTO published_topics VALUES ('topic-created-anew', 100, now())");
            JdbcTemplate republishStartsOnceTheTokenIsRead = new JdbcTemplate(store.getDataSource()) {
                @Override
                public <T> List<T> query(String sql, RowMapper<T> rowMapper, Object... args) {
                    List<T> rows = super.query(sql, rowMapper, args);
                    if (sql.contains("tokenentry")) {
                        store.update("UPDATE tokenentry SET token = NULL");
                        store.update("UPDATE published_topics SET from_position = 0");
                    }
                    return rows;
                }
            };
            var topic = new ProjectEventsTopic(new KafkaAdmin(Map.of()), new KronikaCommandProperties("test-programme",
                    new KronikaCommandProperties.Topic("kronika.project-events", 6, (short) 1), 100),
                    new PublishedTopics(store)) {
                @Override
                public Optional<String> existingId() {
                    return Optional.of("topic-created-anew");
                }
            };
            PublisherProgress progress = new PublisherProgress(republishStartsOnceTheTokenIsRead, serializer, topic,
                    new PublishedTopics(republishStartsOnceTheTokenIsRead));

            assertThat(progress.hasPublished(List.of(50L))).isFalse();
        } finally {
            TestInfrastructure.dropDatabase(database);
        }
    }
}
