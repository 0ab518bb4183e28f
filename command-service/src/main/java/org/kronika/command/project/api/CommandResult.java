package org.kronika.command.project.api;

/**
 * What a command handler answers: the id of what it created or changed and the project's version after it,
 * which clients send back in {@code If-Match} and wait for on the query side.
 */
public record CommandResult(String id, long version) {
}
