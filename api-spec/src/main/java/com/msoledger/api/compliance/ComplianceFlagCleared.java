package com.msoledger.api.compliance;

import com.msoledger.api.ids.AgreementId;

import java.util.Map;
import java.util.Objects;

/**
 * A flagged risk no longer holds: the check that raised it found the agreement back inside the rule
 * (an FMV total back within its range, amended terms without the percentage fee, an FMV opinion put on
 * file). The event's timestamp is when the ledger knew. The raise stays in the stream: history is
 * kept, never rewritten.
 *
 * <p>Guarantees: a flag with this {@code flagId} was open on the agreement (raised and not cleared
 * since); recorded in the same unit of work as the event that triggered the check.
 *
 * @param ruleId the rule that raised the flag
 * @param facts  the figures and dates that show it no longer holds, sorted by key
 */
public record ComplianceFlagCleared(AgreementId agreementId, String flagId, String ruleId, Map<String, String> facts) {

    public ComplianceFlagCleared {
        Objects.requireNonNull(agreementId, "agreementId");
        Objects.requireNonNull(flagId, "flagId");
        Objects.requireNonNull(ruleId, "ruleId");
        facts = Facts.sorted(facts);
    }
}
