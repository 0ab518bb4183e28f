package org.kronika.query.stream;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.kronika.events.CloudEventHeaders;
import org.kronika.events.EventType;
import org.kronika.events.EventTypes;
import org.kronika.events.KronikaEvent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/** Reads a Kafka record of the public contract (CloudEvents binary mode), exactly as a partner would. */
public class CloudEventDecoder {

    private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> JSON_OBJECT =
            new com.fasterxml.jackson.core.type.TypeReference<>() {
            };

    private final ObjectMapper json = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            // Additive changes within a version must not break this reader.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            // A member named twice gives the data two readings: this reader would apply the last copy while another
            // hashes the first, and the verifier calls such a copy changed. The command side never writes one.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    public ReceivedEvent decode(ConsumerRecord<String, byte[]> record) throws MalformedRecord {
        String type = required(record, CloudEventHeaders.TYPE);
        String subject = required(record, CloudEventHeaders.SUBJECT);
        // Kronika keys every record by its subject, and partners file events by it: a record keyed otherwise, or not
        // at all, was not published by Kronika, and the verifier calls it a break of the stream.
        if (record.key() == null) {
            throw new MalformedRecord("record has no key; its ce_subject is " + subject);
        }
        if (!record.key().equals(subject)) {
            throw new MalformedRecord("record key " + record.key() + " differs from ce_subject " + subject);
        }
        long sequence = parseSequence(required(record, CloudEventHeaders.SEQUENCE));
        String time = required(record, CloudEventHeaders.TIME);
        Instant recordedAt = parseTime(time);
        String id = required(record, CloudEventHeaders.ID);
        if (record.value() == null) {
            throw new MalformedRecord("no data");
        }
        Map<String, Object> data;
        try {
            data = json.readValue(record.value(), JSON_OBJECT);
        } catch (IOException | RuntimeException e) {
            throw new MalformedRecord("data is not a JSON object: " + e.getMessage());
        }
        if (data == null) {
            throw new MalformedRecord("data is not a JSON object: null");
        }
        KronikaEvent event = null;
        var known = EventTypes.forCloudEventType(type);
        if (known.isPresent()) {
            event = read(known.get(), record.value());
            if (!subject.equals(event.subject())) {
                throw new MalformedRecord("data names another stream than ce_subject " + subject);
            }
        }
        var actor = new ReceivedEvent.Actor(optional(record, CloudEventHeaders.ACTOR_SUBJECT).orElse(null),
                optional(record, CloudEventHeaders.ACTOR_ROLE).orElse(null),
                optional(record, CloudEventHeaders.ACTOR_ORGANISATION).orElse(null),
                optional(record, CloudEventHeaders.CORRELATION_ID).orElse(null));
        return new ReceivedEvent(subject, sequence, id, type, recordedAt, time, data, event, actor,
                optional(record, CloudEventHeaders.HASH).orElse(null),
                optional(record, CloudEventHeaders.PREV_HASH).orElse(null),
                new ReceivedEvent.Position(record.topic(), record.partition(), record.offset()));
    }

    /**
     * An event kept aside (held while it waited for the one before it), read back into its type; {@code null} for
     * a type this reader does not know.
     */
    public KronikaEvent read(String cloudEventType, Map<String, Object> data) {
        return EventTypes.forCloudEventType(cloudEventType)
                .<KronikaEvent>map(type -> json.convertValue(data, type.javaType())).orElse(null);
    }

    private KronikaEvent read(EventType type, byte[] value) throws MalformedRecord {
        try {
            return json.readValue(value, type.javaType());
        } catch (IOException e) {
            throw new MalformedRecord("data does not match " + type.cloudEventType() + ": " + e.getMessage());
        }
    }

    /**
     * A header sent without a value (Kafka allows it) is missing: read as text, it failed the projection at this
     * record again after every restart, and every project stopped behind it.
     */
    static java.util.Optional<String> optional(ConsumerRecord<?, ?> record, String header) {
        var value = record.headers().lastHeader(header);
        return value == null || value.value() == null ? java.util.Optional.empty()
                : java.util.Optional.of(new String(value.value(), StandardCharsets.UTF_8));
    }

    private static String required(ConsumerRecord<?, ?> record, String header) throws MalformedRecord {
        return optional(record, header).orElseThrow(() -> new MalformedRecord("missing header " + header));
    }

    private static long parseSequence(String value) throws MalformedRecord {
        try {
            long sequence = Long.parseLong(value);
            if (sequence < 0) {
                throw new MalformedRecord("negative " + CloudEventHeaders.SEQUENCE);
            }
            return sequence;
        } catch (NumberFormatException e) {
            throw new MalformedRecord("invalid " + CloudEventHeaders.SEQUENCE + ": " + value);
        }
    }

    private static Instant parseTime(String value) throws MalformedRecord {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new MalformedRecord("invalid " + CloudEventHeaders.TIME + ": " + value);
        }
    }

    /** A record that does not follow the contract. It is set aside, never guessed at. */
    public static class MalformedRecord extends Exception {
        public MalformedRecord(String message) {
            super(message);
        }
    }
}
