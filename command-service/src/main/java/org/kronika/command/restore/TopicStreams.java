package org.kronika.command.restore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.kronika.command.project.ActorMetaData;
import org.kronika.events.CloudEventHeaders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The topic's events by stream and sequence, read record by record as the contract's other readers read them (the
 * query service's decoder, the verifier): a header without a value is missing, and data naming a member twice, or
 * followed by anything, is no one reading of the event.
 *
 * <p>A record that is not an event as Kronika publishes it, or a second record of an event that differs from the
 * first in anything, sets its stream aside: that stream cannot be restored faithfully, every other one still can.
 * A record that names no stream may be any stream's event, so it is listed on its own and leaves the restore
 * incomplete.
 */
final class TopicStreams {

    static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final Map<String, TreeMap<Long, Published>> streams = new TreeMap<>();
    private final Map<String, List<String>> setAside = new TreeMap<>();
    private final List<String> unplaced = new ArrayList<>();

    void add(ConsumerRecord<String, byte[]> record) {
        Published event;
        try {
            event = published(record);
        } catch (Unreadable e) {
            String why = "the record at partition " + record.partition() + ", offset " + record.offset() + " "
                    + e.getMessage();
            if (e.streams.isEmpty()) {
                unplaced.add(why);
            }
            e.streams.forEach(stream -> setAside(stream, why));
            return;
        }
        Published first = stream(event.key()).putIfAbsent(event.sequence(), event);
        if (first != null) {
            List<String> differences = first.differences(event);
            if (!differences.isEmpty()) {
                setAside(event.key(), "the topic holds two different events " + event.sequence() + " (the records at "
                        + first.where() + " and " + event.where() + " differ in " + String.join(", ", differences)
                        + "), one of them forged or altered: check the stream with the verifier against the latest "
                        + "checkpoint");
            }
        }
    }

    /** Every stream a record names, set aside or not, with its events by sequence. */
    Map<String, TreeMap<Long, Published>> streams() {
        return streams;
    }

    /** Why the stream cannot be restored: the first record that set it aside, and how many more did. */
    Optional<String> setAside(String stream) {
        List<String> why = setAside.get(stream);
        return why == null ? Optional.empty() : Optional.of(why.get(0)
                + (why.size() > 1 ? " (and " + (why.size() - 1) + " more records set aside)" : ""));
    }

    /** The records that name no stream, each with where it is and why. */
    List<String> unplaced() {
        return unplaced;
    }

    private TreeMap<Long, Published> stream(String key) {
        return streams.computeIfAbsent(key, k -> new TreeMap<>());
    }

    private void setAside(String stream, String why) {
        stream(stream);
        setAside.computeIfAbsent(stream, k -> new ArrayList<>()).add(why);
    }

    /**
     * A record as the event it publishes. Kronika keys each record by its event's subject and sends every header
     * below, so a record without them, or whose sequence or data cannot be read, is none of Kronika's events:
     * {@link Unreadable}, naming the streams it claims to be of (none when it names none).
     */
    private static Published published(ConsumerRecord<String, byte[]> record) throws Unreadable {
        String key = named(record.key());
        String subject = named(header(record, CloudEventHeaders.SUBJECT));
        if (key == null) {
            throw new Unreadable(subject == null ? List.of() : List.of(subject), "has no key"
                    + (subject == null ? " and no " + CloudEventHeaders.SUBJECT + " header" : ""));
        }
        if (subject == null) {
            throw new Unreadable(List.of(key), "has no " + CloudEventHeaders.SUBJECT + " header");
        }
        if (!key.equals(subject)) {
            // Restored under either stream it would be the other's to a reader that goes by the other name.
            throw new Unreadable(List.of(key, subject), "is keyed " + key + " but its " + CloudEventHeaders.SUBJECT
                    + " is " + subject);
        }
        List<String> stream = List.of(key);
        // The publisher sends no header without a value: restored, one that had a value (a correlation id, an
        // actor) would be lost, and the event republished from the store would differ from this record.
        for (var header : record.headers()) {
            if (header.key().startsWith("ce_") && header.value() == null) {
                throw new Unreadable(stream, "has a " + header.key() + " header with no value");
            }
        }
        String sequence = required(record, CloudEventHeaders.SEQUENCE, stream);
        long at;
        try {
            at = Long.parseLong(sequence);
        } catch (NumberFormatException e) {
            at = -1;
        }
        if (at < 0) {
            throw new Unreadable(stream, "has " + CloudEventHeaders.SEQUENCE + " \"" + sequence
                    + "\", not a whole number");
        }
        String id = required(record, CloudEventHeaders.ID, stream);
        String type = required(record, CloudEventHeaders.TYPE, stream);
        String time = required(record, CloudEventHeaders.TIME, stream);
        try {
            Instant.parse(time);
        } catch (DateTimeParseException e) {
            throw new Unreadable(stream, "has " + CloudEventHeaders.TIME + " \"" + time + "\", not a time");
        }
        if (record.value() == null) {
            throw new Unreadable(stream, "has no value, not the event's data");
        }
        try {
            if (StoreFromTopic.JSON.readValue(record.value(), OBJECT) == null) {
                throw new Unreadable(stream, "holds null, not the event's data");
            }
        } catch (JsonProcessingException e) {
            throw new Unreadable(stream, "holds no one JSON object (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> actor = new LinkedHashMap<>();
        putIfPresent(actor, ActorMetaData.SUBJECT, header(record, CloudEventHeaders.ACTOR_SUBJECT));
        putIfPresent(actor, ActorMetaData.ROLE, header(record, CloudEventHeaders.ACTOR_ROLE));
        putIfPresent(actor, ActorMetaData.ORGANISATION, header(record, CloudEventHeaders.ACTOR_ORGANISATION));
        putIfPresent(actor, ActorMetaData.CORRELATION_ID, header(record, CloudEventHeaders.CORRELATION_ID));
        return new Published(key, at, id, type, time, header(record, CloudEventHeaders.HASH),
                header(record, CloudEventHeaders.PREV_HASH), actor, record.value(), record.timestamp(),
                record.partition(), record.offset(), List.of(record.headers().toArray()));
    }

    /** A stream id, or null for none: an empty one names no stream either. */
    private static String named(String id) {
        return id == null || id.isBlank() ? null : id;
    }

    private static String required(ConsumerRecord<String, byte[]> record, String name, List<String> stream)
            throws Unreadable {
        String value = header(record, name);
        if (value == null) {
            throw new Unreadable(stream, "has no " + name + " header");
        }
        return value;
    }

    /** Kafka lets a header carry no value: one of the contract's without a value has set its stream aside already. */
    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void putIfPresent(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** A record that is no event as Kronika publishes it, and the streams it claims to be of. */
    private static final class Unreadable extends Exception {
        private final List<String> streams;

        Unreadable(List<String> streams, String why) {
            super(why, null, false, false);
            this.streams = streams;
        }
    }
}
