package org.kronika.query.projection;

/**
 * How many parts of held events a turn (a batch, or a retry check) may still read and apply, and how many events a
 * part holds: a consumer that does not poll again in time is taken for dead, so a long catch-up goes on over many
 * turns ({@link Projector#DRAIN_PARTS_PER_TURN}, {@link Projector#DRAIN_CHUNK}).
 */
final class CatchUpBudget {

    private int chunk;
    private int partsPerTurn;
    /** Parts this turn may still apply. */
    private int partsLeft;

    CatchUpBudget(int chunk, int partsPerTurn) {
        this.chunk = chunk;
        this.partsPerTurn = partsPerTurn;
    }

    /** A turn starts with its whole budget. */
    void newTurn() {
        partsLeft = partsPerTurn;
    }

    /** Whether a part may be read now, counting it; once refused, none is left this turn. */
    boolean take() {
        return partsLeft-- > 0;
    }

    /** Whether a part is left this turn. */
    boolean left() {
        return partsLeft > 0;
    }

    /** Held events read and applied at a time. */
    int chunk() {
        return chunk;
    }

    void chunk(int chunk) {
        this.chunk = chunk;
    }

    void partsPerTurn(int parts) {
        this.partsPerTurn = parts;
    }
}
