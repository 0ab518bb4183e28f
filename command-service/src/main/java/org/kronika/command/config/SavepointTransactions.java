package org.kronika.command.config;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Work that may fail without spoiling the transaction it runs in: inside one, a savepoint, rolled back to on
 * failure; outside any, a transaction of its own. A project's snapshot is taken after its command's unit of work
 * commits, which inside a group of commands (web.GroupCommit) is still in the group's transaction: with Axon's
 * SpringTransactionManager it would join it, and a failed snapshot (its row taken by another instance) would leave
 * PostgreSQL's transaction aborted, and every command of the group failed, for a snapshot nobody asked for.
 * (Axon's SpringTransactionManager completes only the transactions it began, so it cannot roll back a savepoint.)
 */
final class SavepointTransactions implements TransactionManager {

    private static final TransactionDefinition NESTED =
            new DefaultTransactionDefinition(TransactionDefinition.PROPAGATION_NESTED);

    private final PlatformTransactionManager transactions;

    SavepointTransactions(PlatformTransactionManager transactions) {
        this.transactions = transactions;
    }

    @Override
    public Transaction startTransaction() {
        TransactionStatus status = transactions.getTransaction(NESTED);
        return new Transaction() {
            @Override
            public void commit() {
                if (!status.isCompleted()) {
                    transactions.commit(status);
                }
            }

            @Override
            public void rollback() {
                if (!status.isCompleted()) {
                    transactions.rollback(status);
                }
            }
        };
    }
}
