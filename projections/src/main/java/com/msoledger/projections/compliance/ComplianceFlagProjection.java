package com.msoledger.projections.compliance;

import com.msoledger.api.compliance.ComplianceFlagCleared;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.projections.support.ProjectionJson;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import com.msoledger.projections.support.TableProjection;
import com.msoledger.projections.support.Tables;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/**
 * Builds {@code compliance_flag_view}. Part of the agreements processor, so an agreement's flags are
 * projected in order with the agreement itself (its state is read from {@code agreement_view}).
 */
@Component
@ProcessingGroup(ComplianceFlagProjection.PROCESSOR)
class ComplianceFlagProjection extends TableProjection {

    /** The agreement read model's processor: flags are part of that read model. */
    static final String PROCESSOR = "agreements";

    private final ComplianceFlagMetrics metrics;

    /** The live projection. */
    @Autowired
    ComplianceFlagProjection(JdbcClient jdbc, ComplianceFlagMetrics metrics) {
        this(jdbc, metrics, Tables.LIVE);
    }

    private ComplianceFlagProjection(JdbcClient jdbc, ComplianceFlagMetrics metrics, Tables tables) {
        super(PROCESSOR, java.util.List.of("compliance_flag_view"), jdbc, tables);
        this.metrics = metrics;
    }

    @Override
    public ComplianceFlagProjection writingTo(Tables tables) {
        return new ComplianceFlagProjection(jdbc, metrics, tables);
    }

    @EventHandler
    void on(ComplianceFlagRaised event, EventMessage<?> message) {
        // the event's own global index, not the batch token a tracking processor hands its handlers
        jdbc.sql("""
                        insert into %s (agreement_id, flag_id, raised_event_id, rule_id, citation, summary,
                            status, facts, raised_at, position)
                        values (?, ?, ?, ?, ?, ?, 'OPEN', cast(? as jsonb), ?,
                                (select global_index from domain_event_entry where event_identifier = ?))
                        on conflict do nothing""".formatted(tables.of("compliance_flag_view")))
                .params(event.agreementId().value(), event.flagId(), message.getIdentifier(), event.ruleId(),
                        event.citation() == null ? "" : event.citation(), event.summary() == null ? "" : event.summary(),
                        ProjectionJson.write(event.facts()), Timestamp.from(message.getTimestamp()),
                        message.getIdentifier())
                .update();
        metrics.track(event.ruleId());
        if (tables.live()) {
            metrics.flagsChanged();
        }
    }

    /** Clears the open raise of the flag, once: a redelivered clearing finds its event id already applied. */
    @EventHandler
    void on(ComplianceFlagCleared event, EventMessage<?> message) {
        jdbc.sql("""
                        update %1$s set status = 'CLEARED', cleared_event_id = :event, cleared_at = :at,
                            cleared_facts = cast(:facts as jsonb)
                        where agreement_id = :agreement and flag_id = :flag and status = 'OPEN'
                          and not exists (select 1 from %1$s
                                          where agreement_id = :agreement and cleared_event_id = :event)"""
                        .formatted(tables.of("compliance_flag_view")))
                .param("event", message.getIdentifier())
                .param("at", Timestamp.from(message.getTimestamp()))
                .param("facts", ProjectionJson.write(event.facts()))
                .param("agreement", event.agreementId().value())
                .param("flag", event.flagId())
                .update();
        if (tables.live()) {
            metrics.flagsChanged();
        }
    }
}
