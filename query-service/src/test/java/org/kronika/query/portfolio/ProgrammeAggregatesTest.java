package org.kronika.query.portfolio;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import org.junit.jupiter.api.Test;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.readmodel.Generation;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;
import org.kronika.query.tally.PeriodTallies;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ProgrammeAggregatesTest {

    /**
     * A recount of the programme's scope reads every member's share by id. The stand-in of ./run-local answers a
     * query in one reply however large (a real MongoDB stops at 16 MB), and the driver refuses a reply over 48 MB:
     * with 1,000 projects such a read failed the projection, which started again from its checkpoint, over and over.
     */
    @Test
    void sharesReadByManyIdsComeBackInRepliesOfABoundedNumberOfDocuments() {
        List<Integer> replies = Collections.synchronizedList(new ArrayList<>());
        var settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(TestInfrastructure.mongo().connectionString("x")))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandSucceeded(CommandSucceededEvent event) {
                        var cursor = event.getResponse().getDocument("cursor", null);
                        if (cursor != null && cursor.getString("ns").getValue().endsWith(ProgrammeAggregates.SHARES)) {
                            replies.add(cursor.getArray(cursor.containsKey("firstBatch") ? "firstBatch" : "nextBatch")
                                    .size());
                        }
                    }
                }).build();
        Generations generations = new Generations(MongoClients.create(settings).getDatabase("replies-"
                + UUID.randomUUID()), 2);
        Generation generation = generations.create(new TopicIdentity("t", "t-id", 3), "test");
        ProgrammeAggregates store = ProgrammeAggregates.of(generations, generation);
        List<String> ids = IntStream.range(0, 40).mapToObj(i -> "p-" + i).toList();
        store.saveShares(ids.stream().map(id -> new ProgrammeShare(id, 1, null, List.of(), PeriodTallies.EMPTY,
                new TreeMap<>(), List.of())).toList());

        assertThat(store.shares(ids)).hasSize(40);
        assertThat(replies).as("documents in each reply").hasSizeGreaterThan(1)
                .allSatisfy(documents -> assertThat(documents).isLessThanOrEqualTo(ProgrammeAggregates.DOCUMENTS_PER_REPLY));
    }
}
