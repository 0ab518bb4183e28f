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
