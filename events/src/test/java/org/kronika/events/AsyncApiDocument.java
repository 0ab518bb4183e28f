package org.kronika.events;

import org.kronika.events.checkpoint.SignedCheckpoints;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * docs/partners/asyncapi.yaml, derived from the contract: the events' topic, every message type, headers and
 * payloads, and the signed checkpoints' topic.
 */
final class AsyncApiDocument {

    /** The JWS compact serialisation: three base64url parts (RFC 7515, section 7.1), ASCII. */
    static final String JWS_COMPACT = "^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$";

    private static final Path VERSIONING = Path.of("../docs/partners/versioning.md");

    private AsyncApiDocument() {
    }

    static Map<String, Object> build() {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("asyncapi", "3.0.0");
        doc.put("info", OrderedMaps.of("title", "Kronika project events", "version", contractVersion(),
                "description", "Everything grant-funded projects record, as immutable events, for partner systems. "
                        + "CloudEvents 1.0 in Kafka binary content mode: attributes are ce_* headers, the record value "
                        + "is the event's JSON data, the record key is the stream's subject: the project id, or programme:{id} "
                        + "for the programme's own events (its reporting periods). Delivery is at least once, in order "
                        + "per subject on one partition: ignore an event whose ce_sequence you applied already (a "
                        + "repeat) and hold one beyond the next until its predecessors come (as after a republish). "
                        + "Signed checkpoints of every stream's head, which prove the events were recorded by Kronika, "
                        + "are on a topic of their own, kronika.checkpoints. See docs/partners/README.md, "
                        + "docs/partners/versioning.md and docs/audit/checkpoints.md."));
        doc.put("defaultContentType", "application/json");
        doc.put("servers", OrderedMaps.of("local", OrderedMaps.of("host", "localhost:9092", "protocol", "kafka",
                "description", "The embedded broker of ./run-local; production brokers are given by the operator.")));

        Map<String, Object> messages = new LinkedHashMap<>();
        Map<String, Object> channelMessages = new LinkedHashMap<>();
        List<Object> operationMessages = new ArrayList<>();
        for (EventType type : EventTypes.all()) {
            String key = type.name() + "-v" + type.version();
            Map<String, Object> message = new LinkedHashMap<>();
            message.put("name", type.cloudEventType());
            message.put("title", type.cloudEventType());
            message.put("contentType", "application/json");
            message.put("headers", headers(type));
            message.put("payload", OrderedMaps.of("$ref", "../../events/src/main/resources/org/kronika/events/schemas/"
                    + type.name() + ".v" + type.version() + ".schema.json"));
            message.put("bindings", OrderedMaps.of("kafka", OrderedMaps.of("key", OrderedMaps.of("type", "string",
                    "description", "The subject: the project id, or programme:{id}"), "bindingVersion", "0.5.0")));
            messages.put(key, message);
            channelMessages.put(key, OrderedMaps.of("$ref", "#/components/messages/" + key));
            operationMessages.add(OrderedMaps.of("$ref", "#/channels/projectEvents/messages/" + key));
        }
        doc.put("channels", OrderedMaps.of("projectEvents", OrderedMaps.of("address", "kronika.project-events",
                "description", "One topic for every project of the programme and for the programme's own stream (its "
                        + "reporting calendar, subject programme:{id}); infinite retention, so a partner can "
                        + "always read it from the beginning. Its partition count is the operator's "
                        + "(kronika.topic.partitions, 6 by default) and never changes once events are on it.",
                "messages", channelMessages, "bindings", retainedForever()),
                "checkpoints", checkpointsChannel()));
        doc.put("operations", OrderedMaps.of("receiveProjectEvents", OrderedMaps.of("action", "receive",
                "channel", OrderedMaps.of("$ref", "#/channels/projectEvents"), "messages", operationMessages),
                "receiveCheckpoints", OrderedMaps.of("action", "receive",
                "channel", OrderedMaps.of("$ref", "#/channels/checkpoints"),
                "messages", List.of(OrderedMaps.of("$ref", "#/channels/checkpoints/messages/checkpoint")))));
        messages.put("checkpoint", checkpoint());
        doc.put("components", OrderedMaps.of("messages", messages));
        return doc;
    }

    /**
     * The command service's CheckpointPublisher and CheckpointsTopic: one partition, so that every reader sees the
     * checkpoints in the order they were signed, and the events' topic's retention (ProjectEventsTopic.configs).
     */
    private static Map<String, Object> checkpointsChannel() {
        return OrderedMaps.of("address", "kronika.checkpoints",
                "description", "One record per signed checkpoint, in the order they were signed, each published once "
                        + "every event it signs is on kronika.project-events: the last record is the latest "
                        + "checkpoint. Kept forever, as the history a checkpoint signs. Delivery is at least once: a "
                        + "repeat is the same JWS.",
                "messages", OrderedMaps.of("checkpoint", OrderedMaps.of("$ref", "#/components/messages/checkpoint")),
                "bindings", OrderedMaps.of("kafka", OrderedMaps.of("partitions", 1, "topicConfiguration",
                        retention(), "bindingVersion", "0.5.0")));
    }

