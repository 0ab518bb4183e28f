package org.kronika.events;

/**
 * The public identity of an event type: a stable name and a contract version, never a Java class name.
 *
 * @param javaType the record carrying the event's data
 * @param name     stable kebab-case name, e.g. {@code training-delivered}
 * @param version  contract version; an incompatible change is a new version, i.e. a new type
 */
public record EventType(Class<? extends ProjectEvent> javaType, String name, int version) {

    private static final String PREFIX = "org.kronika.";

    /** The CloudEvents {@code type} attribute, e.g. {@code org.kronika.training-delivered.v1}. */
    public String cloudEventType() {
        return PREFIX + name + ".v" + version;
    }
}
