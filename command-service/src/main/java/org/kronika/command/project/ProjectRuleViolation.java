package org.kronika.command.project;

/** A command that would break one of the project's rules. Names the offending field so clients can point at it. */
public class ProjectRuleViolation extends Refusal {

    private final String field;

    public ProjectRuleViolation(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
