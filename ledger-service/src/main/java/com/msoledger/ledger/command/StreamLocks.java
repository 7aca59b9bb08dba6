package com.msoledger.ledger.command;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets writers of the same agreement in this instance take turns for their whole transaction, not just
 * for their unit of work. Without it, a second command on a busy agreement loads the committed state,
 * appends, waits on the first transaction's row lock, fails on the unique (stream, sequence) constraint
 * and retries after a pause, holding a database connection all along. With it, it waits for the
 * first transaction to end and then finds the agreement, current, in the cache. Correctness does not
 * depend on it (the constraint still decides, across instances too); a lock not had within a few
 * seconds is not waited for. Locks are striped by stream id and taken in stripe order, so a batch
 * locking many agreements cannot deadlock with another.
 */
final class StreamLocks {

    private static final int STRIPES = 1024;
    private static final long WAIT_SECONDS = 5;

    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    StreamLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    /**
     * Locks the streams until the current transaction completes (until {@code release} runs when no
     * transaction synchronization is active).
     *
     * @return what to run to release them when there is no transaction; a no-op otherwise
     */
    Runnable lockUntilCompletion(Collection<String> streamIds) {
        int[] stripes = streamIds.stream().mapToInt(StreamLocks::stripe).distinct().sorted().toArray();
        int locked = 0;
        try {
            for (int stripe : stripes) {
                if (!locks[stripe].tryLock(WAIT_SECONDS, TimeUnit.SECONDS)) {
                    break; // go on without: the unique constraint still settles any conflict
                }
                locked++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int count = locked;
        Runnable release = () -> {
            for (int i = count - 1; i >= 0; i--) {
                locks[stripes[i]].unlock();
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    release.run();
                }
            });
            return () -> {
            };
        }
        return release;
    }

    private static int stripe(String streamId) {
        return Math.floorMod(streamId.hashCode(), STRIPES);
    }
}
