package org.kronika.command.web;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
 *
 * <p>A retry of a request this instance is still handling (the same {@code Idempotency-Key}) does not queue: the
 * first request holds the turn until it has answered, so the retry would wait for the very request it retries,
 * and be told 503 instead of its answer. It goes straight to the key's own lock, which answers it: 409 while the
 * first is in its transaction, the first answer once that committed.
 */
@Component
public class ProjectTurns {

    private static final int LOCKS = 1024;
    private static final long LONGEST_WAIT_SECONDS = 30;

    private final ReentrantLock[] locks = new ReentrantLock[LOCKS];
    /** Idempotency keys of the requests waiting for or holding a turn, with how many of them carry each. */
    private final Map<String, Integer> keysInTurn = new ConcurrentHashMap<>();

    public ProjectTurns() {
        for (int i = 0; i < LOCKS; i++) {
            locks[i] = new ReentrantLock(true);
        }
    }

    <R> R inTurn(String projectId, Supplier<R> command) {
        Optional<String> key = IdempotencyKeys.current().map(IdempotencyKeys.KeyedRequest::key);
        if (key.isPresent() && keysInTurn.containsKey(key.get())) {
            return command.get();
        }
        key.ifPresent(k -> keysInTurn.merge(k, 1, Integer::sum));
        try {
            return takeTurn(projectId, command);
        } finally {
            key.ifPresent(k -> keysInTurn.computeIfPresent(k, (ignored, n) -> n == 1 ? null : n - 1));
        }
    }

    private <R> R takeTurn(String projectId, Supplier<R> command) {
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
