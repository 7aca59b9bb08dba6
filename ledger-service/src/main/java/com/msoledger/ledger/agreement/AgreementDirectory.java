package com.msoledger.ledger.agreement;

import com.msoledger.api.ids.AgreementId;

import java.util.Optional;

/**
 * What the HTTP side needs to know of an agreement before it sends a command: that it exists, its
 * currency (amounts in a request are parsed in it) and its parties (practice readers are fenced by
 * them), without loading the aggregate. The registry implements it.
 */
public interface AgreementDirectory {

    /** What the command side knows of an agreement without loading it. */
    record RegisteredAgreement(AgreementId agreementId, String currency, String msoId, String practiceId) {
    }

    /**
     * The agreement named in a request path.
     *
     * @throws com.msoledger.ledger.common.RuleViolation not found (404) for a malformed or unknown id, alike
     */
    RegisteredAgreement require(String agreementId);

    Optional<RegisteredAgreement> find(AgreementId agreementId);
}
