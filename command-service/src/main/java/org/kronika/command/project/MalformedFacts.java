package org.kronika.command.project;

/**
 * An activity's facts that cannot be read as its type at all: a wrong type or format, an unknown or missing
 * member. The request is malformed, as opposed to well-formed but against a rule ({@link ProjectRuleViolation}).
 */
public class MalformedFacts extends Refusal {

    private final String field;

    /** {@code field} is the member's path within the facts, or null when the error is not about one member. */
    public MalformedFacts(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /**
     * The same error named by its path in the request: the facts are its body, or the member {@code factsField}.
     */
    MalformedFacts inRequest(String factsField) {
        String prefix = factsField == null ? "body" : factsField;
        String path = field == null ? prefix : factsField == null ? field : factsField + "." + field;
        return new MalformedFacts(path, getMessage());
    }
}
