package com.msoledger.ledger.compliance;

import com.msoledger.projections.compliance.ComplianceFlagMetrics;
import org.springframework.stereotype.Component;

/**
 * Gives every FLAG rule of the rules file its series of the open-flags gauge from the start, so a rule
 * reports 0 before its first flag and dashboards and alerts see every rule.
 */
@Component
class ComplianceRuleMetrics {

    ComplianceRuleMetrics(ComplianceRules rules, ComplianceFlagMetrics metrics) {
        rules.all().stream().filter(rule -> rule.action() == RuleAction.FLAG).forEach(rule -> metrics.track(rule.id()));
    }
}
