package org.kronika.query.portfolio;

import org.junit.jupiter.api.Test;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.readmodel.Generations;
import org.kronika.query.readmodel.TopicIdentity;
import org.kronika.query.tally.PeriodTallies;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A share written ahead of the aggregates (its project coming into a scope) never replaces one of the same or a later
 * version: that is the share of a writer that read further, and the aggregates are added up from it.
 */
class SharesAheadTest {

    private final ProgrammeAggregates store;

    SharesAheadTest() {
        var client = com.mongodb.client.MongoClients.create(TestInfrastructure.mongo().connectionString("x"));
        Generations generations = new Generations(client.getDatabase("shares-ahead-" + UUID.randomUUID()), 2);
        store = new ProgrammeAggregates(generations.database(),
                generations.create(new TopicIdentity("test-topic", "test-topic-id", 3), "test"));
    }

    @Test
    void aShareWrittenAheadReplacesOnlyAnEarlierVersionOfItsProjectsShare() {
        store.saveShares(List.of(share("p-later", 5)));
        store.saveSharesAhead(List.of(share("p-later", 3), share("p-same", 1), share("p-new", 2)));
        store.saveSharesAhead(List.of(share("p-same", 1), share("p-later", 5)));
        store.saveSharesAhead(List.of(share("p-new", 4)));

        Map<String, ProgrammeShare> stored = store.shares(List.of("p-later", "p-same", "p-new"));
        assertThat(stored.get("p-later").version()).as("never over a later share").isEqualTo(5);
        assertThat(stored.get("p-same").version()).as("written where none was, kept when the same").isEqualTo(1);
        assertThat(stored.get("p-new").version()).as("over an earlier one").isEqualTo(4);
    }

    private static ProgrammeShare share(String projectId, long version) {
        var member = new ProgrammeShare.Member(version, "A project", "org", "Org", null, List.of("Gjilan"), 0, 0,
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), false);
        return new ProgrammeShare(projectId, version, member, List.of("Gjilan"), PeriodTallies.EMPTY, new TreeMap<>(),
                List.of(), new TreeMap<>(), List.of());
    }
}
