package org.kronika.command.project;

/** The indicator named in the path is not defined in this project. */
public class UnknownIndicator extends Refusal {

    public UnknownIndicator(String projectId, String indicatorId) {
        super("No indicator " + indicatorId + " is defined in project " + projectId);
    }
}
