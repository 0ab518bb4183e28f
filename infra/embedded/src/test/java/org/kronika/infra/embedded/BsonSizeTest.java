package org.kronika.infra.embedded;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A document's size counted without encoding it is the size the library's encoder writes, byte for byte. */
class BsonSizeTest {

    @Test
    void everyKindOfValueTheStandInHoldsWeighsWhatTheEncoderWrites() {
        Document document = new Document("_id", "project-1")
                .append("int", 7).append("long", 7_000_000_000L).append("double", 0.25)
                .append("decimal", new Decimal128(new BigDecimal("12.50")))
                .append("true", true).append("nothing", null)
                .append("when", Instant.parse("2024-03-12T10:15:30Z"))
                .append("objectId", new ObjectId()).append("binary", new BinData(new byte[] {1, 2, 3}))
                .append("uuid", UUID.randomUUID()).append("timestamp", new BsonTimestamp(42L))
                .append("min", MinKey.getInstance()).append("max", MaxKey.getInstance())
                .append("albanian", "Komuna e Gjakovës, Ferizaj, Shtërpcë")
                .append("cyrillic and emoji", "Приштина \uD83C\uDF31").append("lone surrogate", "a\uD800b\uDC00")
                .append("set", new LinkedHashSet<>(List.of("x", "y")))
                .append("empty", new Document()).append("none", List.of());
        assertThat(BsonSize.of(document)).isEqualTo(encodedLength(document));
    }

    /** Arrays past ten and a hundred elements have keys of two and three digits. */
    @Test
    void nestedDocumentsAndLongArraysWeighWhatTheEncoderWrites() {
        Random random = new Random(7);
        List<Object> activities = new ArrayList<>();
        for (int i = 0; i < 1_234; i++) {
            activities.add(new Document("activityId", "a-" + i).append("participants", random.nextInt(500))
                    .append("indicatorIds", Arrays.asList("i-" + random.nextInt(9), "i-" + random.nextInt(99)))
                    .append("by", new Document("female", random.nextInt(40)).append("male", random.nextLong())));
        }
        Document summary = new Document("_id", "p").append("activities", activities)
                .append("nested", new Document("deeper", new Document("deepest", List.of(List.of(1, 2), List.of()))));
        assertThat(BsonSize.of(summary)).isEqualTo(encodedLength(summary));
    }

    @Test
    void aStringIsCountedAsUtf8EncodesIt() {
        for (String text : List.of("", "abc", "ë", "€", "\uD83C\uDF31", "\uD800", "\uDC00x", "x\uD83C")) {
            assertThat(BsonSize.utf8(text)).as(text).isEqualTo(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        }
    }

    private static long encodedLength(Document document) {
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(document, buffer);
            return buffer.writerIndex();
        } finally {
            buffer.release();
        }
    }
}
