package org.kronika.command.web;

import org.springframework.stereotype.Component;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Commands to one project take their turn here, before the command bus opens their transaction. The project's
 * aggregate handles one command at a time anyway; a command that waited for it inside its transaction would hold a
 * database connection doing nothing, and 32 clients writing to one project would take the whole pool, so that
 * every other command waited out the pool's short timeout and was told 503. A fixed set of locks, each shared by
 * the projects whose ids hash alike, keeps the memory bounded; they are fair, so no command waits for ever behind
 * newer ones. Across several instances of the service the event store's unique key still decides.
 */
@Component
public class ProjectTurns {

    private static final int LOCKS = 1024;
    private static final long LONGEST_WAIT_SECONDS = 30;

    private final ReentrantLock[] locks = new ReentrantLock[LOCKS];

    public ProjectTurns() {
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    <R> R inTurn(String projectId, Supplier<R> command) {
        ReentrantLock lock = locks[Math.floorMod(projectId.hashCode(), LOCKS)];
        try {
            if (!lock.tryLock(LONGEST_WAIT_SECONDS, TimeUnit.SECONDS)) {
                throw new ProjectBusy(projectId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProjectBusy(projectId);
        }
        try {
            return command.get();
        } finally {
            lock.unlock();
        }
    }

    static class ProjectBusy extends RuntimeException {
        ProjectBusy(String projectId) {
            super("Project " + projectId + " has more commands waiting than can be handled now; retry shortly");
        }
    }
}
