package org.kronika.events;

/**
 * Participant counts. {@code female + male} may be less than {@code total}: the rest did not state their sex.
 */
public record Participants(int total, int female, int male) {

    public int unspecified() {
        return total - female - male;
    }
}
