package org.kronika.query.history;

import org.kronika.query.stream.ReceivedEvent;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

/**
 * One event of a project's history exactly as published, one document each, with what an auditor needs beside
 * it so that any page of the history reads without replaying what came before it.
 *
 * @param time           {@code ce_time} as published (the hash covers it)
 * @param data           the event's data as published
 * @param occurredOn     the day what it records happened: an activity's day (a correction's corrected day, the
 *                       retracted activity's day), a measurement's day; {@code null} for the logframe's events
 * @param activityBefore for a correction, the activity (or measurement) as stated before it; for a retraction,
 *                       the activity (or measurement) withdrawn; {@code null} otherwise. Named before measurements
 *                       could be corrected, as stored entries name it.
 */
public record HistoryEntry(String projectId, long sequence, String eventId, String type, String time,
                           Instant recordedAt, ReceivedEvent.Actor actor, Map<String, Object> data, String hash,
                           String prevHash, LocalDate occurredOn, Map<String, Object> activityBefore) {

    /** The event as it was received, untyped: its entry keeps all that was published of it. */
    public ReceivedEvent received() {
        return new ReceivedEvent(projectId, sequence, eventId, type, recordedAt, time, data, null, actor, hash,
                prevHash);
    }
}
