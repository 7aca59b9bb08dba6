package com.msoledger.projections.compliance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus gauge {@code ledger_compliance_flags_open{rule=…}}: open flags per rule, from the read
 * model. A rule gets its series once it is known — from the rules file at start-up (so a rule with no
 * flags reports 0 and can be alerted on), from flags already projected, or from the first flag raised.
 * <p>
 * A scrape never waits for the database: the gauge reads counts kept here, recounted in the background
 * every {@code ledger.projections.metrics-refresh-interval} and right after the live projection commits
 * a raised or cleared flag. When a recount fails the last counts stay.
 */
@Component
public class ComplianceFlagMetrics {

    public static final String GAUGE = "ledger.compliance.flags.open";

    private static final Logger log = LoggerFactory.getLogger(ComplianceFlagMetrics.class);

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    /** Open flags per tracked rule, as last counted. */
    private final Map<String, Long> open = new ConcurrentHashMap<>();
    private volatile boolean failing;

    public ComplianceFlagMetrics(MeterRegistry registry, JdbcClient jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
    }

    /** Makes sure the gauge has a series for this rule. */
    public void track(String ruleId) {
        if (open.putIfAbsent(ruleId, 0L) == null) {
            Gauge.builder(GAUGE, open, counts -> counts.getOrDefault(ruleId, 0L))
                    .tag("rule", ruleId)
                    .description("compliance flags raised and not cleared, by rule")
                    .register(registry);
        }
    }

    /** Counts the open flags of every rule again; on a database error the last counts stay. */
    @Scheduled(fixedDelayString = "${ledger.projections.metrics-refresh-interval:PT5S}")
    public void refresh() {
        Map<String, Long> counted = new HashMap<>();
        try {
            jdbc.sql("select rule_id, count(*) filter (where status = 'OPEN') from compliance_flag_view group by rule_id")
                    .query(rs -> {
                        counted.put(rs.getString(1), rs.getLong(2));
                    });
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("counting open compliance flags failed; the gauge keeps its last values until a count succeeds: {}",
                        e.toString());
            }
            return;
        }
        if (failing) {
            failing = false;
            log.info("counting open compliance flags works again");
        }
        counted.keySet().forEach(this::track);
        open.replaceAll((rule, last) -> counted.getOrDefault(rule, 0L));
    }

    /**
     * The live projection raised or cleared a flag: counts again once that is committed (at once outside a
     * transaction), once per transaction however many flags it changed.
     */
    void flagsChanged() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            refresh();
            return;
        }
        if (TransactionSynchronizationManager.hasResource(this)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(this, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(ComplianceFlagMetrics.this);
                if (status == STATUS_COMMITTED) {
                    refresh();
                }
            }
        });
    }
}
