package org.kronika.command.project;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A refusal of one or more fields of a command, each named by its path ({@code participants.bySex.female}), so a
 * client can point at every input at fault in one answer instead of learning them one request at a time. The first
 * fault is the exception's own field and message.
 */
public abstract class FieldRefusal extends Refusal {

    /** One field at fault and why. */
    public record Fault(String field, String message) {
    }

    private final List<Fault> faults;

    protected FieldRefusal(List<Fault> faults) {
        super(faults.get(0).message());
        this.faults = List.copyOf(faults);
    }

    /** The first field at fault; null when the fault is about no single member. */
    public String field() {
        return faults.get(0).field();
    }

    /** Every field at fault, in the order the command states them. */
    public List<Fault> faults() {
        return faults;
    }

    /** The faults renamed, e.g. each under {@code corrected.}, with a message added where {@code more} gives one. */
    protected List<Fault> renamed(Function<String, String> field, Function<String, String> more) {
        List<Fault> renamed = new ArrayList<>(faults.size());
        for (Fault fault : faults) {
            renamed.add(new Fault(field.apply(fault.field()), fault.message() + more.apply(fault.field())));
        }
        return renamed;
    }
}
