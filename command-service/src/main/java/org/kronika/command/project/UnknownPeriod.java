package org.kronika.command.project;

/** The programme has defined no reporting period by that id. */
public class UnknownPeriod extends Refusal {

    public UnknownPeriod(String periodId) {
        super("The programme has no reporting period " + periodId);
    }
}
