package com.msoledger.ledger.common;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionSystemException;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseUnavailableTest {

    @Test
    void aServerThatIsGoingAwayOrUnreachableIsAnOutage() {
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException(new SQLException("terminating connection", "57P01")))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("I/O error", "08006"))).isTrue();
        assertThat(DatabaseUnavailable.causedBy(new DataAccessResourceFailureException("down"))).isTrue();
    }

    @Test
    void aRollbackThatFailsOnTheDroppedConnectionStillTellsTheOutageItHid() {
        // what Spring throws when the rollback after a dropped connection fails too (seen in the fault test)
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
                new SQLException("Connection is closed"));
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException("I/O error",
                new SQLException("An I/O error occurred while sending to the backend", "08006")));
        assertThat(DatabaseUnavailable.causedBy(rollbackFailed)).isTrue();
        // a savepoint that cannot be rolled back on a connection the pool already evicted
        assertThat(DatabaseUnavailable.causedBy(new TransactionSystemException("Could not roll back to JDBC savepoint",
                new SQLException("Connection is closed")))).isTrue();
    }

    @Test
    void aBrokenRuleOrABugIsNotAnOutage() {
        assertThat(DatabaseUnavailable.causedBy(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value", "23505")))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new IllegalStateException("bug"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(new SQLException("syntax error", "42601"))).isFalse();
        assertThat(DatabaseUnavailable.causedBy(null)).isFalse();
    }
}
