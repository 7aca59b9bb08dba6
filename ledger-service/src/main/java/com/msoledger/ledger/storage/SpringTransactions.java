package com.msoledger.ledger.storage;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionDefinition;

/**
 * Axon's units of work on Spring's transactions. Like Axon's own {@code SpringTransactionManager} a unit
 * of work joins the caller's transaction when there is one (idempotency keys, batches) and commits only
 * a transaction it started; unlike it, a unit of work that rolls back inside the caller's transaction
 * marks that transaction rollback-only instead of leaving it committable. Whatever the failed command
 * wrote is then undone with the caller's transaction, or with the caller's savepoint (a batch item).
 * Together with a connection provider that never rolls back the JDBC connection behind Spring's back,
 * this keeps one owner of every transaction: Spring's transaction manager.
 */
final class SpringTransactions implements TransactionManager {

    private final PlatformTransactionManager transactions;
    private final TransactionDefinition definition = new DefaultTransactionDefinition();

    SpringTransactions(PlatformTransactionManager transactions) {
        this.transactions = transactions;
    }

    @Override
    public Transaction startTransaction() {
        TransactionStatus status = transactions.getTransaction(definition);
        return new Transaction() {
            @Override
            public void commit() {
                if (status.isNewTransaction() && !status.isCompleted()) {
                    transactions.commit(status);
                }
            }

            @Override
            public void rollback() {
                if (!status.isCompleted()) {
                    // a participating status: Spring marks the surrounding transaction rollback-only
                    transactions.rollback(status);
                }
            }
        };
    }
}
