package org.kronika.query.stream;

import org.bson.Document;
import org.kronika.events.ProjectEvent;

import java.time.Instant;

/**
 * One event as read from the published stream.
 *
 * @param projectId  record key and CloudEvents subject
 * @param sequence   position in the project's history (0, 1, 2, ... without gaps)
 * @param eventId    CloudEvents id
 * @param type       CloudEvents type, e.g. {@code org.kronika.training-delivered.v1}
 * @param recordedAt CloudEvents time
 * @param data       the event's JSON data, kept as published for the history
 * @param event      the decoded event, or {@code null} for a type this reader does not know yet
 * @param actor      who caused it (subject, role, organisation) and the request's correlation id, as published
 * @param time       {@code ce_time} exactly as published, which the hash covers
 * @param chain      the event's {@code hash} and {@code prevHash}, as published (empty if it carries none)
 */
public record ReceivedEvent(
        String projectId,
        long sequence,
        String eventId,
        String type,
        Instant recordedAt,
        Document data,
        ProjectEvent event,
        Document actor,
        String time,
        Document chain) {
}
