package com.msoledger.ledger.agreement;

import com.msoledger.api.compliance.ComplianceFlagCleared;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.ledger.compliance.ComplianceRules;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The agreement's open compliance flags, and the one rule about them: a flag is raised when its
 * check finds the risk and it is not open, cleared when the risk is gone and it is open, never raised
 * twice. Flags are events, so auditors see when each was raised and cleared.
 */
final class Flags {

    /** Flag id → rule id, for the flags raised and not cleared. */
    private final Map<String, String> openFlags = new HashMap<>();

    Map<String, String> open() {
        return Collections.unmodifiableMap(openFlags);
    }

    /**
     * Records a flag for each finding whose flag changes state (within the command being handled).
     * The facts also name the version of the rules file that decided it.
     */
    void raiseOrClear(ComplianceRules rules, AgreementId id, List<ComplianceChecks.Finding> findings) {
        for (ComplianceChecks.Finding finding : findings) {
            String openRule = openFlags.get(finding.flagId());
            Map<String, String> facts = new HashMap<>(finding.facts());
            facts.put("rulesVersion", rules.version());
            if (finding.holds() && openRule == null) {
                apply(new ComplianceFlagRaised(id, finding.flagId(), finding.rule().id(), finding.rule().citation(),
                        finding.summary(), facts));
            } else if (!finding.holds() && openRule != null) {
                apply(new ComplianceFlagCleared(id, finding.flagId(), openRule, facts));
            }
        }
    }

    void raised(ComplianceFlagRaised event) {
        openFlags.put(event.flagId(), event.ruleId());
    }

    void cleared(ComplianceFlagCleared event) {
        openFlags.remove(event.flagId());
    }
}
