package org.kronika.events;

import java.util.List;

/**
 * The public identity of an event type: a stable name and a contract version, never a Java class name.
 *
 * @param javaType     the record carrying the event's data
 * @param name         stable kebab-case name, e.g. {@code training-delivered}
 * @param version      contract version; an incompatible change is a new version, i.e. a new type
 * @param addedMembers members added to this version after it was first published, in order: optional in its
 *                     schema, absent from events recorded before them
 */
public record EventType(Class<? extends KronikaEvent> javaType, String name, int version, List<String> addedMembers) {

    public EventType(Class<? extends KronikaEvent> javaType, String name, int version) {
        this(javaType, name, version, List.of());
    }

    public EventType {
        addedMembers = List.copyOf(addedMembers);
    }

    /**
     * The revision of the stored form: the version, then one step per added member ({@code 1}, {@code 1.1}, ...),
     * so that the command side knows which stored events to upcast.
     */
    public String revision() {
        return revisionWith(addedMembers.size());
    }

    /** The revision of a stored form that has only the first {@code present} added members. */
    public String revisionWith(int present) {
        return present == 0 ? Integer.toString(version) : version + "." + present;
    }

    private static final String PREFIX = "org.kronika.";

    /** The CloudEvents {@code type} attribute, e.g. {@code org.kronika.training-delivered.v1}. */
    public String cloudEventType() {
        return PREFIX + name + ".v" + version;
    }
}
