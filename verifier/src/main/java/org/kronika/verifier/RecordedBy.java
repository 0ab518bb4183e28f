package org.kronika.verifier;

import org.kronika.events.chain.ChainLink;

import java.util.List;
import java.util.Map;

/**
 * Who recorded an event, as its chain link names them (the actor the hash covers): each part as text, null where the
 * link names none. A report's approver and discussion are held to it, and every event to the role that may record
 * it ({@link EventRoles}).
 */
record RecordedBy(String subject, String role, String organisation) {

    /** The parts, as the link's actor and a report's {@code by} name them. */
    static final List<String> PARTS = List.of("subject", "role", "organisation");

    static RecordedBy of(ChainLink link) {
        Map<String, ?> actor = link.actor() == null ? Map.of() : link.actor();
        return new RecordedBy(text(actor.get("subject")), text(actor.get("role")), text(actor.get("organisation")));
    }

    String part(String name) {
        return switch (name) {
            case "subject" -> subject;
            case "role" -> role;
            case "organisation" -> organisation;
            default -> throw new IllegalArgumentException("no part " + name + " of an actor: " + PARTS);
        };
    }

    /** As a line about a step names who took it, {@code " (subject, role)"}; empty where the link names no one. */
    String said() {
        return subject == null ? "" : " (" + subject + (role == null ? "" : ", " + role) + ")";
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
