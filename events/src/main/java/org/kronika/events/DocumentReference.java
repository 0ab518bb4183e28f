package org.kronika.events;

/**
 * A document an activity produced or relied on, identified so that anyone holding a copy can check it is the
 * same one: its SHA-256 content hash.
 *
 * @param title     the document's title
 * @param reference where it can be found: a URL, an archive number, a file name
 * @param sha256    lowercase hex SHA-256 of the document's bytes
 */
public record DocumentReference(String title, String reference, String sha256) {
}
