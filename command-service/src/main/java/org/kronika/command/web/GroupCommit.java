package org.kronika.command.web;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandResultMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.GenericCommandResultMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.kronika.command.config.CommandRetries;
import org.kronika.command.config.ThreadContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs a group of commands that waited for their projects' turn ({@link ProjectTurns}) in one PostgreSQL
 * transaction: one commit, one fsync, for all of them.
 *
 * <p>Each command is still dispatched on the command bus in a unit of work of its own, which joins the group's
 * transaction: its events, idempotency row and ledger rows are written as it commits, so the next command of the
 * group, reading the project, its ledgers and its keys through the same connection, decides on what the ones before
 * it left. (Axon's nested units of work would hold the events back until the outermost one commits, where the
 * ledgers, read with SQL, could not see them.) Each runs after a savepoint: a command refused, or failing on the
 * database, is rolled back to its savepoint and leaves no trace, and the others go on.
 *
 * <p>Only after the commit is any command of the group answered. Should the commit fail, nothing of the group is
 * stored and its projects leave the aggregate cache, which the group's commands had moved on; a conflict with
 * another instance (another command appended to a project first) has every command of the group sent again alone,
 * as any command is, since even a refusal was decided on a state that was never stored; any other failure is every
 * command's answer.
 *
 * <p>The leader runs the others' commands on its own thread, with each request's own context (its request, caller
 * and correlation id) in place, since the command bus's interceptors read them from the thread.
 */
@Component
public class GroupCommit {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** The most commands one transaction takes: enough to share a commit, few enough to keep the leader's answer. */
    static final int LARGEST_GROUP = 32;
    static final String GROUP_SIZE = "kronika.commands.group.size";

    private final CommandGateway commands;
    private final CommandBus commandBus;
    private final PlatformTransactionManager transactions;
    private final Cache projects;
    private final EventStore eventStore;
    private final DistributionSummary groupSizes;
    private final int largestGroup;

