package org.kronika.query.stream;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.kronika.events.EventTypes;
import org.kronika.events.KronikaEvent;

import java.time.Instant;
import java.util.Map;

/**
 * One event as read from the published stream.
 *
 * @param projectId  record key and CloudEvents subject: a project's id, or {@code programme:} and the programme's
 * @param sequence   position in the project's history (0, 1, 2, ... without gaps)
 * @param eventId    CloudEvents id
 * @param type       CloudEvents type, e.g. {@code org.kronika.training-delivered.v1}
 * @param recordedAt CloudEvents time
 * @param time       {@code ce_time} exactly as published, which the hash covers
 * @param data       the event's JSON data as published, kept for the history
 * @param event      the decoded event, or {@code null} for a type this reader does not know yet
 * @param actor      who caused it, and the request's correlation id, as published
 * @param hash       the event's chain hash as published, or {@code null}
 * @param prevHash   the hash of the event before it, as published, or {@code null}
 * @param position   where it was read on the topic; {@code null} for one read back from the read models (held,
 *                   or applied), which keep no position
 */
public record ReceivedEvent(String projectId, long sequence, String eventId, String type, Instant recordedAt,
                            String time, Map<String, Object> data, KronikaEvent event, Actor actor, String hash,
                            String prevHash, @JsonIgnore Position position) {

    /** One not read from the topic as such: read back from the read models. */
    public ReceivedEvent(String projectId, long sequence, String eventId, String type, Instant recordedAt,
                         String time, Map<String, Object> data, KronikaEvent event, Actor actor, String hash,
                         String prevHash) {
        this(projectId, sequence, eventId, type, recordedAt, time, data, event, actor, hash, prevHash, null);
    }

    /** The same event typed as {@code typed}, as read back from the read models, which keep it untyped. */
    public ReceivedEvent typed(KronikaEvent typed) {
        return new ReceivedEvent(projectId, sequence, eventId, type, recordedAt, time, data, typed, actor, hash,
                prevHash);
    }

    /** Where it was read on the topic, or {@link Position#NOWHERE} when not read from one (replayed, say). */
    public Position placed() {
        return position != null ? position : Position.NOWHERE;
    }

    /** A record's place on the topic ({@code topic} null where not known). */
    public record Position(String topic, int partition, long offset) {
        public static final Position NOWHERE = new Position(null, -1, -1);

        @Override
        public String toString() {
            return "partition " + partition + ", offset " + offset;
        }
    }

    /** Every part may be absent: events published before actors were recorded carry none. */
    public record Actor(String subject, String role, String organisation, String correlationId) {
        public static final Actor UNKNOWN = new Actor(null, null, null, null);
    }

    /** The public name of the type, e.g. {@code training-delivered}. */
    public String typeName() {
        return EventTypes.forCloudEventType(type).map(t -> t.name())
                .orElseGet(() -> type.replaceFirst("^org\\.kronika\\.", "").replaceFirst("\\.v\\d+$", ""));
    }
}
