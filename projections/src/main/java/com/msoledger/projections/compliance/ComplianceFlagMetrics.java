package com.msoledger.projections.compliance;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Prometheus gauge {@code ledger_compliance_flags_open{rule=…}}: open flags per rule, from the read
 * model. A rule gets its series once it is known — from the rules file at start-up (so a rule with no
 * flags reports 0 and can be alerted on), from flags already projected, or from the first flag raised.
 */
@Component
public class ComplianceFlagMetrics {

    public static final String GAUGE = "ledger.compliance.flags.open";

    private final MeterRegistry registry;
    private final JdbcClient jdbc;
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();

    ComplianceFlagMetrics(MeterRegistry registry, JdbcClient jdbc) {
        this.registry = registry;
        this.jdbc = jdbc;
    }

    /** Makes sure the gauge has a series for this rule. */
    public void track(String ruleId) {
        if (tracked.add(ruleId)) {
            Gauge.builder(GAUGE, this, metrics -> metrics.openFlags(ruleId))
                    .tag("rule", ruleId)
                    .description("compliance flags raised and not cleared, by rule")
                    .register(registry);
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void trackProjectedRules() {
        jdbc.sql("select distinct rule_id from compliance_flag_view").query(String.class).list().forEach(this::track);
    }

    private double openFlags(String ruleId) {
        Long count = jdbc.sql("select count(*) from compliance_flag_view where rule_id = ? and status = 'OPEN'")
                .param(ruleId).query(Long.class).single();
        return count == null ? 0 : count;
    }
}
