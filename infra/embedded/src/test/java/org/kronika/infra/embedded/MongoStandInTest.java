package org.kronika.infra.embedded;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stand-in answers a query naming one {@code _id} from that document alone: every answer, and every write's
 * effect, is the one the library's own memory backend gives. And it answers in reply batches of at most 16 MiB, as
 * MongoDB does, where the library sends every document of an answer in one reply.
 */
class MongoStandInTest {

    private static final int MEBIBYTE = 1024 * 1024;

    @TempDir
    Path files;

    @Test
    void aReadOfMoreThanSixteenMebibytesComesBackWholeInBatchesOfAtMostSixteen() {
        try (MongoStandIn standIn = MongoStandIn.start(0)) {
            assertReadsInBatchesOfAtMostSixteenMebibytes(standIn);
        }
    }

    @Test
    void theFileBackedStandInAnswersInTheSameBatches() {
        try (MongoStandIn standIn = MongoStandIn.startPersistent(0, files.resolve("mongo.h2"))) {
            assertReadsInBatchesOfAtMostSixteenMebibytes(standIn);
        }
    }

    /**
     * 24 documents of a mebibyte each: at most 15 fit in 16 MiB. Every read comes back whole, whatever batch size
     * the client names, in no batch of more than 15 of them (the library alone answers 24 in one reply, and a read
     * of over 48 MB, 3 such batches, fails in the driver).
     */
    private static void assertReadsInBatchesOfAtMostSixteenMebibytes(MongoStandIn standIn) {
        List<Integer> batches = Collections.synchronizedList(new ArrayList<>());
        var settings = MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(standIn.connectionString("t")))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandSucceeded(CommandSucceededEvent event) {
                        var cursor = event.getResponse().getDocument("cursor", null);
                        if (cursor != null) {
                            batches.add(cursor.getArray(cursor.containsKey("firstBatch") ? "firstBatch" : "nextBatch")
                                    .size());
                        }
                    }
                }).build();
        try (MongoClient client = MongoClients.create(settings)) {
            MongoCollection<Document> c = client.getDatabase("t").getCollection("large");
            String mebibyte = "x".repeat(MEBIBYTE);
            for (int i = 0; i < 24; i++) {
                c.insertOne(new Document("_id", String.format("d-%02d", i)).append("text", mebibyte));
            }
            for (int batchSize : new int[] {0, 4, 20, 1000}) {
                batches.clear();
                List<String> ids = new ArrayList<>();
                c.find().batchSize(batchSize).sort(Sorts.ascending("_id"))
                        .forEach(document -> ids.add(document.getString("_id")));

                assertThat(ids).as("batch size %d", batchSize).hasSize(24).doesNotHaveDuplicates().isSorted();
                assertThat(batches).as("documents per batch, batch size %d", batchSize)
                        .hasSizeGreaterThan(1).allSatisfy(documents -> assertThat(documents)
                                .isBetween(1, batchSize > 0 ? Math.min(batchSize, 15) : 15));
            }
        }
    }

    @Test
    void queriesAndWritesNamingAnIdGiveWhatTheLibrarysBackendGives() {
        MongoServer plain = new MongoServer(new MemoryBackend());
        String plainAddress = "mongodb://localhost:" + plain.bind().getPort();
        try (MongoStandIn standIn = MongoStandIn.start(0);
             MongoClient ours = MongoClients.create(standIn.connectionString("t"));
             MongoClient theirs = MongoClients.create(plainAddress)) {
            List<String> oursSaw = exercise(ours.getDatabase("t").getCollection("c"));
            List<String> theirsSaw = exercise(theirs.getDatabase("t").getCollection("c"));
            assertThat(oursSaw).isEqualTo(theirsSaw).hasSize(23);
            // The data size, counted when asked rather than kept as the library keeps it, is the library's.
            assertThat(dataSize(ours)).isEqualTo(dataSize(theirs)).isPositive();
        } finally {
            plain.shutdownNow();
        }
    }

    private static long dataSize(MongoClient client) {
        Document stats = client.getDatabase("t").runCommand(new Document("collStats", "c"));
        return ((Number) stats.get("size")).longValue();
    }

    /** What a sequence of reads and guarded writes answers, and what the collection holds after each write. */
    private static List<String> exercise(MongoCollection<Document> c) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            c.insertOne(new Document("_id", "p-" + i).append("version", i % 3).append("n", i));
        }
        Function<Bson, String> find = filter -> c.find(filter).sort(Sorts.ascending("_id"))
                .projection(Projections.exclude("unused")).into(new ArrayList<>()).toString();
        seen.add(find.apply(Filters.and(Filters.eq("_id", "p-4"), Filters.eq("version", 1))));
        seen.add(find.apply(Filters.and(Filters.eq("_id", "p-4"), Filters.eq("version", 2))));
        seen.add(find.apply(Filters.and(Filters.eq("_id", "absent"), Filters.eq("version", 1))));
        seen.add(find.apply(new Document("_id", "p-5").append("version", new Document("$lt", 5))));
        seen.add(find.apply(Filters.and(Filters.eq("_id", "p-5"), Filters.eq("_id", "p-6"))));
        seen.add(find.apply(Filters.and(Filters.in("_id", "p-1", "p-2"), Filters.gte("n", 2))));
        seen.add(find.apply(Filters.or(Filters.eq("_id", "p-1"), Filters.eq("n", 9))));
        seen.add(find.apply(Filters.and(Filters.eq("_id", "p-3"), Filters.or(Filters.eq("n", 3), Filters.eq("n", 4)))));
        seen.add(find.apply(Filters.and(Filters.eq("_id", "p-3"), Filters.or(Filters.eq("n", 5), Filters.eq("n", 4)))));
        seen.add(String.valueOf(c.find(Filters.and(Filters.eq("_id", "p-7"), Filters.gt("n", 3))).into(new ArrayList<>())
                .size()));
        seen.add(String.valueOf(c.findOneAndUpdate(Filters.and(Filters.eq("_id", "p-2"), Filters.eq("version", 2)),
                Updates.inc("n", 100))));
        seen.add(String.valueOf(c.findOneAndUpdate(Filters.and(Filters.eq("_id", "p-2"), Filters.eq("version", 2)),
                Updates.inc("n", 100))));

        seen.add(c.updateOne(Filters.and(Filters.eq("_id", "p-4"), Filters.eq("version", 1)),
                Updates.set("version", 9)).toString());
        seen.add(c.updateOne(Filters.and(Filters.eq("_id", "p-4"), Filters.eq("version", 1)),
                Updates.set("version", 10)).toString());
        seen.add(c.replaceOne(Filters.and(Filters.eq("_id", "p-8"), Filters.lt("version", 5)),
                new Document("version", 5).append("n", 80), new ReplaceOptions().upsert(true)).toString());
        seen.add(c.updateOne(Filters.and(Filters.eq("_id", "p-new"), Filters.lt("version", 5)),
                Updates.set("n", 1), new UpdateOptions().upsert(true)).getMatchedCount() + " matched");
        seen.add(c.updateOne(Filters.eq("_id", "p-11"), Updates.set("text", "ë".repeat(3_000))).toString());
        seen.add(c.updateOne(Filters.eq("_id", "p-11"), Updates.set("text", List.of("Gjakovë", "Ferizaj"))).toString());
        seen.add(c.deleteOne(Filters.and(Filters.eq("_id", "p-9"), Filters.eq("version", 1))).toString());
        seen.add(c.deleteOne(Filters.and(Filters.eq("_id", "p-10"), Filters.eq("version", 1))).toString());
        seen.add(c.find().sort(Sorts.ascending("_id")).into(new ArrayList<>()).toString());
        seen.add(find.apply(Filters.and(Filters.eq("_id", "p-8"), Filters.eq("version", 5))));
        seen.add(find.apply(Filters.and(Filters.eq("_id", "p-new"), Filters.eq("n", 1))));
        return seen;
    }
}
