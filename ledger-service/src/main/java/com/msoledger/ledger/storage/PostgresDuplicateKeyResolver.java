package com.msoledger.ledger.storage;

import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.springframework.stereotype.Component;

import java.sql.SQLException;

/**
 * Recognises PostgreSQL's unique-violation (SQLSTATE 23505) anywhere in an exception's chain,
 * including the "next exception" of a failed JDBC batch. Axon's generic resolver only looks for
 * {@code SQLIntegrityConstraintViolationException}, which the PostgreSQL driver never throws; without
 * this, a reused id or a lost race would surface as a 500 instead of a 409 or a retry.
 */
@Component
class PostgresDuplicateKeyResolver implements PersistenceExceptionResolver {

    private static final String UNIQUE_VIOLATION = "23505";

    @Override
    public boolean isDuplicateKeyViolation(Exception exception) {
        return isUniqueViolation(exception, 0);
    }

    private static boolean isUniqueViolation(Throwable failure, int depth) {
        if (failure == null || depth > 20) {
            return false;
        }
        if (failure instanceof SQLException sql) {
            if (UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
            if (sql.getNextException() != null && isUniqueViolation(sql.getNextException(), depth + 1)) {
                return true;
            }
        }
        return isUniqueViolation(failure.getCause(), depth + 1);
    }
}
