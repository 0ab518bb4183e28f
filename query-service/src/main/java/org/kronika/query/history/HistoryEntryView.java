package org.kronika.query.history;

import org.kronika.events.ContractDefaults;
import org.kronika.events.EventTypes;
import org.kronika.events.MeasurementCorrected;
import org.kronika.events.MeasurementRetracted;
import org.kronika.events.chain.EventChain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A history entry as an auditor reads it: the event as published, who caused it and in which request, and for a
 * correction or retraction the activity or measurement before it.
 *
 * @param occurredAt  the date the event's own data says something happened on (what the hash covers)
 * @param recordedAt  {@code ce_time} as published
 * @param actor       token subject, role and organisation, as far as published
 * @param correction  for a correction: its reason and the activity (or measurement) before and after
 * @param retraction  for a retraction: its reason and the activity, or the measurement, withdrawn
 */
public record HistoryEntryView(long sequence, String eventId, String type, String occurredAt, String recordedAt,
                               Map<String, String> actor, String correlationId, Map<String, Object> payload,
                               Correction correction, Retraction retraction, String hash, String prevHash) {

    public record Correction(String reason, Map<String, Object> before, Map<String, Object> after) {
    }

    /** One of {@code activity} and {@code measurement}, the other null. */
    public record Retraction(String reason, Map<String, Object> activity, Map<String, Object> measurement) {
    }

    private static final String MEASUREMENT_CORRECTED = EventTypes.of(MeasurementCorrected.class).cloudEventType();
    private static final String MEASUREMENT_RETRACTED = EventTypes.of(MeasurementRetracted.class).cloudEventType();

    public static HistoryEntryView of(HistoryEntry entry) {
        Map<String, String> actor = new LinkedHashMap<>();
        if (entry.actor() != null) {
            put(actor, "subject", entry.actor().subject());
            put(actor, "role", entry.actor().role());
            put(actor, "organisation", entry.actor().organisation());
        }
        Map<String, Object> data = entry.data();
        Correction correction = null;
        Retraction retraction = null;
        if (entry.activityBefore() != null && MEASUREMENT_CORRECTED.equals(entry.type())) {
            Map<String, Object> after = new LinkedHashMap<>();
            entry.activityBefore().keySet().forEach(fact -> after.put(fact, data.get(fact)));
            correction = new Correction(reason(data), entry.activityBefore(), after);
        } else if (entry.activityBefore() != null && MEASUREMENT_RETRACTED.equals(entry.type())) {
            retraction = new Retraction(reason(data), null, entry.activityBefore());
        } else if (entry.activityBefore() != null && data.get("corrected") != null) {
            correction = new Correction(reason(data), entry.activityBefore(), correctedActivity(data));
        } else if (entry.activityBefore() != null) {
            retraction = new Retraction(reason(data), entry.activityBefore(), null);
        }
        return new HistoryEntryView(entry.sequence(), entry.eventId(), entry.type(), EventChain.occurredAt(data),
                entry.time(), actor, entry.actor() == null ? null : entry.actor().correlationId(), data, correction,
                retraction, entry.hash(), entry.prevHash());
    }

    /**
     * The corrected activity of an {@code activity-corrected} event's data as {@code before} shows the activity:
     * without the project id, which the command side publishes inside {@code corrected} but no statement of an
     * activity keeps, and with the contract's defaults for members an older record leaves out, which {@code before}
     * has too ({@link ContractDefaults}). Only this derived view changes it; {@code payload}, what the hash covers,
     * stays as published. The audit report compares the same way.
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> correctedActivity(Map<String, Object> data) {
        Object corrected = data.get("corrected");
        if (!(corrected instanceof Map<?, ?> stated)) {
            // The contract's corrected activity is an object; a history entry holds only events it decoded.
            return null;
        }
        Map<String, Object> activity = new LinkedHashMap<>((Map<String, Object>) stated);
        activity.remove("projectId");
        return ContractDefaults.activityFacts(String.valueOf(data.get("activityType")), activity);
    }

    /** A correction's or retraction's reason: text in the contract. */
    private static String reason(Map<String, Object> data) {
        Object reason = data.get("reason");
        return reason == null ? null : String.valueOf(reason);
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
