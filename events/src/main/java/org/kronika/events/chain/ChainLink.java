package org.kronika.events.chain;

import java.util.Map;

/**
 * One event as a verifier sees it, from whatever copy it was read (read model, export file, Kafka record).
 *
 * @param recordedAt the recording time exactly as published ({@code ce_time})
 * @param actor      subject, role, organisation as far as published
 * @param payload    the event's data
 */
public record ChainLink(String type, String projectId, long sequence, String recordedAt, Map<String, ?> actor,
                        Map<String, ?> payload, String prevHash, String hash) {

    /** The hash this link should carry, recomputed from its content and the hash before it. */
    public String recompute(String previous) {
        return EventChain.hash(type, projectId, sequence, EventChain.occurredAt(payload), recordedAt,
                actor == null ? Map.of() : actor, payload, previous);
    }
}
