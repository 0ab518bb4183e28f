package org.kronika.events;

/**
 * Something recorded in one of Kronika's streams: a project's, or the programme's own (its reporting calendar).
 * Each stream is a hash chain of its own, in order.
 */
public sealed interface KronikaEvent permits ProjectEvent, ProgrammeEvent {

    /** The stream the event belongs to: the Kafka record key and the CloudEvents subject. */
    String subject();
}
