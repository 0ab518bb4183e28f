package org.kronika.command.project;

import java.util.List;
import java.util.function.Function;

/**
 * An activity's facts that cannot be read as its type at all: a wrong type or format, an unknown or missing
 * member. The request is malformed, as opposed to well-formed but against a rule ({@link ProjectRuleViolation}).
 */
public class MalformedFacts extends FieldRefusal {

    /** {@code field} is the member's path within the facts, or null when the error is not about one member. */
    public MalformedFacts(String field, String message) {
        this(List.of(new Fault(field, message)));
    }

    /** Several members at fault, e.g. every required member left out. */
    public MalformedFacts(List<Fault> faults) {
        super(faults);
    }

    /**
     * The same error named by its path in the request: the facts are its body, or the member {@code factsField}.
     */
    MalformedFacts inRequest(String factsField) {
        return inRequest(factsField, field -> "");
    }

    /** As {@link #inRequest(String)}, with a message added to each fault where {@code more} gives one. */
    MalformedFacts inRequest(String factsField, Function<String, String> more) {
        String prefix = factsField == null ? "body" : factsField;
        return new MalformedFacts(renamed(field -> field == null ? prefix : factsField == null ? field
                : factsField + "." + field, more));
    }
}
