package org.kronika.query.readmodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kronika.query.TestInfrastructure;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changes between two read models, applied by the store to the document of the first, give the document of the
 * second, in every shape a change can take: a map's key added, changed or gone, keys that cannot be part of a path,
 * a value appearing or disappearing, a list changing length, a part changing its kind, a record Jackson writes
 * otherwise than as its components.
 */
class DocumentMapperTest {

    public record Leaf(long count, BigDecimal sum, Instant at) {
    }

    public sealed interface Shape permits Circle, Square {
    }

    public record Circle(long radius, Map<String, Leaf> parts) implements Shape {
    }

    public record Square(long side) implements Shape {
    }

    public record Renamed(@JsonProperty("other") long value, Map<String, Leaf> parts) {
    }

    public record Tree(String name, Map<String, Leaf> byKey, List<Leaf> leaves, Leaf single, Shape shape,
                       Map<String, Renamed> renamed) {
    }

    private static final Leaf ONE = new Leaf(1, new BigDecimal("1.50"), Instant.parse("2024-03-12T10:00:00Z"));
    private static final Leaf TWO = new Leaf(2, new BigDecimal("3.00"), Instant.parse("2024-03-13T10:00:00Z"));
    private static final Tree BEFORE = new Tree("tree", Map.of("a", ONE, "b", TWO), List.of(ONE), null,
            new Circle(3, Map.of("x", ONE)), Map.of("r", new Renamed(1, Map.of("p", ONE))));

    private MongoCollection<Document> collection;

    @BeforeEach
    void freshCollection() {
        collection = MongoClients.create(TestInfrastructure.mongo().connectionString("x"))
                .getDatabase("mapper-" + UUID.randomUUID()).getCollection("trees");
    }

    @Test
    void aMapKeyAddedChangedOrGoneIsSetOrUnsetAlone() {
        Tree after = new Tree("tree", Map.of("a", TWO, "c", ONE), BEFORE.leaves(), null, BEFORE.shape(),
                BEFORE.renamed());

        List<Bson> changes = storesWhatAWholeWriteWould(after);

        assertThat(paths(changes)).containsExactlyInAnyOrder("t.byKey.a", "t.byKey.b", "t.byKey.c");
    }

    @Test
    void aMapWithAKeyThatCannotBePartOfAPathIsSetWhole() {
        Tree numbered = new Tree("tree", Map.of("a", ONE, "12", TWO), BEFORE.leaves(), null, BEFORE.shape(),
                BEFORE.renamed());
        assertThat(paths(storesWhatAWholeWriteWould(numbered))).containsExactly("t.byKey");
        // Keys a store may refuse to hold at all: what matters here is that none becomes part of a path.
        for (String key : List.of("a.b", "$x", "")) {
            Tree after = new Tree("tree", Map.of("a", ONE, key, TWO), BEFORE.leaves(), null, BEFORE.shape(),
                    BEFORE.renamed());

            assertThat(paths(DocumentMapper.changes("t", BEFORE, after))).as(key).containsExactly("t.byKey");
        }
    }

    @Test
    void aValueThatAppearsOrDisappearsIsSetWhole() {
        Tree appeared = new Tree("tree", BEFORE.byKey(), BEFORE.leaves(), TWO, BEFORE.shape(), BEFORE.renamed());
        assertThat(paths(storesWhatAWholeWriteWould(appeared))).containsExactly("t.single");

        Tree gone = new Tree("tree", BEFORE.byKey(), BEFORE.leaves(), null, null, BEFORE.renamed());
        assertThat(paths(storesWhatAWholeWriteWould(gone))).containsExactly("t.shape");
    }

    @Test
    void aListOfTheSameLengthChangesByElementAndOneThatGrowsIsSetWhole() {
        Tree changed = new Tree("tree", BEFORE.byKey(), List.of(TWO), null, BEFORE.shape(), BEFORE.renamed());
        assertThat(paths(storesWhatAWholeWriteWould(changed))).containsExactly("t.leaves.0");

        Tree grown = new Tree("tree", BEFORE.byKey(), List.of(ONE, TWO), null, BEFORE.shape(), BEFORE.renamed());
        assertThat(paths(storesWhatAWholeWriteWould(grown))).containsExactly("t.leaves");
    }

