package com.msoledger.ledger.registry;

import com.msoledger.ledger.agreement.AgreementDirectory;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.ids.Identifiers;
import com.msoledger.ledger.common.RuleViolation;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The command side's lookup of agreements: which exist, in which currency and between whom. Lets the
 * HTTP layer parse amounts in the agreement's currency and answer 404 before dispatching. Written
 * in the transaction that appends {@link AgreementEstablished} (subscribing processor).
 */
@Component
@ProcessingGroup(PartyRegistry.PROCESSING_GROUP)
class AgreementRegistry implements AgreementDirectory {

    private static final int MAX_REMEMBERED = 100_000;

    private final JdbcClient jdbc;
    private final Map<String, RegisteredAgreement> known = new ConcurrentHashMap<>();

    AgreementRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AgreementEstablished event) {
        jdbc.sql("""
                        insert into agreement_registry (agreement_id, currency, mso_id, practice_id)
                        values (?, ?, ?, ?) on conflict (agreement_id) do nothing""")
                .params(event.agreementId().value(), event.currency(), event.msoId().value(), event.practiceId().value())
                .update();
    }

    /**
     * The agreement, if established. What is found is remembered: a registry row never changes once
     * written, and every command on an agreement asks for it first. Only the HTTP layer reads this, never
     * inside the transaction that establishes the agreement, so what it finds is committed.
     */
    /**
     * The agreement named in a request path.
     *
     * @throws RuleViolation not found (404) for a malformed or unknown id, alike
     */
    @Override
    public RegisteredAgreement require(String agreementId) {
        if (!Identifiers.isValid(agreementId)) {
            throw RuleViolation.notFound("not-found", null, "no agreement " + agreementId);
        }
        return find(new AgreementId(agreementId))
                .orElseThrow(() -> RuleViolation.notFound("not-found", null, "no agreement " + agreementId));
    }

    @Override
    public Optional<RegisteredAgreement> find(AgreementId agreementId) {
        RegisteredAgreement cached = known.get(agreementId.value());
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<RegisteredAgreement> found = jdbc.sql("select currency, mso_id, practice_id from agreement_registry where agreement_id = ?")
                .param(agreementId.value())
                .query((rs, n) -> new RegisteredAgreement(agreementId, rs.getString(1), rs.getString(2), rs.getString(3)))
                .optional();
        found.ifPresent(agreement -> {
            if (known.size() >= MAX_REMEMBERED) {
                known.clear();
            }
            known.put(agreementId.value(), agreement);
        });
        return found;
    }
}
