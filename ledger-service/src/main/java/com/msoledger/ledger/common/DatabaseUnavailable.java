package com.msoledger.ledger.common;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Tells a failure caused by the database being unreachable or going away (a restart, a failover, a
 * connection that could not be had in time) from every other failure: those are answered 503 with
 * {@code Retry-After}, because the same request will work once the database is back, while anything
 * else stays a 500 that someone must look at.
 */
public final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    /**
     * Whether {@code failure}, or anything that caused it, says the database cannot be reached. A
     * failed rollback on a connection the server dropped hides the first failure: Spring keeps it as
     * the {@link TransactionSystemException}'s application exception, which is looked at too.
     */
    public static boolean causedBy(Throwable failure) {
        return causedBy(failure, new IdentityHashMap<>());
    }

    private static boolean causedBy(Throwable failure, Map<Throwable, Boolean> seen) {
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            if (t instanceof CannotCreateTransactionException || t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException sql && (unavailable(sql.getSQLState()) || closedConnection(sql))) {
                return true;
            }
            if (t instanceof TransactionSystemException system && system.getApplicationException() != null
                    && causedBy(system.getApplicationException(), seen)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pool's answer on a connection it already evicted because the server dropped it (HikariCP
     * throws it without an SQLSTATE): a rollback or savepoint release that cannot reach the database.
     */
    private static boolean closedConnection(SQLException sql) {
        return sql.getSQLState() == null && sql.getMessage() != null && sql.getMessage().contains("Connection is closed");
    }

    /**
     * SQLSTATE classes of an unreachable or restarting server: 08 connection exception, 57P01-57P03
     * admin/crash shutdown and cannot connect now, 53300 too many connections.
     */
    private static boolean unavailable(String state) {
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300"));
    }
}