    /** The project events' topic (ProjectEventsTopic.configs), whose partition count the operator sets. */
    private static Map<String, Object> retainedForever() {
        return OrderedMaps.of("kafka", OrderedMaps.of("topicConfiguration", retention(), "bindingVersion", "0.5.0"));
    }

    private static Map<String, Object> retention() {
        return OrderedMaps.of("cleanup.policy", List.of("delete"), "retention.ms", -1, "retention.bytes", -1);
    }

    /**
     * 1.n.0 after n additive evolutions of version 1, each a section of versioning.md: a partner reads from the file
     * which of them it describes, and the file cannot be left behind when an evolution is written up.
     */
    static String contractVersion() {
        try (Stream<String> lines = Files.lines(VERSIONING)) {
            return "1." + lines.filter(line -> line.matches("^## The \\w+ evolution: .*")).count() + ".0";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> checkpoint() {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("name", SignedCheckpoints.TYPE);
        message.put("title", "Signed checkpoint");
        message.put("contentType", SignedCheckpoints.MEDIA_TYPE);
        message.put("headers", OrderedMaps.of("type", "object", "properties", OrderedMaps.of("content-type",
                header("Always " + SignedCheckpoints.MEDIA_TYPE, OrderedMaps.of("const", SignedCheckpoints.MEDIA_TYPE))),
                "required", List.of("content-type")));
        message.put("payload", OrderedMaps.of("type", "string", "description", "The checkpoint as a JWS compact "
                + "serialisation, BASE64URL(header).BASE64URL(payload).BASE64URL(signature), signed with Ed25519. "
                + "Header: {\"alg\":\"EdDSA\",\"kid\":\"<key id>\",\"typ\":\"" + SignedCheckpoints.TYPE + "\"}. "
                + "Payload: the checkpoint's RFC 8785 canonical JSON, {heads, issuedAt, programme, reason, root, size}, "
                + "heads being [{hash, projectId, sequence}] sorted by projectId and root their RFC 6962 Merkle root. "
                + "Trust it only once the programme's key set (GET /api/checkpoints/keys) verifies it: "
                + "docs/audit/checkpoints.md.", "pattern", JWS_COMPACT));
        message.put("bindings", OrderedMaps.of("kafka", OrderedMaps.of("key", OrderedMaps.of("type", "string",
                "description", "The programme id"), "bindingVersion", "0.5.0")));
        return message;
    }

    private static Map<String, Object> headers(EventType type) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("ce_specversion", header("CloudEvents version", OrderedMaps.of("const", "1.0")));
        properties.put("ce_id", header("Unique id of the event", OrderedMaps.of()));
        properties.put("ce_type", header("The event type", OrderedMaps.of("const", type.cloudEventType())));
        properties.put("ce_source", header("/programmes/{programme}/projects/{projectId}, or /programmes/{programme} for the programme's "
                + "own events", OrderedMaps.of()));
        properties.put("ce_subject", header("The project id, or programme:{programme} for the programme's own events (equal to the "
                + "record key)", OrderedMaps.of()));
        properties.put("ce_time", header("When the event was recorded (RFC 3339); covered by the hash; never before the "
                + "ce_time of the event before it in its stream (events recorded since 2026-12-06)",
                OrderedMaps.of()));
        properties.put("ce_sequence", header("Position in the subject's history: 0, 1, 2, ... without gaps",
                OrderedMaps.of("pattern", "^[0-9]+$")));
        properties.put("ce_hash", header("This event's link in its subject's hash chain (docs/audit/hash-chain.md)",
                OrderedMaps.of("pattern", "^[0-9a-f]{64}$")));
        properties.put("ce_prevhash", header("The hash of the subject's previous event; 64 zeros for its first chained event (the first "
                + "event, or the first after events recorded before the hash chain existed)",
                OrderedMaps.of("pattern", "^[0-9a-f]{64}$")));
        properties.put("ce_actorsubject", header("Who caused the event: the token subject, or kronika:programme-file for the programme's "
                + "quarters read from its file", OrderedMaps.of()));
        properties.put("ce_actorrole", header("The role it acted in", OrderedMaps.of()));
        properties.put("ce_actororganisation", header("The organisation a recorder acted for", OrderedMaps.of()));
        properties.put("ce_correlationid", header("The correlation id of the request that caused it", OrderedMaps.of()));
        properties.put("content-type", header("Always application/json", OrderedMaps.of("const", "application/json")));
        return OrderedMaps.of("type", "object", "properties", properties, "required", List.of("ce_specversion", "ce_id",
                "ce_type", "ce_source", "ce_subject", "ce_time", "ce_sequence", "content-type"));
    }

    private static Map<String, Object> header(String description, Map<String, Object> constraints) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("type", "string");
        header.put("description", description);
        header.putAll(constraints);
        return header;
    }
}
