package org.kronika.command.web;

import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Commands to one project take their turn here, before any of them opens a transaction. The project's aggregate
 * handles one command at a time anyway; a command that waited for it inside its transaction would hold a database
 * connection doing nothing, and 32 clients writing to one project would take the whole pool, so that every other
 * command waited out the pool's short timeout and was told 503. A fixed set of queues, each shared by the projects
 * whose ids hash alike, keeps the memory bounded; they are first come, first served, so no command waits for ever
 * behind newer ones. Across several instances of the service the event store's unique key still decides.
 *
 * <p>The request at the head of a queue leads: it takes the commands waiting behind it, up to a group's bound, and
 * runs them with its own in one transaction ({@link GroupCommit}), then hands the lead to the next request waiting,
 * if any. One project's commands, decided one after another, then share a commit (and its fsync) instead of each
 * paying for its own; a command alone runs as it always did. Each request still gets its own answer, once its
 * group is committed.
 *
 * <p>A retry of a request this instance is still handling (the same {@code Idempotency-Key}) does not queue: the
 * first request holds its place until it has answered, so the retry would wait for the very request it retries,
 * and be told 503 instead of its answer. Until the first holds its key's lock (waiting in the queue, or refused
 * in a group still deciding the others) the retry is told 409 (retry shortly): sent then, it ran beside the group,
 * outside the project's turn, and could hold the project against it until PostgreSQL ended the group's transaction
 * 30 s later, every command of it 5xx. Once the first holds its key's lock the retry is sent straight away, and the
 * lock answers it: 409 while the first's transaction is open, the first answer once that committed.
 */
@Component
public class ProjectTurns {

    private static final int QUEUES = 1024;
    private static final long LONGEST_WAIT_SECONDS = 30;

    private final Queue[] queues = new Queue[QUEUES];
    /** Idempotency keys of the requests waiting for or holding a turn, each with the first request carrying it. */
    private final Map<String, GroupCommit.Pending> keysInTurn = new ConcurrentHashMap<>();
    private final GroupCommit groups;

    public ProjectTurns(GroupCommit groups) {
        this.groups = groups;
        for (int i = 0; i < QUEUES; i++) {
            queues[i] = new Queue();
        }
    }

    /** Sends the command in its project's turn, and answers or throws as the command gateway's sendAndWait does. */
    <R> R send(String projectId, Object command) {
        Optional<String> key = IdempotencyKeys.current().map(IdempotencyKeys.KeyedRequest::key);
        GroupCommit.Pending first = key.map(keysInTurn::get).orElse(null);
        if (first != null) {
            if (!first.keyHeld()) {
                throw new IdempotentCommands.RequestInProgress();
            }
            return groups.sendAlone(command);
        }
        GroupCommit.Pending request = groups.pending(projectId, command);
        key.ifPresent(k -> keysInTurn.putIfAbsent(k, request));
        try {
            return takeTurn(queueOf(projectId), request);
        } finally {
            key.ifPresent(k -> keysInTurn.remove(k, request));
        }
    }

    /** Requests waiting for their project's turn (its queue's, shared with the projects hashed alike); for tests. */
    int waiting(String projectId) {
        Queue queue = queueOf(projectId);
        synchronized (queue) {
            return queue.waiting.size();
        }
    }

    private <R> R takeTurn(Queue queue, GroupCommit.Pending request) {
        boolean leads;
        synchronized (queue) {
            queue.waiting.add(request);
            leads = !queue.led;
            queue.led = true;
        }
        if (!leads && !awaitLeadOrAnswer(queue, request)) {
            throw new ProjectBusy(request.projectId);
        }
        if (!request.answered()) {
            lead(queue);
        }
        return request.answer();
    }

    /**
     * Waits until the request is answered by a leader's group or told to lead; false when it waited too long and
     * left the queue untouched. Once a leader took it into a group it is answered after that group, however long.
     */
    private static boolean awaitLeadOrAnswer(Queue queue, GroupCommit.Pending request) {
        boolean interrupted = false;
        try {
            if (request.woken.await(LONGEST_WAIT_SECONDS, TimeUnit.SECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        synchronized (queue) {
            // Told to lead meanwhile (it is still at the queue's head), or taken into a group: it must stay.
            if (request.woken.getCount() > 0 && queue.waiting.remove(request)) {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                return false;
            }
        }
        while (true) {
            try {
                request.woken.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /** Runs the group headed by this thread's own request, then hands the lead on, or gives it up with nobody left. */
    private void lead(Queue queue) {
        List<GroupCommit.Pending> group = new ArrayList<>();
        synchronized (queue) {
            while (group.size() < groups.largestGroup() && !queue.waiting.isEmpty()) {
                group.add(queue.waiting.poll());
            }
        }
        try {
            groups.run(group);
        } finally {
            // Under the queue's lock: a request arriving now either finds the lead taken and waits to be told, or
            // finds it free and leads; none waits with nobody to wake it.
            synchronized (queue) {
                GroupCommit.Pending next = queue.waiting.peek();
                if (next == null) {
                    queue.led = false;
                } else {
                    next.woken.countDown();
                }
            }
            group.forEach(request -> request.woken.countDown());
        }
    }

    private Queue queueOf(String projectId) {
        return queues[Math.floorMod(projectId.hashCode(), QUEUES)];
    }

    /** The requests waiting for one set of projects' turn, and whether one of them leads. Guarded by itself. */
    private static final class Queue {
        final ArrayDeque<GroupCommit.Pending> waiting = new ArrayDeque<>();
        boolean led;
    }

    static class ProjectBusy extends RuntimeException {
        ProjectBusy(String projectId) {
            super("Project " + projectId + " has more commands waiting than can be handled now; retry shortly");
        }
    }
}
