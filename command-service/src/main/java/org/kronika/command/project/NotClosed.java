package org.kronika.command.project;

/** A reopening of a project that is not closed. */
public class NotClosed extends Refusal {

    NotClosed(String projectId) {
        super("Project " + projectId + " is not closed: only a closed project can be reopened");
    }
}
