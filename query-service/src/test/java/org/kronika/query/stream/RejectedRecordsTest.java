package org.kronika.query.stream;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.events.CloudEventHeaders;
import org.kronika.query.TestInfrastructure;
import org.kronika.query.readmodel.Generation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Records set aside, and what a generation notes against the projects they name. */
class RejectedRecordsTest {

    private MongoClient client;
    private MongoDatabase database;

    @BeforeEach
    void freshDatabase() {
        client = MongoClients.create(TestInfrastructure.mongo().connectionString("x"));
        database = client.getDatabase("rejected-" + UUID.randomUUID());
    }

    @AfterEach
    void close() {
        client.close();
    }

    /**
     * Partitions are read in no fixed order: two generations built from one topic read a project's rejected records
     * in different orders, and each notes the one first on the topic, so that their comparison finds nothing.
     */
    @Test
    void aProjectIsNotedWithItsRejectedRecordFirstOnTheTopicWhicheverWasReadFirst() {
        var later = new Read(record(1, 3L, "4"), "no data");
        var first = new Read(record(0, 9L, "2"), "missing header ce_type");
        var further = new Read(record(0, 12L, "5"), "invalid ce_time");
        List<List<Read>> orders = List.of(List.of(later, first, further),
                List.of(further, first, later), List.of(first, later, further), List.of(later, further, first));
        for (int g = 0; g < orders.size(); g++) {
            Generation generation = new Generation(g + 1, 8);
            RejectedRecords rejected = new RejectedRecords(database).in(generation);
            orders.get(g).forEach(read -> rejected.add(read.record(), read.reason()));
            // Read again after a restart: nothing changes.
            orders.get(g).forEach(read -> rejected.add(read.record(), read.reason()));

            assertThat(rejected.first(generation, "p-1")).as("read in the order %s", orders.get(g))
                    .contains(new RejectedRecords.Rejection(0, 9L, "2", "missing header ce_type"));
        }
    }

    /**
     * A rebuild, or a restart before the checkpoint, reads records set aside long ago again: counted again, they
     * fired the alert on rejected records ("someone wrote to the topic") and came first in the newest list. A
     * different record at the same place (a topic recreated under its name) is new.
     */
    @Test
    void aRecordReadAgainIsNotSetAsideAnewButAnotherAtItsPlaceIs() throws Exception {
        var record = record(0, 9L, "2");
        RejectedRecords live = new RejectedRecords(database).in(new Generation(1, 8));
        RejectedRecords rebuild = new RejectedRecords(database).in(new Generation(2, 8));

        assertThat(live.add(record, "missing header ce_type")).isTrue();
        java.time.Instant first = live.newest(1).get(0).rejectedAt();
        Thread.sleep(5);
        assertThat(live.add(record, "missing header ce_type")).as("read again after a restart").isFalse();
        assertThat(live.add(record, "missing header 'ce_type'")).as("its reason worded otherwise since").isFalse();
        assertThat(rebuild.add(record, "missing header ce_type")).as("read again by a rebuild").isFalse();
        assertThat(live.newest(10)).singleElement().extracting(RejectedRecords.SetAside::rejectedAt).isEqualTo(first);
        assertThat(rebuild.first(new Generation(2, 8), "p-1")).as("noted against its project all the same")
                .contains(new RejectedRecords.Rejection(0, 9L, "2", "missing header ce_type"));
        assertThat(rebuild.add(record(0, 9L, "3"), "invalid ce_time")).as("another record at that place").isTrue();
        var copy = org.kronika.query.fixtures.Received.at(org.kronika.query.fixtures.Received.event(
                new org.kronika.events.ProjectReopened("p-1", "A late invoice"), 7,
                java.time.Instant.parse("2026-01-01T00:00:00Z"), null), 1, 4L);
        assertThat(live.setAside(copy, "two different records claim event 7")).isTrue();
        assertThat(rebuild.setAside(copy, "two different records claim event 7")).isFalse();
    }

    /** A record of project p-1 as the reader found it, and why it broke the contract. */
    private record Read(ConsumerRecord<String, byte[]> record, String reason) {
        @Override
        public String toString() {
            return record.partition() + "@" + record.offset();
        }
    }

    private static ConsumerRecord<String, byte[]> record(int partition, long offset, String sequence) {
        var record = new ConsumerRecord<String, byte[]>("topic", partition, offset, "p-1", null);
        record.headers().add(CloudEventHeaders.SEQUENCE, sequence.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