    /** One inserted at the top of a list of small values shifts every other: one path, not one per element. */
    @Test
    void aListOfSmallValuesChangedInSeveralPlacesIsSetWhole() {
        Leaf three = new Leaf(3, BigDecimal.ONE, Instant.parse("2024-03-14T10:00:00Z"));
        Tree before = new Tree("tree", BEFORE.byKey(), List.of(ONE, TWO), null, BEFORE.shape(), BEFORE.renamed());
        Tree shifted = new Tree("tree", BEFORE.byKey(), List.of(three, ONE), null, BEFORE.shape(), BEFORE.renamed());
        assertThat(paths(storesWhatAWholeWriteWould(before, shifted))).containsExactly("t.leaves");

        Tree one = new Tree("tree", BEFORE.byKey(), List.of(ONE, three), null, BEFORE.shape(), BEFORE.renamed());
        assertThat(paths(storesWhatAWholeWriteWould(before, one))).containsExactly("t.leaves.1");
    }

    @Test
    void aPartThatChangesItsKindIsSetWholeAndOneThatKeepsItIsFollowed() {
        Tree square = new Tree("tree", BEFORE.byKey(), BEFORE.leaves(), null, new Square(4), BEFORE.renamed());
        assertThat(paths(storesWhatAWholeWriteWould(square))).containsExactly("t.shape");

        Tree bigger = new Tree("tree", BEFORE.byKey(), BEFORE.leaves(), null, new Circle(3, Map.of("x", TWO)),
                BEFORE.renamed());
        assertThat(paths(storesWhatAWholeWriteWould(bigger))).containsExactly("t.shape.parts.x");
    }

    @Test
    void aRecordJacksonWritesOtherwiseThanAsItsComponentsIsSetWhole() {
        Tree after = new Tree("tree", BEFORE.byKey(), BEFORE.leaves(), null, BEFORE.shape(),
                Map.of("r", new Renamed(2, Map.of("p", ONE))));

        assertThat(paths(storesWhatAWholeWriteWould(after))).containsExactly("t.renamed.r");
    }

    @Test
    void equalReadModelsNeedNoChange() {
        Tree copy = new Tree("tree", Map.of("a", ONE, "b", TWO), List.of(ONE), null, new Circle(3, Map.of("x", ONE)),
                Map.of("r", new Renamed(1, Map.of("p", ONE))));

        assertThat(DocumentMapper.changes("t", BEFORE, copy)).isEmpty();
    }

    /** Stores {@link #BEFORE} whole, applies the changes to {@code after}, and compares with a whole write of it. */
    private List<Bson> storesWhatAWholeWriteWould(Tree after) {
        return storesWhatAWholeWriteWould(BEFORE, after);
    }

    private List<Bson> storesWhatAWholeWriteWould(Tree before, Tree after) {
        String id = UUID.randomUUID().toString();
        collection.insertOne(new Document("_id", id).append("t", DocumentMapper.toDocument(before)));
        List<Bson> changes = DocumentMapper.changes("t", before, after);
        assertThat(changes).as("changes").isNotEmpty();

        collection.updateOne(Filters.eq("_id", id), Updates.combine(changes));

        Document stored = collection.find(Filters.eq("_id", id)).first().get("t", Document.class);
        assertThat(DocumentMapper.plain(stored)).isEqualTo(DocumentMapper.plain(DocumentMapper.toDocument(after)));
        return changes;
    }

    /** The fields the changes set or unset. */
    private static List<String> paths(List<Bson> changes) {
        return changes.stream().flatMap(change -> change.toBsonDocument().values().stream()
                .flatMap(fields -> fields.asDocument().keySet().stream())).toList();
    }
}
