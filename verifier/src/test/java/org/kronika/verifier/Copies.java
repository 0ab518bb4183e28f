package org.kronika.verifier;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.kronika.events.CloudEventHeaders;
import org.kronika.events.chain.EventChain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Copies of a project's history, intact or as a forger would make them, in the export's line format (one map per
 * event: type, projectId, sequence, recordedAt, actor, payload, prevHash, hash) and as records on a topic. Shared
 * by the verifier's own tests and the end-to-end tests (this module's test jar), which tamper with real exports.
 */
public final class Copies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Copies() {
    }

    /** A project's events as the command side chains them. */
    public static List<Map<String, Object>> chain(String projectId, int count) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int sequence = 0; sequence < count; sequence++) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("projectId", projectId);
            payload.put("activityId", "t-" + sequence);
            payload.put("title", "Training");
            payload.put("occurredOn", "2024-03-1" + sequence);
            payload.put("participants", Map.of("total", 10 + sequence, "bySex", Map.of("female", 5, "male", 5)));
            append(events, projectId, "training-delivered", payload);
        }
        return events;
    }

    /** Who records, as the command side names a token's caller in each event: a recorder of kec. */
    public static final Map<String, Object> RECORDER = Map.of("subject", "recorder-kec", "role", "recorder",
            "organisation", "kec");
    /** The reviewing officer, who approves reports and closes projects out. */
    public static final Map<String, Object> OFFICER = Map.of("subject", "officer-director", "role", "officer");
    /**
     * The programme's administrator, who registers projects, keeps their logframes, defines the reporting periods and
     * reopens what was approved or closed.
     */
    public static final Map<String, Object> ADMIN = Map.of("subject", "admin-programme", "role", "admin");

    private static final java.time.LocalDateTime FIRST = java.time.LocalDateTime.of(2026, 11, 27, 10, 0, 0, 500_000_000);
    private static final java.time.format.DateTimeFormatter MINUTE =
            java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.S'Z'");

    /**
     * Adds the next event of the project's chain, recorded at 10:mm:00.5 on 2026-11-27, mm its sequence (a minute
     * apart from then on, never going back, as Kronika records them), by the role
     * the command side takes it from ({@link EventRoles}: {@link #RECORDER}, {@link #OFFICER} or {@link #ADMIN}; a
     * flag of a change by its change's): {@code type} is its public name, e.g. {@code period-approved}.
     */
    public static Map<String, Object> append(List<Map<String, Object>> events, String projectId, String type,
                                             Map<String, Object> payload) {
        return append(events, projectId, type, payload, recorderOf(events, type));
    }

    /** Who records the next event of {@code type} as the command side lets them; a recorder for an unknown type. */
    private static Map<String, Object> recorderOf(List<Map<String, Object>> events, String type) {
        String before = events.isEmpty() ? null
                : PeriodFold.typeName((String) events.get(events.size() - 1).get("type"));
        return switch (EventRoles.roleOf(type, before).orElse(EventRoles.RECORDER)) {
            case EventRoles.OFFICER -> OFFICER;
            case EventRoles.ADMIN -> ADMIN;
            default -> RECORDER;
        };
    }

    /** Adds the next event of the project's chain, recorded by {@code actor}. */
    public static Map<String, Object> append(List<Map<String, Object>> events, String projectId, String type,
                                             Map<String, Object> payload, Map<String, Object> actor) {
        return append(events, projectId, type, payload, actor, FIRST.plusMinutes(events.size()).format(MINUTE));
    }

    /** Adds the next event of the project's chain, recorded by {@code actor} at {@code time}. */
    public static Map<String, Object> append(List<Map<String, Object>> events, String projectId, String type,
                                             Map<String, Object> payload, Map<String, Object> actor, String time) {
        int sequence = events.size();
        String previous = events.isEmpty() ? EventChain.GENESIS : (String) events.get(sequence - 1).get("hash");
        String cloudEventType = "org.kronika." + type + ".v1";
        String hash = EventChain.hash(cloudEventType, projectId, sequence, EventChain.occurredAt(payload), time, actor,
                payload, previous);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", cloudEventType);
        event.put("projectId", projectId);
        event.put("sequence", sequence);
        event.put("eventId", projectId + "-" + sequence);
        event.put("recordedAt", time);
        event.put("actor", actor);
        event.put("payload", payload);
        event.put("prevHash", previous);
        event.put("hash", hash);
        events.add(event);
        return event;
    }

    /** A deep copy, to change without touching the original. */
    public static List<Map<String, Object>> copy(List<Map<String, Object>> events) {
        return parse(lines(events));
    }

    /**
     * The events with the title of event {@code from} changed and every hash from there on recomputed: a copy that
     * verifies on its own, as only a checkpoint can show it is not the history that was signed.
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> rechained(List<Map<String, Object>> events, int from, String title) {
        List<Map<String, Object>> copy = copy(events);
        ((Map<String, Object>) copy.get(from).get("payload")).put("title", title);
        String previous = (String) copy.get(from).get("prevHash");
        for (int i = from; i < copy.size(); i++) {
            Map<String, Object> event = copy.get(i);
            event.put("prevHash", previous);
            previous = EventChain.hash((String) event.get("type"), (String) event.get("projectId"), i,
                    EventChain.occurredAt((Map<String, Object>) event.get("payload")), (String) event.get("recordedAt"),
                    (Map<String, Object>) event.get("actor"), (Map<String, Object>) event.get("payload"), previous);
            event.put("hash", previous);
        }
        return copy;
    }

    /** The events as an export file's JSON Lines. */
    public static String lines(List<Map<String, Object>> events) {
        StringBuilder lines = new StringBuilder();
        try {
            for (Map<String, Object> event : events) {
                lines.append(JSON.writeValueAsString(event)).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines.toString();
    }

    /** An export file's JSON Lines as events. */
    public static List<Map<String, Object>> parse(String jsonLines) {
        List<Map<String, Object>> events = new ArrayList<>();
        try {
            for (String line : jsonLines.split("\n")) {
                if (!line.isBlank()) {
                    events.add(JSON.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {
                    }));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    public static void createTopic(String bootstrapServers, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
    }

    /** The events as the command side publishes them: CloudEvents in binary mode, keyed by project. */
    public static void publish(String bootstrapServers, String topic, List<Map<String, Object>> events)
            throws Exception {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        for (Map<String, Object> event : events) {
            records.add(record(topic, event));
        }
        send(bootstrapServers, records);
    }

    /** One event as the command side publishes it, to send as it is or as a forger would change it. */
    @SuppressWarnings("unchecked")
    public static ProducerRecord<String, byte[]> record(String topic, Map<String, Object> event) throws IOException {
        var record = new ProducerRecord<String, byte[]>(topic, (String) event.get("projectId"),
                JSON.writeValueAsBytes(event.get("payload")));
        Map<String, Object> actor = (Map<String, Object>) event.get("actor");
        header(record, CloudEventHeaders.TYPE, event.get("type"));
        header(record, CloudEventHeaders.SUBJECT, event.get("projectId"));
        header(record, CloudEventHeaders.SEQUENCE, event.get("sequence"));
        header(record, CloudEventHeaders.TIME, event.get("recordedAt"));
        header(record, CloudEventHeaders.ACTOR_SUBJECT, actor.get("subject"));
        header(record, CloudEventHeaders.ACTOR_ROLE, actor.get("role"));
        header(record, CloudEventHeaders.ACTOR_ORGANISATION, actor.get("organisation"));
        header(record, CloudEventHeaders.PREV_HASH, event.get("prevHash"));
        header(record, CloudEventHeaders.HASH, event.get("hash"));
        return record;
    }

    public static void send(String bootstrapServers, List<ProducerRecord<String, byte[]>> records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers), new StringSerializer(), new ByteArraySerializer())) {
            for (ProducerRecord<String, byte[]> record : records) {
                producer.send(record).get();
            }
        }
    }

    /** A header only where the event has the value: an actor without organisation has no such header. */
    private static void header(ProducerRecord<String, byte[]> record, String name, Object value) {
        if (value != null) {
            record.headers().add(name, String.valueOf(value).getBytes(StandardCharsets.UTF_8));
        }
    }
}
