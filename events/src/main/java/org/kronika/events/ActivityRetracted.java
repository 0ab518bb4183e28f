package org.kronika.events;

/**
 * A recorded activity was retracted: it should not have been recorded. It stays in the history, marked, and
 * no longer counts.
 *
 * @param activityId the activity retracted
 * @param reason     why
 */
public record ActivityRetracted(String projectId, String activityId, String reason) implements ProjectEvent {
}
