package com.msoledger.ledger.it;

import com.msoledger.ledger.support.IntegrationTest;
import com.msoledger.projections.admin.ProjectionFailures;
import com.msoledger.projections.admin.ProjectionStatus;
import com.msoledger.projections.compliance.ComplianceFlagMetrics;
import com.msoledger.projections.support.Freshness;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The gauges of projection lag and open compliance flags answer a scrape from what their background
 * refresh last read: a scrape neither fails nor waits when the database is down or hangs, and the
 * last values stay. Built here over a database connection the test can cut or stall.
 */
class GaugesWithoutTheDatabaseTest extends IntegrationTest {

    @Autowired
    DataSource dataSource;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    Freshness freshness;
    @Autowired
    ProjectionFailures failures;
    @Autowired
    Clock clock;

    /** The real database, until it is cut (every connection refused) or stalled (every connection hangs). */
    static final class FlakyDatabase extends DelegatingDataSource {

        volatile boolean down;
        volatile CountDownLatch stalled;

        FlakyDatabase(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            CountDownLatch stall = stalled;
            if (stall != null) {
                try {
                    stall.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (down) {
                throw new SQLTransientConnectionException("connection refused (the test cut the database)");
            }
            return super.getConnection();
        }
    }

    @Test
    void theLagGaugesKeepTheirLastValuesAndAnswerAtOnceWhenTheDatabaseFailsOrHangs() throws Exception {
        String agreement = establishWorkedExample();
        FlakyDatabase database = new FlakyDatabase(dataSource);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ProjectionStatus status = new ProjectionStatus(processing, freshness, failures, JdbcClient.create(database), clock);
        status.bindTo(registry);
        // the journal held for a moment, so that it lags behind an entry and the gauge has something to show
        StreamingEventProcessor journal = processing.eventProcessor("journal", StreamingEventProcessor.class).orElseThrow();
        long recorded;
        double lag;
        journal.shutdownAsync().get(30, TimeUnit.SECONDS);
        try {
            recorded = require(api.post("/api/v1/agreements/" + agreement + "/payments", """
                    {"paymentId":"p1","direction":"PRACTICE_TO_MSO","amount":"10.00","effectiveDate":"{P-1:20}"}"""), 201)
                    .position();
            status.refresh();
            lag = registry.get("ledger.projection.lag.events").tag("processor", "journal").gauge().value();
            assertThat(lag).isPositive();
        } finally {
            journal.start();
        }
        require(api.get("/api/v1/agreements/" + agreement + "/balances?minPosition=" + recorded), 200);

        // caught up by now, but the database is cut: the gauge keeps what it last read, and the refresh says so once
        database.down = true;
        assertThatCode(status::refresh).doesNotThrowAnyException();
        assertThat(registry.get("ledger.projection.lag.events").tag("processor", "journal").gauge().value()).isEqualTo(lag);
        assertThat(registry.get("ledger.projection.halted").tag("processor", "journal").gauge().value()).isZero();

        database.down = false;
        database.stalled = new CountDownLatch(1);
        CompletableFuture<Void> hanging = CompletableFuture.runAsync(status::refresh);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
                registry.get("ledger.projection.lag.events").tag("processor", "journal").gauge().value();
                registry.get("ledger.projection.lag.seconds").tag("processor", "journal").gauge().value();
                registry.get("ledger.projection.halted").tag("processor", "journal").gauge().value();
            });
            assertThat(hanging).isNotDone();
        } finally {
            database.stalled.countDown();
            hanging.get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void theOpenFlagsGaugeKeepsItsLastValuesAndAnswersAtOnceWhenTheDatabaseFailsOrHangs() throws Exception {
        // two October billing fees of 12000.00 project to 288000.00 a year, above the FMV range: one flag
        String agreement = establishWorkedExample();
        String billing = """
                {"chargeId":"%s","serviceCode":"BILLING","period":"{P-1}","effectiveDate":"{P-1:end}",
                 "basis":{"collections":"200000.00"}}""";
        require(api.post("/api/v1/agreements/" + agreement + "/fee-charges", billing.formatted("oct-billing")), 201);
        long raised = require(api.post("/api/v1/agreements/" + agreement + "/fee-charges", billing.formatted("oct-billing-2")), 201)
                .position();
        assertThat(require(api.get("/api/v1/agreements/" + agreement + "?minPosition=" + raised), 200).json().get("openFlags"))
                .isNotEmpty();
        FlakyDatabase database = new FlakyDatabase(dataSource);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ComplianceFlagMetrics metrics = new ComplianceFlagMetrics(registry, JdbcClient.create(database));
        metrics.track("a-rule-without-flags");
        metrics.refresh();
        long open = JdbcClient.create(dataSource)
                .sql("select count(*) from compliance_flag_view where rule_id = 'fmv-range' and status = 'OPEN'")
                .query(Long.class).single();
        assertThat(open).isPositive();
        // a refresh gives every rule with a projected flag its series, counted in the database
        assertThat(registry.get(ComplianceFlagMetrics.GAUGE).tag("rule", "fmv-range").gauge().value()).isEqualTo(open);
        assertThat(registry.get(ComplianceFlagMetrics.GAUGE).tag("rule", "a-rule-without-flags").gauge().value()).isZero();

        database.down = true;
        assertThatCode(metrics::refresh).doesNotThrowAnyException();
        assertThat(registry.get(ComplianceFlagMetrics.GAUGE).tag("rule", "fmv-range").gauge().value()).isEqualTo(open);

        database.down = false;
        database.stalled = new CountDownLatch(1);
        CompletableFuture<Void> hanging = CompletableFuture.runAsync(metrics::refresh);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(1), () ->
                    registry.get(ComplianceFlagMetrics.GAUGE).tag("rule", "fmv-range").gauge().value());
            assertThat(hanging).isNotDone();
        } finally {
            database.stalled.countDown();
            hanging.get(30, TimeUnit.SECONDS);
        }
    }
}
