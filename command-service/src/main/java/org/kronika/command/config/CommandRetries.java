package org.kronika.command.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.commandhandling.gateway.IntervalRetryScheduler;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.sql.SQLException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * With several command-service instances, two commands for one project can be decided at once on two
 * instances, each on the state it loaded (or cached). The event store's unique (project, sequence) key lets only
 * one of them append; the other fails with a conflict, and the project is dropped from that instance's cache when
 * its unit of work rolls back. The gateway then sends the command again: it is decided afresh on the project's
 * new state, so neither is lost nor forked. A command sent with {@code If-Match} then fails that check (412), as it
 * must; one that still conflicts after the retries is answered 409.
 *
 * <p>Only conflicts are retried: a rejected command (a rule, a validation) would be rejected again, and repeating
 * it would only delay the answer.
 */
@Configuration(proxyBeanMethods = false)
public class CommandRetries {

    static final int RETRIES = 5;
    static final int INTERVAL_MS = 20;
    private static final String UNIQUE_VIOLATION = "23505";
    /**
     * Two instances' groups holding two projects in opposite orders: PostgreSQL ends one transaction, which stored
     * nothing, and its commands are decided again as after any conflict, not answered 500.
     */
    private static final String ABORTED_TO_BREAK_A_DEADLOCK = "40P01";

    @Bean(destroyMethod = "shutdown")
    ScheduledExecutorService commandRetryExecutor() {
        return retryExecutor();
    }

    /**
     * Runs each retry with the context of the thread that scheduled it, the request's: a retry that finds the
     * Idempotency-Key answered by another request marks the answer replayed on the right response, and its logs
     * carry the request's correlation id.
     */
    static ScheduledExecutorService retryExecutor() {
        return new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "command-retries");
            thread.setDaemon(true);
            return thread;
        }) {
            @Override
            public ScheduledFuture<?> schedule(Runnable retry, long delay, TimeUnit unit) {
                return super.schedule(ThreadContext.ofThisThread().around(retry), delay, unit);
            }
        };
    }

    @Bean
    public CommandGateway commandGateway(CommandBus commandBus, ScheduledExecutorService commandRetryExecutor) {
        return gateway(commandBus, commandRetryExecutor);
    }

    static CommandGateway gateway(CommandBus commandBus, ScheduledExecutorService retryExecutor) {
        return DefaultCommandGateway.builder()
                .commandBus(commandBus)
                .retryScheduler(IntervalRetryScheduler.builder()
                        .retryExecutor(retryExecutor)
                        .maxRetryCount(RETRIES)
                        .retryInterval(INTERVAL_MS)
                        .nonTransientFailurePredicate(failure -> !isConflict(failure))
                        .build())
                .build();
    }

    /**
     * Another command appended to the project first. The JDBC event store reports it as Axon's
     * ConcurrencyException or as the database's unique-key violation inside an EventStoreException. A second
     * registration of one project is a conflict too, but deciding it again cannot succeed. So is a transaction
     * PostgreSQL ended to break a deadlock.
     */
    public static boolean isConflict(Throwable failure) {
        if (createdConcurrently(failure)) {
            return false;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException || cause instanceof SQLException sql
                    && (UNIQUE_VIOLATION.equals(sql.getSQLState())
                    || ABORTED_TO_BREAK_A_DEADLOCK.equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sends a command that creates its aggregate's stream when it is the first, as a period of an empty calendar
     * does. When another instance created that stream a moment before, the command is sent once more, now to the
     * stream that exists, where it is decided like any other. (A project's registration is not such a command: a
     * second one stays refused.)
     */
    public static <R> R sendCreatingItsStream(CommandGateway commands, Object command) {
        try {
            return commands.sendAndWait(command);
        } catch (RuntimeException e) {
            if (!createdConcurrently(e)) {
                throw e;
            }
            return commands.sendAndWait(command);
        }
    }

    /** The command would have created a stream (an aggregate's first event) that exists already. */
    public static boolean createdConcurrently(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof AggregateStreamCreationException
                    || String.valueOf(cause.getMessage()).startsWith("Cannot reuse aggregate identifier")) {
                return true;
            }
        }
        return false;
    }
}
