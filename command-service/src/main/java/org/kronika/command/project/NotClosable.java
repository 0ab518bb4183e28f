package org.kronika.command.project;

import java.util.List;

/**
 * A closure the project is not ready for: it has not ended, or reports it owes are not approved, or were changed
 * since their approval. Each fault names
 * what stands in the way ({@code endDate}, or {@code periodId} once for every such period), so one answer says all
 * that is left to do.
 */
public class NotClosable extends FieldRefusal {

    NotClosable(List<Fault> faults) {
        super(faults);
    }
}
