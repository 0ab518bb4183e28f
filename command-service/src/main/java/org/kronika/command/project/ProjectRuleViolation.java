package org.kronika.command.project;

import java.util.List;
import java.util.function.Function;

/**
 * A command that would break the project's rules, naming every offending field so clients can point at them.
 * {@link Rules#all} gathers the refusals of checks that do not depend on each other into one.
 */
public class ProjectRuleViolation extends FieldRefusal {

    public ProjectRuleViolation(String field, String message) {
        this(List.of(new Fault(field, message)));
    }

    ProjectRuleViolation(List<Fault> faults) {
        super(faults);
    }

    /** The same refusal with every field under {@code prefix} (a correction's {@code corrected.}). */
    ProjectRuleViolation under(String prefix, Function<String, String> more) {
        return new ProjectRuleViolation(renamed(field -> prefix + field, more));
    }
}
