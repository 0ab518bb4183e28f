package org.kronika.events.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tamper-evident chain of a project's events, as docs/audit/hash-chain.md specifies it:
 * {@code hash = hex(SHA-256(UTF-8(JCS(link))))} where {@code link} holds the event's type, project id, sequence,
 * occurredAt, recordedAt, actor, payload and the previous event's hash. Changing, removing, reordering or
 * inserting any event changes every hash after it.
 */
public final class EventChain {

    /** The prevHash of a project's first event. */
    public static final String GENESIS = "0".repeat(64);

    private EventChain() {
    }

    /**
     * @param type       the CloudEvents type, e.g. {@code org.kronika.training-delivered.v1}
     * @param sequence   the event's position in its project, from 0
     * @param occurredAt when it happened ({@code YYYY-MM-DD}), or {@code null} where the event has no such date
     * @param recordedAt when it was recorded, exactly as published in {@code ce_time}
     * @param actor      {@code subject}, {@code role}, {@code organisation} as far as known (absent keys omitted)
     * @param payload    the event's data as plain JSON values
     */
    public static String hash(String type, String projectId, long sequence, String occurredAt, String recordedAt,
                              Map<String, ?> actor, Map<String, ?> payload, String prevHash) {
        Map<String, Object> link = new LinkedHashMap<>();
        link.put("type", type);
        link.put("projectId", projectId);
        link.put("sequence", sequence);
        link.put("occurredAt", occurredAt);
        link.put("recordedAt", recordedAt);
        link.put("actor", actor);
        link.put("payload", payload);
        link.put("prevHash", prevHash);
        return sha256(CanonicalJson.write(link));
    }

    /** The link's {@code actor}: subject, role and organisation, each only where known (no member, not null). */
    public static Map<String, Object> actor(Object subject, Object role, Object organisation) {
        Map<String, Object> actor = new LinkedHashMap<>();
        if (subject != null) {
            actor.put("subject", subject);
        }
        if (role != null) {
            actor.put("role", role);
        }
        if (organisation != null) {
            actor.put("organisation", organisation);
        }
        return actor;
    }

    /** The date an event says something happened on: {@code occurredOn} or {@code measuredOn}, else none. */
    public static String occurredAt(Map<String, ?> payload) {
        Object date = payload.get("occurredOn") != null ? payload.get("occurredOn") : payload.get("measuredOn");
        return date == null ? null : date.toString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
