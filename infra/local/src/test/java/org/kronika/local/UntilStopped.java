package org.kronika.local;

/** A stand-in for a service's process, run from a jar of its own: it ends only when stopped (or after a minute). */
public final class UntilStopped {

    private UntilStopped() {
    }

    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(60_000);
    }
}
