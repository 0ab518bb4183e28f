package org.kronika.command.project;

/** A recorder tried to record for a project of another organisation. */
public class NotYourProject extends Refusal {

    public NotYourProject(String projectId) {
        super("Project " + projectId + " belongs to another organisation: a recorder records only for its own");
    }
}
