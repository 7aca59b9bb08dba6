package com.msoledger.ledger.storage;

import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.common.caching.WeakReferenceCache;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Keeps loaded aggregates between commands so a command does not replay the agreement's events
 * (the largest cost of a command before it), and never shows anyone state that is not committed.
 * Axon's caching repository puts an aggregate into its cache when its unit of work commits; here the
 * unit of work usually runs inside a longer Spring transaction (idempotency keys, batches) that may
 * still roll back, and the cached object is the live aggregate that the next command mutates. So:
 * <ul>
 *   <li>a command takes the aggregate <em>out</em> of the shared cache (nobody else can see it while
 *   it changes: a concurrent command loads the committed state from the event store instead, and the
 *   unique (stream, sequence) constraint decides who wins, as without a cache);</li>
 *   <li>what a transaction saves stays private to that transaction and enters the shared cache only
 *   after the transaction commits; a rollback throws it away;</li>
 *   <li>{@link #discardPending()} throws it away when a caller rolls back to a savepoint.</li>
 * </ul>
 * A stale entry (another instance wrote since) makes the next append fail on the unique constraint;
 * Axon then removes the entry and the retry loads from the event store.
 */
public final class AggregateCache implements Cache {

    private final Cache shared = new WeakReferenceCache();

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Map<Object, Object> pending = pending(false);
        if (pending != null && pending.containsKey(key)) {
            return (V) pending.get(key);
        }
        V value = shared.get(key);
        if (value != null && pending != null) {
            shared.remove(key); // checked out: this transaction may change it
        }
        return value;
    }

    @Override
    public void put(Object key, Object value) {
        Map<Object, Object> pending = pending(true);
        if (pending != null) {
            pending.put(key, value);
        } else {
            shared.put(key, value);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        if (containsKey(key)) {
            return false;
        }
        put(key, value);
        return true;
    }

    @Override
    public boolean remove(Object key) {
        Map<Object, Object> pending = pending(false);
        boolean removed = pending != null && pending.remove(key) != null;
        return shared.remove(key) || removed;
    }

    @Override
    public void removeAll() {
        discardPending();
        shared.removeAll();
    }

    @Override
    public boolean containsKey(Object key) {
        Map<Object, Object> pending = pending(false);
        return pending != null && pending.containsKey(key) || shared.containsKey(key);
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        return shared.registerCacheEntryListener(cacheEntryListener);
    }

    /** Forgets what the current transaction saved so far: its caller rolled back (to a savepoint). */
    public void discardPending() {
        Map<Object, Object> pending = pending(false);
        if (pending != null) {
            pending.clear();
        }
    }

    /** The current transaction's private entries; null outside a transaction (then the cache is plain). */
    @SuppressWarnings("unchecked")
    private Map<Object, Object> pending(boolean create) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return null;
        }
        Map<Object, Object> pending = (Map<Object, Object>) TransactionSynchronizationManager.getResource(this);
        if (pending == null && create) {
            Map<Object, Object> fresh = new HashMap<>();
            TransactionSynchronizationManager.bindResource(this, fresh);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(AggregateCache.this);
                    if (status == STATUS_COMMITTED) {
                        fresh.forEach(shared::put);
                    }
                }
            });
            return fresh;
        }
        return pending == null ? new HashMap<>() : pending; // in a transaction that saved nothing yet
    }
}
