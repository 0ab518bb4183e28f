package org.kronika.command.config;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandRetriesTest {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger attempts = new AtomicInteger();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aCommandThatLostTheRaceForTheProjectsNextSequenceIsDecidedAgain() {
        var gateway = CommandRetries.gateway(failingWith(new ConcurrencyException("sequence 7 taken"),
                new EventStoreException("append failed", new SQLException("duplicate key", "23505"))), executor);

        assertThat((String) gateway.sendAndWait("record")).isEqualTo("done");
        assertThat(attempts).hasValue(3);
    }

    /** A transaction PostgreSQL ended to break a deadlock stored nothing: it was answered 500, not decided again. */
    @Test
    void aCommandWhoseTransactionWasEndedToBreakADeadlockIsDecidedAgain() {
        var gateway = CommandRetries.gateway(failingWith(new EventStoreException("append failed",
                new SQLException("deadlock detected", "40P01"))), executor);

        assertThat((String) gateway.sendAndWait("record")).isEqualTo("done");
        assertThat(attempts).hasValue(2);
    }

    /**
     * A retry runs on the retry executor's thread. Without the request's context there, a retry that found its
     * Idempotency-Key answered by the client's other request gave that answer without Idempotent-Replayed, and
     * logged without the request's correlation id.
     */
    @Test
    void aRetryIsDecidedWithTheRequestsContextAndLeavesNoneBehindOnItsThread() throws Exception {
        ScheduledExecutorService retries = CommandRetries.retryExecutor();
        try {
            var request = new ServletRequestAttributes(new MockHttpServletRequest(), new MockHttpServletResponse());
            List<Object> seen = new CopyOnWriteArrayList<>();
            CommandBus bus = SimpleCommandBus.builder().build();
            bus.subscribe(String.class.getName(), command -> {
                seen.add(Thread.currentThread().getName() + " " + MDC.get("correlationId") + " "
                        + (RequestContextHolder.getRequestAttributes() == request));
                if (attempts.incrementAndGet() == 1) {
                    throw new ConcurrencyException("sequence 7 taken");
                }
                return "done";
            });
            RequestContextHolder.setRequestAttributes(request);
            MDC.put("correlationId", "c-1");
            try {
                assertThat((String) CommandRetries.gateway(bus, retries).sendAndWait("record")).isEqualTo("done");
            } finally {
                RequestContextHolder.resetRequestAttributes();
                MDC.clear();
            }

            assertThat(seen).containsExactly(Thread.currentThread().getName() + " c-1 true", "command-retries c-1 true");
            Callable<String> leftOnTheRetryThread = () -> MDC.get("correlationId") + " "
                    + RequestContextHolder.getRequestAttributes();
            assertThat(retries.submit(leftOnTheRetryThread).get(10, TimeUnit.SECONDS)).isEqualTo("null null");
        } finally {
            retries.shutdownNow();
        }
    }

    @Test
    void aRejectedCommandOrASecondRegistrationIsAnsweredAtOnce() {
        var rejected = CommandRetries.gateway(failingWith(new IllegalArgumentException("breaks a rule")), executor);
        assertThatThrownBy(() -> rejected.sendAndWait("record")).isInstanceOf(IllegalArgumentException.class);
        assertThat(attempts).hasValue(1);

        attempts.set(0);
        var registered = CommandRetries.gateway(failingWith(new AggregateStreamCreationException("exists")), executor);
        assertThatThrownBy(() -> registered.sendAndWait("register")).isInstanceOf(AggregateStreamCreationException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aConflictThatLastsIsGivenUpAfterTheRetries() {
        var gateway = CommandRetries.gateway(failingWith(new ConcurrencyException("1"), new ConcurrencyException("2"),
                new ConcurrencyException("3"), new ConcurrencyException("4"), new ConcurrencyException("5"),
                new ConcurrencyException("6")), executor);

        assertThatThrownBy(() -> gateway.sendAndWait("record")).isInstanceOf(ConcurrencyException.class);
        assertThat(attempts).hasValue(CommandRetries.RETRIES + 1);
    }

    /**
     * Two instances starting on an empty store both define the programme file's first period, and both create the
     * calendar's stream: the one that loses sends its command again to the calendar that now exists, instead of
     * failing to start. There the period is either still missing (defined now) or defined by the other (skipped).
     */
    @Test
    void aCalendarPeriodWhoseStreamAnotherInstanceCreatedFirstIsDefinedAgainstTheStreamThatExists() {
        var gateway = CommandRetries.gateway(failingWith(new AggregateStreamCreationException("calendar exists")),
                executor);
        assertThat(CalendarConfig.define(gateway, GenericCommandMessage.asCommandMessage("define"))).isTrue();
        assertThat(attempts).hasValue(2);

        attempts.set(0);
        var definedByTheOther = CommandRetries.gateway(failingWith(new AggregateStreamCreationException("exists"),
                new org.kronika.command.project.AlreadyRecorded("periodId", "2024-Q1", "calendar")), executor);
        assertThat(CalendarConfig.define(definedByTheOther, GenericCommandMessage.asCommandMessage("define")))
                .isFalse();
        assertThat(attempts).hasValue(2);
    }

    /** A command bus whose handler fails with the next of these at each attempt, then succeeds. */
    private CommandBus failingWith(RuntimeException... failures) {
        Deque<RuntimeException> left = new ArrayDeque<>(List.of(failures));
        CommandBus bus = SimpleCommandBus.builder().build();
        bus.subscribe(String.class.getName(), command -> {
            attempts.incrementAndGet();
            RuntimeException failure = left.poll();
            if (failure != null) {
                throw failure;
            }
            return "done";
        });
        return bus;
    }
}
