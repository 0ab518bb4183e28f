package org.kronika.infra.embedded;

import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.util.Collection;
import java.util.Map;

/**
 * The size a document takes in BSON, as the library's encoder writes it, counted without writing it. Cutting a reply
 * into 16 MiB batches ({@link ReplyBatches}) encoded every document it answered once more only to weigh it: 15 % of
 * the stand-in's CPU in a rebuild's profile, most of it the encoder hashing the keys it makes up for each array
 * element ({@code "0"}, {@code "1"}, ...) and looking every value up by its key. Documents, arrays and strings, nearly
 * all of what the read models hold, are counted here from their entries; any other value is encoded alone, so its
 * size is the encoder's by construction.
 */
final class BsonSize {

    private BsonSize() {
    }

    /** The bytes {@code BsonEncoder.encodeDocument} writes for {@code document}. */
    static long of(Map<String, ?> document) {
        Scratch scratch = new Scratch();
        try {
            return document(document, scratch);
        } finally {
            scratch.release();
        }
    }

    private static long document(Map<?, ?> document, Scratch scratch) {
        long size = 4 + 1; // its length, and the terminating zero
        for (Map.Entry<?, ?> entry : document.entrySet()) {
            size += element(utf8((String) entry.getKey()), entry.getValue(), scratch);
        }
        return size;
    }

    private static long array(Collection<?> values, Scratch scratch) {
        long size = 4 + 1;
        int index = 0;
        for (Object value : values) {
            size += element(digits(index++), value, scratch);
        }
        return size;
    }

    /** A type byte, a key as a zero-terminated string, the value. */
    private static long element(long keyBytes, Object value, Scratch scratch) {
        return 1 + keyBytes + 1 + value(value, scratch);
    }

    private static long value(Object value, Scratch scratch) {
        // In the order of BsonEncoder.determineType, so that a value is counted as the type it is encoded as.
        if (value instanceof Map<?, ?> document) {
            return document(document, scratch);
        }
        if (value instanceof String text) {
            return 4 + utf8(text) + 1;
        }
        if (value instanceof Collection<?> values) {
            return array(values, scratch);
        }
        return scratch.encodedLength(value);
    }

    /** The length of {@code text} in UTF-8 as {@code String.getBytes(UTF_8)} encodes it, a lone surrogate as '?'. */
    static long utf8(String text) {
        long bytes = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static int digits(int index) {
        int digits = 1;
        for (int rest = index; rest >= 10; rest /= 10) {
            digits++;
        }
        return digits;
    }

    /** A buffer to encode single values into, made only when a value needs it. */
    private static final class Scratch {
        private ByteBuf buffer;

        long encodedLength(Object value) {
            if (buffer == null) {
                buffer = Unpooled.buffer(32);
            }
            buffer.clear();
            BsonEncoder.encodeValue(BsonEncoder.determineType(value), value, buffer);
            return buffer.writerIndex();
        }

        void release() {
            if (buffer != null) {
                buffer.release();
            }
        }
    }
}
