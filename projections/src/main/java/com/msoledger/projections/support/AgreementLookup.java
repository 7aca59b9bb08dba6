package com.msoledger.projections.support;

import com.msoledger.api.ids.Identifiers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** Resolves the agreement a read is about, as known at the read's {@code knownAt}. */
@Component
public class AgreementLookup {

    private final JdbcClient jdbc;

    AgreementLookup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An agreement's identity and currency. */
    public record Agreement(String agreementId, String practiceId, String currency, Instant establishedAt) {
    }

    /**
     * @throws NotFound when there is no such agreement, or there was none yet at {@code knownAt}
     */
    public Agreement resolve(String agreementId, Instant knownAt) {
        if (!Identifiers.isValid(agreementId)) {
            throw new NotFound("no agreement " + agreementId);
        }
        Agreement agreement = jdbc.sql("select agreement_id, practice_id, currency, established_at from agreement_view where agreement_id = ?")
                .param(agreementId)
                .query((rs, n) -> new Agreement(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
                .optional()
                .orElseThrow(() -> new NotFound("no agreement " + agreementId));
        if (knownAt.isBefore(agreement.establishedAt())) {
            throw new NotFound("agreement " + agreementId + " was not yet established at " + knownAt);
        }
        return agreement;
    }
}
