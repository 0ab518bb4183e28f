package org.kronika.command.project;

/** A command to a project that is closed out: nothing is recorded in it until an administrator reopens it. */
public class ClosedProject extends Refusal {

    private final String closedAt;

    ClosedProject(String projectId, String closedAt) {
        super("Project " + projectId + " was closed out" + (closedAt == null ? "" : " at " + closedAt)
                + ": nothing more is recorded in it; an administrator must reopen it first");
        this.closedAt = closedAt;
    }

    /** When the standing closure was recorded; null where the history does not say (a test's given events). */
    public String closedAt() {
        return closedAt;
    }
}
