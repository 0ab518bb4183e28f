package org.kronika.command.web;

import org.axonframework.commandhandling.CommandBus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.kronika.command.project.api.CommandResult;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The {@code Idempotency-Key} of a command, kept in the command's own PostgreSQL transaction, the one that stores
 * its events: the key's row commits exactly when the events do. A retry finds the row and gets the handler's
 * first answer without the handler running again, or finds none and runs, whatever became of the first request
 * (an answer lost after the commit, a process killed, a request that took minutes).
 *
 * <p>While a request holds its key, a transaction-scoped lock keeps a concurrent retry out ({@code 409}, retry
 * shortly); a process that dies releases it with its connection, so no key is ever left blocked.
 */
@Component
public class IdempotentCommands {

    static final String KEY = "idempotencyKey";
    static final String FINGERPRINT = "idempotencyFingerprint";

    private final JdbcTemplate jdbc;

    public IdempotentCommands(CommandBus commandBus, JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        commandBus.registerDispatchInterceptor(messages -> (index, command) -> withKey(command));
        // Registered here rather than as an interceptor bean, which Axon would register a second time.
        commandBus.registerHandlerInterceptor(this::handle);
    }

    private static CommandMessage<?> withKey(CommandMessage<?> command) {
        return IdempotencyKeys.current()
                .<CommandMessage<?>>map(keyed -> command.andMetaData(
                        MetaData.with(KEY, keyed.key()).and(FINGERPRINT, keyed.fingerprint())))
                .orElse(command);
    }

    /** Runs inside the unit of work's transaction, which the command bus starts before any interceptor. */
    private Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        MetaData metaData = unitOfWork.getMessage().getMetaData();
        if (!(metaData.get(KEY) instanceof String key) || !(metaData.get(FINGERPRINT) instanceof String fingerprint)) {
            return chain.proceed();
        }
        Boolean ours = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(hashtextextended(?, 0))", Boolean.class, key);
        if (!Boolean.TRUE.equals(ours)) {
            throw new RequestInProgress();
        }
        GroupCommit.keyTaken(unitOfWork);
        List<Answer> answered = jdbc.query("SELECT fingerprint, result_id, result_version FROM idempotency_keys "
                        + "WHERE idempotency_key = ?",
                (rs, n) -> new Answer(rs.getString(1), rs.getString(2), (Long) rs.getObject(3)), key);
        if (!answered.isEmpty()) {
            Answer first = answered.get(0);
            if (!first.fingerprint().equals(fingerprint)) {
                throw new KeyReused();
            }
            IdempotencyKeys.markReplayed();
            return first.result();
        }
        Object result = chain.proceed();
        Answer answer = Answer.of(fingerprint, result);
        jdbc.update("INSERT INTO idempotency_keys (idempotency_key, fingerprint, result_id, result_version) "
                + "VALUES (?, ?, ?, ?)", key, answer.fingerprint(), answer.resultId(), answer.resultVersion());
        return result;
    }

    /**
     * What a handler answered: a {@link CommandResult}, or the bare project id of a registration (a creating
     * handler answers its aggregate's id), kept without a version.
     */
    private record Answer(String fingerprint, String resultId, Long resultVersion) {

        static Answer of(String fingerprint, Object result) {
            if (result instanceof CommandResult commandResult) {
                return new Answer(fingerprint, commandResult.id(), commandResult.version());
            }
            return new Answer(fingerprint, String.valueOf(result), null);
        }

        Object result() {
            return resultVersion == null ? resultId : new CommandResult(resultId, resultVersion);
        }
    }

    static class RequestInProgress extends RuntimeException {
        RequestInProgress() {
            super("A request with this Idempotency-Key is being processed; retry shortly");
        }
    }

    static class KeyReused extends RuntimeException {
        KeyReused() {
            super("This Idempotency-Key was used for a different request");
        }
    }
}
