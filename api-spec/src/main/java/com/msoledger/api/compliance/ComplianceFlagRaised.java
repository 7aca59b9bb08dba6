package com.msoledger.api.compliance;

import com.msoledger.api.ids.AgreementId;

import java.util.Map;
import java.util.Objects;

/**
 * An automated compliance check found a risk in an agreement and flagged it for counsel. The event's
 * timestamp (and its {@code recordedAt} metadata) is when the ledger knew of the risk. A flag is an
 * aid to review, not a legal finding.
 *
 * <p>Guarantees: recorded in the same unit of work as the event that triggered the check (the
 * establishment, amendment, termination, fee charge or reversal just before it in the stream);
 * {@code flagId} is deterministic for the rule and what it is about (e.g. {@code fmv-range:BILLING}),
 * and no flag with that id was open on the agreement when this one was raised, so a raise is never
 * repeated while the flag is open.
 *
 * @param flagId    the rule id, a colon, and the subject the rule looked at (a service code, or
 *                  {@code term} for the agreement's term)
 * @param ruleId    the id of the rule in the rules file in force when it was raised
 * @param citation  the source the rule cites, as written in the rules file
 * @param summary   one sentence saying what was found
 * @param facts     the figures and dates that triggered it (amounts as decimal strings), sorted by key
 */
public record ComplianceFlagRaised(AgreementId agreementId, String flagId, String ruleId, String citation,
                                   String summary, Map<String, String> facts) {

    public ComplianceFlagRaised {
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(flagId, "flagId");
        Objects.requireNonNull(ruleId, "ruleId");
        facts = Facts.sorted(facts);
    }
}
