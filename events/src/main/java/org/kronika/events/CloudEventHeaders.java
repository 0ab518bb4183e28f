package org.kronika.events;

/**
 * Kafka record headers of the published stream: CloudEvents 1.0 in Kafka binary content mode. The record key
 * is the stream's subject ({@link #SUBJECT}: a project id, or {@code programme:{id}} for the programme's own
 * stream) and the record value is the event's JSON data.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    /** When the event was recorded (RFC 3339). When the activity happened is part of the data. */
    public static final String TIME = "ce_time";
    /** Extension: the event's position in its project's history, 0, 1, 2, ... without gaps. */
    public static final String SEQUENCE = "ce_sequence";
    public static final String CONTENT_TYPE = "content-type";
    /** Extension: who caused the event: the subject of the caller's token (a client or user id, never a beneficiary). */
    public static final String ACTOR_SUBJECT = "ce_actorsubject";
    /** Extension: the caller's role, e.g. {@code recorder}. */
    public static final String ACTOR_ROLE = "ce_actorrole";
    /** Extension: the organisation a recorder acted for. */
    public static final String ACTOR_ORGANISATION = "ce_actororganisation";
    /** Extension: this event's link in its project's hash chain (docs/audit/hash-chain.md). */
    public static final String HASH = "ce_hash";
    /** Extension: the hash of the project's previous event; 64 zeros for its first. */
    public static final String PREV_HASH = "ce_prevhash";
    /** Extension: the correlation id of the request that caused the event. */
    public static final String CORRELATION_ID = "ce_correlationid";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    private CloudEventHeaders() {
    }
}
