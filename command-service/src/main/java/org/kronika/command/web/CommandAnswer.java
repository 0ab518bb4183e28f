package org.kronika.command.web;

/**
 * The answer to an accepted project command, also sent as {@code ETag} ({@code version}).
 *
 * @param id      what the command created or changed: the project, indicator, activity, measurement, plan
 * @param version the project's version after the command: send it as {@code If-Match}, or wait for it on the
 *                query side
 */
public record CommandAnswer(String projectId, String id, long version) {
}