    public GroupCommit(CommandGateway commands, CommandBus commandBus, PlatformTransactionManager transactions,
                       @Qualifier("projectCache") Cache projects, EventStore eventStore, MeterRegistry meters,
                       @Value("${kronika.commands.group-commit:true}") boolean grouped) {
        this.commands = commands;
        this.commandBus = commandBus;
        this.transactions = transactions;
        this.projects = projects;
        this.eventStore = eventStore;
        this.largestGroup = grouped ? LARGEST_GROUP : 1;
        this.groupSizes = DistributionSummary.builder(GROUP_SIZE)
                .description("Commands committed in one transaction, by the group that waited for a project's turn")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32)
                .register(meters);
    }

    int largestGroup() {
        return largestGroup;
    }

    /** A command on its own, as it was always sent: its transaction, and the gateway's retries of a conflict. */
    <R> R sendAlone(Object command) {
        return commands.sendAndWait(command);
    }

    /** A request's command, waiting for its turn, with what it needs to be run on another thread and answered. */
    Pending pending(String projectId, Object command) {
        return new Pending(projectId, command, ThreadContext.ofThisThread());
    }

    /** Runs the group, the first command being the calling thread's own, and answers every one of them. */
    void run(List<Pending> group) {
        groupSizes.record(group.size());
        ThreadContext own = ThreadContext.ofThisThread();
        try {
            if (group.size() == 1) {
                group.get(0).answerWith(() -> deciding(group.get(0), () -> sendAlone(group.get(0).command)));
            } else {
                runTogether(group);
            }
        } catch (RuntimeException | Error e) {
            group.stream().filter(request -> !request.answered()).forEach(request -> request.fail(e));
            throw e;
        } finally {
            own.restore();
        }
    }

    private void runTogether(List<Pending> group) {
        List<CommandResultMessage<?>> results = new ArrayList<>();
        try {
            TransactionStatus transaction = transactions.getTransaction(new DefaultTransactionDefinition());
            try {
                for (Pending request : group) {
                    request.context.restore();
                    results.add(deciding(request, () -> decide(transaction, request.command)));
                }
            } catch (RuntimeException | Error e) {
                transactions.rollback(transaction);
                throw e;
            }
            transactions.commit(transaction);
        } catch (Error e) {
            // Nothing of the group is stored: no project may stay cached with what its commands decided.
            group.forEach(request -> projects.remove(request.projectId));
            throw e;
        } catch (RuntimeException e) {
            // The rollback released the keys' locks with the rest: a retry of one is told to wait (409) while its
            // command is sent again, not let run beside it, outside its project's turn, until it takes the key again.
            group.forEach(request -> {
                projects.remove(request.projectId);
                request.keyHeld = false;
            });
            if (CommandRetries.isConflict(e)) {
                group.forEach(request -> {
                    request.context.restore();
                    request.answerWith(() -> sendAlone(request.command));
                });
            } else {
                group.forEach(request -> request.fail(e));
            }
            return;
        }
        // The group is stored: answered so first, whatever becomes of waking the readers.
        for (int i = 0; i < group.size(); i++) {
            group.get(i).answerWith(results.get(i));
        }
        try {
            wakeTheEventStoresReaders();
        } catch (RuntimeException | Error e) {
            log.warn("The event store's readers were not woken after a group's commit; they read it within a second: "
                    + "{}", e.toString());
        }
    }

    /** The request whose command this thread decides now, for {@link #keyTaken}. */
    private static final ThreadLocal<Pending> DECIDING = new ThreadLocal<>();

    private static <T> T deciding(Pending request, Supplier<T> decision) {
        DECIDING.set(request);
        try {
            return decision.get();
        } finally {
            DECIDING.remove();
        }
    }

    /**
     * Called once the command being decided on this thread holds its Idempotency-Key's lock: a retry of it is from
     * then on answered by that lock (409 while its transaction is open, the first answer once committed), not told
     * to wait its turn ({@link ProjectTurns}).
     */
    static void keyTaken(org.axonframework.messaging.unitofwork.UnitOfWork<?> unitOfWork) {
        Pending request = DECIDING.get();
        if (request != null) {
            request.keyHeld = true;
            // Rolled back (a conflict, sent again on the retry thread, which decides no group), the lock went with it:
            // a retry of the request is told to wait, not let run beside it outside its project's turn.
            unitOfWork.onRollback(rolledBack -> request.keyHeld = false);
        }
    }

    /**
     * The event store wakes its readers (the publisher's tracking processor) when a unit of work that appended events
     * commits: for a group's commands, before the group's commit, when a read finds none of them yet. Idle, it
     * would then read again only after its fetch delay (a second), and the group's events reach Kafka that much
     * later. Publishing nothing, outside any unit of work, appends nothing and wakes them, now that the events are
     * there to be read (GroupCommitWakesTheReadersTest).
     */
    private void wakeTheEventStoresReaders() {
        eventStore.publish(List.of());
    }

    /**
     * One command of the group, after a savepoint of its own. A conflict stops the group: the commands after
     * it would be decided on a project another instance has moved on.
     */
    private CommandResultMessage<?> decide(TransactionStatus transaction, Object command) {
        Object savepoint = transaction.createSavepoint();
        AtomicReference<CommandResultMessage<?>> result = new AtomicReference<>();
        try {
            // The simple command bus handles the command on this thread, within dispatch.
            commandBus.dispatch(GenericCommandMessage.asCommandMessage(command),
                    (message, answer) -> result.set(answer));
        } catch (RuntimeException e) {
            result.set(GenericCommandResultMessage.asCommandResultMessage(e));
        }
        if (result.get() == null) {
            throw new IllegalStateException("The command bus answered no command on the dispatching thread");
        }
        // A command's savepoint is not released: that would cost each command another round trip to the database in
        // its project's turn, and the group's commit ends them all. Released or not, each command that writes takes a
        // subtransaction id till the commit: a group takes at most LARGEST_GROUP and its snapshots', under the 64
        // PostgreSQL keeps in shared memory per transaction before other sessions' snapshots get slower.
        if (result.get().isExceptional()) {
            transaction.rollbackToSavepoint(savepoint);
            // Its key's lock went with the savepoint: a retry now would run beside the group, outside its turn.
            Pending request = DECIDING.get();
            if (request != null) {
                request.keyHeld = false;
            }
            if (CommandRetries.isConflict(result.get().exceptionResult())) {
                throw asRuntime(result.get().exceptionResult());
            }
        }
        return result.get();
    }

    /** As the command gateway's sendAndWait turns a handler's failure into what it throws. */
    private static RuntimeException asRuntime(Throwable failure) {
        if (failure instanceof Error error) {
            throw error;
        }
        return failure instanceof RuntimeException runtime ? runtime
                : new CommandExecutionException("An exception occurred while executing a command", failure);
    }

    /** A request in its project's queue: its command, its thread's context, and its answer once it has one. */
    static final class Pending {
        final String projectId;
        final Object command;
        final ThreadContext context;
        /** Counted down when the request is answered, or when it is to lead its queue's next group. */
        final CountDownLatch woken = new CountDownLatch(1);
        /** Whether its Idempotency-Key's lock is held by its transaction, or was until that transaction ended. */
        private volatile boolean keyHeld;
        private Object result;
        /**
         * Its handler's failure, an Error too (out of memory deciding it): thrown on the request's own thread, never
         * before, as the command gateway throws it ({@link #asRuntime}).
         */
        private Throwable failure;
        private boolean answered;

        private Pending(String projectId, Object command, ThreadContext context) {
            this.projectId = projectId;
            this.command = command;
            this.context = context;
        }

        boolean answered() {
            return answered;
        }

        boolean keyHeld() {
            return keyHeld;
        }

        void answerWith(Supplier<Object> sent) {
            try {
                answer(sent.get(), null);
            } catch (RuntimeException | Error e) {
                // Thrown on its own thread: the group's other requests are still answered.
                answer(null, e);
            }
        }

        /**
         * A command decided in the group, as it stands once the group committed. Its failure, an Error too, is kept
         * to be thrown on its own thread: thrown here, while the group is answered, it answered the commands after it
         * and the group's leader 500 though they were stored.
         */
        void answerWith(CommandResultMessage<?> message) {
            if (message.isExceptional()) {
                answer(null, message.exceptionResult());
            } else {
                answer(message.getPayload(), null);
            }
        }

        void fail(Throwable e) {
            answer(null, e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e));
        }

        private void answer(Object result, Throwable failure) {
            this.result = result;
            this.failure = failure;
            this.answered = true;
        }

        /** The command's answer, on the request's own thread: its result, or its failure thrown. */
        @SuppressWarnings("unchecked")
        <R> R answer() {
            if (!answered) {
                throw new IllegalStateException("The command's group ended without answering it");
            }
            if (failure != null) {
                throw asRuntime(failure);
            }
            return (R) result;
        }
    }
}
