package org.kronika.events;

/**
 * An administrator reopened a closed project: it records again, and must be closed again to be final. The closure
 * stays in the history.
 *
 * @param reason why
 */
public record ProjectReopened(String projectId, String reason) implements ProjectEvent {
}
