package com.msoledger.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;

/**
 * What every phase of one run shares: the settings, the one wall clock, the service's API, a connection
 * to its database, and the result document the phases fill in (in the order they run, which is the order
 * of the JSON). Elapsed times are measured with {@link System#nanoTime()}; the clock is only for dates and
 * times of day, so that all of a run's stamps come from one place.
 *
 * @param nonce part of every id the run creates (parties, agreements), so that they differ from an earlier run's
 */
record RunContext(Settings settings, Clock clock, Api api, Connection db, ObjectNode result, String nonce)
        implements AutoCloseable {

    /** Connects to the service and its database. */
    static RunContext open(Settings settings, Clock clock) throws SQLException {
        Api api = new Api(settings.baseUrl(), settings.secret(), clock);
        Connection db = DriverManager.getConnection(settings.jdbcUrl(), settings.dbUser(), settings.dbPassword());
        return new RunContext(settings, clock, api, db, Api.JSON.createObjectNode(),
                Long.toString(clock.millis() % 1_000_000_000L, 36));
    }

    Projections projections() {
        return new Projections(this);
    }

    void log(String format, Object... values) {
        System.out.printf(Locale.ROOT, "[bench %s] %s%n", clock.instant().toString().substring(11, 19),
                String.format(Locale.ROOT, format, values));
    }

    /** The single number a query answers (a count, an average, a size). */
    long count(String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A figure as the results carry it: two decimals, -1 for what could not be measured. */
    static double round(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return -1;
        }
        return Math.round(value * 100) / 100.0;
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }
}
