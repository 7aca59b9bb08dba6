package com.msoledger.projections.agreement;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.projections.support.ProjectionJson;
import com.msoledger.projections.support.TableProjection;
import com.msoledger.projections.support.Tables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.Timestamp;

/** Builds {@code agreement_view} and {@code agreement_terms_version}. */
@Component
@ProcessingGroup(AgreementProjection.PROCESSOR)
class AgreementProjection extends TableProjection {

    static final String PROCESSOR = "agreements";
    /** The tables this projection owns, rebuilt together by a replay. */
    static final java.util.List<String> TABLES = java.util.List.of("agreement_view", "agreement_terms_version");

    /** The live projection. */
    @Autowired
    AgreementProjection(JdbcClient jdbc) {
        this(jdbc, Tables.LIVE);
    }

    private AgreementProjection(JdbcClient jdbc, Tables tables) {
        super(PROCESSOR, TABLES, jdbc, tables);
    }

    @Override
    public AgreementProjection writingTo(Tables tables) {
        return new AgreementProjection(jdbc, tables);
    }

    @EventHandler
    void on(AgreementEstablished event, EventMessage<?> message) {
        Timestamp at = Timestamp.from(message.getTimestamp());
        jdbc.sql("""
                        insert into %s (agreement_id, mso_id, practice_id, currency, state, effective_from,
                            effective_to, status, fmv_opinion_reference, established_at, event_id)
                        values (?, ?, ?, ?, ?, ?, ?, 'ACTIVE', ?, ?, ?)
                        on conflict (agreement_id) do nothing""".formatted(tables.of("agreement_view")))
                .params(event.agreementId().value(), event.msoId().value(), event.practiceId().value(), event.currency(),
                        event.state(), Date.valueOf(event.effectiveFrom()),
                        event.effectiveTo() == null ? null : Date.valueOf(event.effectiveTo()),
                        event.fmvOpinionReference(), at, message.getIdentifier())
                .update();
        insertVersion(event.agreementId().value(), 1, null, event.effectiveFrom(), event.fmvOpinionReference(),
                ProjectionJson.write(event.terms()), at, message.getIdentifier());
    }

    @EventHandler
    void on(AgreementAmended event, EventMessage<?> message) {
        insertVersion(event.agreementId().value(), event.termsVersion(), event.amendmentId(), event.effectiveFrom(),
                event.fmvOpinionReference(), ProjectionJson.write(event.terms()), Timestamp.from(message.getTimestamp()),
                message.getIdentifier());
        if (event.fmvOpinionReference() != null) {
            jdbc.sql("update " + tables.of("agreement_view") + " set fmv_opinion_reference = ? where agreement_id = ?")
                    .params(event.fmvOpinionReference(), event.agreementId().value())
                    .update();
        }
    }

    @EventHandler
    void on(AgreementTerminated event) {
        jdbc.sql("""
                        update %s set status = 'TERMINATED', effective_to = ?, termination_reason = ?
                        where agreement_id = ?""".formatted(tables.of("agreement_view")))
                .params(Date.valueOf(event.effectiveTo()), event.reason(), event.agreementId().value())
                .update();
    }

    private void insertVersion(String agreementId, int version, String amendmentId, java.time.LocalDate from,
                               String fmvReference, String termsJson, Timestamp at, String eventId) {
        jdbc.sql("""
                        insert into %s (agreement_id, version, amendment_id, effective_from,
                            fmv_opinion_reference, terms, recorded_at, event_id)
                        values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
                        on conflict (agreement_id, version) do nothing""".formatted(tables.of("agreement_terms_version")))
                .params(agreementId, version, amendmentId, Date.valueOf(from), fmvReference, termsJson, at, eventId)
                .update();
    }
}
