package org.kronika.query.readmodel;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kronika.query.TestInfrastructure;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer group a generation is read through: one per generation of one read store, the same for every
 * instance on that store, and the group an earlier version named for a generation it made.
 */
class GenerationsTest {

    private static final TopicIdentity TOPIC = new TopicIdentity("project-events", "topic-id", 3);
    private static final int SCHEMA = 2;
    private final MongoClient client = MongoClients.create(TestInfrastructure.mongo().connectionString("admin"));

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void theFirstGenerationsOfTwoReadStoresAreReadThroughGroupsOfTheirOwn() {
        Generations one = store();
        Generations other = store();
        Generation first = one.create(TOPIC, "first build");
        Generation alsoFirst = other.create(TOPIC, "first build");

        assertThat(first).isEqualTo(alsoFirst);
        String group = one.state(first).orElseThrow().consumerGroup();
        assertThat(group).matches("kronika-query-2-g1-[0-9a-f]{12}");
        assertThat(other.state(alsoFirst).orElseThrow().consumerGroup()).startsWith("kronika-query-2-g1-")
                .isNotEqualTo(group);
        assertThat(new Generations(one.database(), SCHEMA).state(first).orElseThrow().consumerGroup())
                .as("another instance on the same read store").isEqualTo(group);
        assertThat(one.state(one.create(TOPIC, "rebuild")).orElseThrow().consumerGroup())
                .startsWith("kronika-query-2-g2-").isNotEqualTo(group);
    }

    @Test
    void aGenerationAnEarlierVersionMadeKeepsTheGroupThatVersionNamed() {
        Generations generations = store();
        Generation made = generations.create(TOPIC, "first build");
        generations.database().getCollection(Generations.COLLECTION)
                .updateOne(Filters.eq("_id", made.id()), Updates.unset("consumerGroup"));

        assertThat(generations.state(made).orElseThrow().consumerGroup()).isEqualTo("kronika-query-2-g1");
    }

    /**
     * Two instances on one read store deciding to build at once (two replicas started together on an empty read
     * store, a rebuild asked of both): each built the whole topic, and the second to go live dropped the generation
     * before the first while instances could still read it.
     */
    @Test
    void instancesStartingToBuildFromOneTopicAtOnceBuildOneGeneration() throws Exception {
        for (int round = 0; round < 10; round++) {
            Generations one = store();
            Generations other = new Generations(one.database(), SCHEMA);
            CyclicBarrier together = new CyclicBarrier(2);
            ExecutorService instances = Executors.newFixedThreadPool(2);
            try {
                Future<Generation> first = instances.submit(() -> {
                    together.await();
                    return one.startBuilding(TOPIC, "first build");
                });
                Future<Generation> second = instances.submit(() -> {
                    together.await();
                    return other.startBuilding(TOPIC, "first build");
                });
                assertThat(first.get(30, TimeUnit.SECONDS)).isEqualTo(second.get(30, TimeUnit.SECONDS));
            } finally {
                instances.shutdownNow();
            }
            assertThat(one.all()).singleElement().extracting(GenerationState::status)
                    .isEqualTo(GenerationState.BUILDING);
        }
    }

    @Test
    void aBuildAskedForWhileOneIsUnderWayIsThatOneAndOnceItIsLiveANewOne() {
        Generations generations = store();
        Generation first = generations.startBuilding(TOPIC, "first build");

        assertThat(generations.startBuilding(TOPIC, "asked again")).isEqualTo(first);
        assertThat(generations.startBuilding(new TopicIdentity("project-events", "recreated-topic-id", 3),
                "the topic was recreated")).as("another topic's build").isNotEqualTo(first);
        generations.switchTo(first, Optional.empty());
        Generation rebuild = generations.startBuilding(TOPIC, "a rebuild");
        assertThat(rebuild).isNotEqualTo(first);
        assertThat(generations.startBuilding(TOPIC, "asked again")).isEqualTo(rebuild);
        generations.drop(rebuild);
        assertThat(generations.startBuilding(TOPIC, "after the rebuild was dropped")).isNotEqualTo(rebuild)
                .isNotEqualTo(first);
    }

    /**
     * Made before its claim was decided, a losing generation showed as being built for a moment: another instance
     * followed it, recreating the collections its maker dropped, and a rebuild asked for then was named as it.
     */
    @Test
    void aGenerationIsBuildingOnceItsClaimIsWonAndACandidateLeftOverIsTakenOver() {
        Generations generations = store();
        Generation left = generations.create(TOPIC, "first build");
        generations.database().getCollection(Generations.COLLECTION).updateOne(
                com.mongodb.client.model.Filters.eq("_id", left.id()), com.mongodb.client.model.Updates.combine(
                        com.mongodb.client.model.Updates.set("status", GenerationState.CANDIDATE),
                        com.mongodb.client.model.Updates.set("createdAt", "2026-01-01T00:00:00Z")));
        generations.database().getCollection(Generations.COLLECTION).insertOne(new org.bson.Document("_id",
                "building-v" + SCHEMA + "-" + TOPIC.topicId()).append("generation", left.number()));

        Generation built = generations.startBuilding(TOPIC, "after an instance stopped before its claim");

        assertThat(built).as("the candidate left an hour ago is no build under way").isNotEqualTo(left);
        assertThat(generations.state(built).orElseThrow().status()).isEqualTo(GenerationState.BUILDING);
    }

    private Generations store() {
        return new Generations(client.getDatabase("generations-" + UUID.randomUUID().toString().substring(0, 8)),
                SCHEMA);
    }
}
