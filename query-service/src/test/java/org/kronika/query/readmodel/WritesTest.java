package org.kronika.query.readmodel;

import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.query.TestInfrastructure;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Guarded bulk writes on the real driver and the stand-in: each write lands only over the revision it read. */
class WritesTest {

    private MongoCollection<Document> collection;

    @BeforeEach
    void freshCollection() {
        collection = MongoClients.create(TestInfrastructure.mongo().connectionString("x"))
                .getDatabase("writes-" + UUID.randomUUID()).getCollection("guarded");
        collection.insertOne(new Document("_id", "a").append("revision", 1L).append("value", "a1"));
        collection.insertOne(new Document("_id", "b").append("revision", 1L).append("value", "b1"));
        collection.insertOne(new Document("_id", "c").append("revision", 1L).append("value", "c1"));
    }

    @Test
    void writesThatFindTheRevisionTheyReadAllLandInOneGo() {
        var written = Writes.guarded(collection, List.of(
                new Writes.Guarded("a", 1, doc(2, "a2")),
                new Writes.Guarded("b", 1, null),
                new Writes.Guarded("new", 0, doc(7, "n"))));

        assertThat(written).containsExactlyInAnyOrder("a", "b", "new");
        assertThat(value("a")).isEqualTo("a2");
        assertThat(collection.find(Filters.eq("_id", "b")).first()).isNull();
        assertThat(value("new")).isEqualTo("n");
    }

    @Test
    void writesOverARevisionAnotherWriterMovedAreNotMadeAndAreNamedWhileTheRestLand() {
        // Another writer got there first: a moved on, c deleted, "new" created.
        collection.replaceOne(Filters.eq("_id", "a"), doc(2, "theirs"));
        collection.deleteOne(Filters.eq("_id", "c"));
        collection.insertOne(doc(5, "theirs").append("_id", "new"));

        var written = Writes.guarded(collection, List.of(
                new Writes.Guarded("a", 1, doc(2, "ours")),
                new Writes.Guarded("b", 1, doc(2, "b2")),
                new Writes.Guarded("c", 1, doc(2, "c2")),
                new Writes.Guarded("new", 0, doc(9, "ours"))));

        assertThat(written).containsExactly("b");
        assertThat(value("a")).isEqualTo("theirs");
        assertThat(value("b")).isEqualTo("b2");
        assertThat(collection.find(Filters.eq("_id", "c")).first()).isNull();
        assertThat(value("new")).isEqualTo("theirs");
    }

    @Test
    void theStateAskedForCountsAsWrittenWhoeverPutItThere() {
        // Another writer wrote exactly what this one asks for, and deleted what this one deletes.
        collection.replaceOne(Filters.eq("_id", "a"), doc(2, "a2"));
        collection.deleteOne(Filters.eq("_id", "b"));

        var written = Writes.guarded(collection, List.of(
                new Writes.Guarded("a", 1, doc(2, "a2")),
                new Writes.Guarded("b", 1, null),
                new Writes.Guarded("c", 1, doc(2, "c2"))));

        assertThat(written).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(value("c")).isEqualTo("c2");
    }

    private String value(String id) {
        return collection.find(Filters.eq("_id", id)).first().getString("value");
    }

    private static Document doc(long revision, String value) {
        return new Document("revision", revision).append("value", value);
    }
}
