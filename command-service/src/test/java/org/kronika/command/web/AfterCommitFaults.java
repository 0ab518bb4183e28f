package org.kronika.command.web;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.kronika.command.project.ActorMetaData;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a test interfere with one command, chosen by its correlation id, around the commit of its PostgreSQL
 * transaction: the window in which the events are stored but the client has no answer yet. A service that dies
 * there, or whose answer is lost, looks to its client exactly like one that never recorded anything.
 */
@TestConfiguration(proxyBeanMethods = false)
public class AfterCommitFaults {

    private final Map<String, TransactionSynchronization> armed = new ConcurrentHashMap<>();
    private final java.util.Set<String> errorMarkers = ConcurrentHashMap.newKeySet();

    AfterCommitFaults(CommandBus commandBus) {
        commandBus.registerHandlerInterceptor(interceptor());
    }

    /** The command's transaction commits, then its request fails as if the answer were lost on the way. */
    public void failAfterCommit(String correlationId) {
        armed.put(correlationId, new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                throw new IllegalStateException("AfterCommitFaults: the answer was lost after the commit");
            }
        });
    }

    /** The command's request stops right after its commit (a process that hangs or dies there), until released. */
    public Hang hangAfterCommit(String correlationId) {
        Hang hang = new Hang();
        armed.put(correlationId, new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                hang.holdHere();
            }
        });
        return hang;
    }

    /** The command's transaction fails just before its commit, after its events and all else were written in it. */
    public void failBeforeCommit(String correlationId) {
        armed.put(correlationId, new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                throw new IllegalStateException("AfterCommitFaults: the transaction failed before its commit");
            }
        });
    }

    /** The command's request stops inside its transaction, just before the commit, until released. */
    public Hang hangBeforeCommit(String correlationId) {
        Hang hang = new Hang();
        armed.put(correlationId, new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                hang.holdHere();
            }
        });
        return hang;
    }

    /** A command whose data says {@code marker} fails in its handling with an Error (out of memory, say). */
    public void errorFor(String marker) {
        errorMarkers.add(marker);
    }

    public void noErrors() {
        errorMarkers.clear();
    }

    /** What {@link #errorFor} throws: an Error, as the JVM's own, not an exception. */
    public static final class InjectedError extends Error {
        InjectedError(String message) {
            super(message);
        }
    }

    private MessageHandlerInterceptor<CommandMessage<?>> interceptor() {
        return (unitOfWork, chain) -> {
            String payload = String.valueOf(unitOfWork.getMessage().getPayload());
            for (String marker : errorMarkers) {
                if (payload.contains(marker)) {
                    throw new InjectedError("AfterCommitFaults: an Error while handling '" + marker + "'");
                }
            }
            Object correlationId = unitOfWork.getMessage().getMetaData().get(ActorMetaData.CORRELATION_ID);
            TransactionSynchronization fault = correlationId == null ? null : armed.remove(correlationId.toString());
            if (fault != null) {
                TransactionSynchronizationManager.registerSynchronization(fault);
            }
            return chain.proceed();
        };
    }

    public static final class Hang {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        public void holdHere() {
            reached.countDown();
            try {
                released.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        public void awaitReached(Duration timeout) throws InterruptedException {
            if (!reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("Nothing reached the hold");
            }
        }

        public void release() {
            released.countDown();
        }
    }
}
